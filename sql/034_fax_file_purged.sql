-- Issue 16 section 4: the retention job deletes received faxes and converted TIFFs older than
-- jobs.retention.faxesDays; the fax record stays (like call records) and says its file is gone.
ALTER TABLE fax_records
  ADD COLUMN file_purged_at DATETIME(3) NULL COMMENT 'the retention job deleted the file (the row keeps its path)' AFTER file,
  ADD KEY fax_records_file (file);
