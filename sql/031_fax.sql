-- C8: fax. Numbers that answer as a fax machine, and one record per fax sent or received
-- (the source's spfaxrecord table: caller, callee, file, time, direction, result).
CREATE TABLE fax_numbers (
  number VARCHAR(32) NOT NULL PRIMARY KEY COMMENT 'a DID (or extension) answered by the fax receiver',
  description VARCHAR(255) NOT NULL DEFAULT '',
  enabled TINYINT(1) NOT NULL DEFAULT 1,
  CONSTRAINT fax_numbers_number CHECK (number REGEXP '^[0-9+]+$')
) ENGINE=InnoDB;

CREATE TRIGGER fax_numbers_insert_bump AFTER INSERT ON fax_numbers FOR EACH ROW UPDATE config_version SET version = version + 1 WHERE name = 'config';
CREATE TRIGGER fax_numbers_update_bump AFTER UPDATE ON fax_numbers FOR EACH ROW UPDATE config_version SET version = version + 1 WHERE name = 'config';
CREATE TRIGGER fax_numbers_delete_bump AFTER DELETE ON fax_numbers FOR EACH ROW UPDATE config_version SET version = version + 1 WHERE name = 'config';

CREATE TABLE fax_records (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  guid CHAR(36) NOT NULL,
  direction ENUM('in','out') NOT NULL,
  caller VARCHAR(64) NOT NULL DEFAULT '',
  callee VARCHAR(64) NOT NULL DEFAULT '',
  agent VARCHAR(32) NULL COMMENT 'out: the agent it was sent for',
  file VARCHAR(255) NOT NULL COMMENT 'TIFF as Asterisk sees the path',
  started_at DATETIME(3) NOT NULL,
  ended_at DATETIME(3) NOT NULL,
  result ENUM('success','failed') NOT NULL,
  status VARCHAR(32) NOT NULL DEFAULT '' COMMENT 'FAXSTATUS',
  error VARCHAR(64) NOT NULL DEFAULT '' COMMENT 'FAXERROR',
  pages INT NOT NULL DEFAULT 0,
  remote_station VARCHAR(64) NOT NULL DEFAULT '',
  UNIQUE KEY fax_records_guid (guid),
  KEY fax_records_started (started_at),
  KEY fax_records_caller (caller),
  KEY fax_records_callee (callee)
) ENGINE=InnoDB;
