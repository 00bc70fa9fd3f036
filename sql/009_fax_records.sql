-- C8/D1: fax records, as the sources' spfaxrecord table (传真记录表): caller, callee, file,
-- start time, direction (发送 send / 接受 receive), result, and the call GUID.
CREATE TABLE fax_records (
  id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  caller VARCHAR(30) NOT NULL,
  callee VARCHAR(30) NOT NULL,
  file VARCHAR(255) NOT NULL COMMENT 'the TIFF received or sent',
  started_at DATETIME(3) NOT NULL,
  direction ENUM('send','receive') NOT NULL,
  result VARCHAR(40) NOT NULL COMMENT 'SUCCESS, or the FAXERROR / FAXSTATUS text',
  pages INT NULL,
  call_guid CHAR(36) NOT NULL,
  UNIQUE KEY fax_records_guid (call_guid),
  KEY fax_records_started (started_at),
  KEY fax_records_caller (caller, started_at),
  KEY fax_records_callee (callee, started_at)
) ENGINE=InnoDB;
