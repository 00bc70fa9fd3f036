-- C8: fax. Numbers answered by the fax receiver, and what the fax dialplan reports beyond the
-- fax_records columns of 009 (the sources' spfaxrecord table).
CREATE TABLE fax_numbers (
  number VARCHAR(32) NOT NULL PRIMARY KEY COMMENT 'a DID (or extension) answered by the fax receiver',
  description VARCHAR(255) NOT NULL DEFAULT '',
  enabled TINYINT(1) NOT NULL DEFAULT 1,
  CONSTRAINT fax_numbers_number CHECK (number REGEXP '^[0-9+]+$')
) ENGINE=InnoDB;

CREATE TRIGGER fax_numbers_insert_bump AFTER INSERT ON fax_numbers FOR EACH ROW UPDATE config_version SET version = version + 1 WHERE name = 'config';
CREATE TRIGGER fax_numbers_update_bump AFTER UPDATE ON fax_numbers FOR EACH ROW UPDATE config_version SET version = version + 1 WHERE name = 'config';
CREATE TRIGGER fax_numbers_delete_bump AFTER DELETE ON fax_numbers FOR EACH ROW UPDATE config_version SET version = version + 1 WHERE name = 'config';

ALTER TABLE fax_records
  ADD COLUMN agent VARCHAR(32) NULL COMMENT 'send: the agent it was sent for' AFTER callee,
  ADD COLUMN ended_at DATETIME(3) NULL AFTER started_at,
  ADD COLUMN status VARCHAR(32) NOT NULL DEFAULT '' COMMENT 'FAXSTATUS' AFTER result,
  ADD COLUMN error VARCHAR(64) NOT NULL DEFAULT '' COMMENT 'FAXERROR' AFTER status,
  ADD COLUMN remote_station VARCHAR(64) NOT NULL DEFAULT '' COMMENT 'REMOTESTATIONID' AFTER pages;
