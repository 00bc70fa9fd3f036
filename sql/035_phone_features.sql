-- Issue 20, PBX basics: call forwarding (unconditional, busy, no answer), do not disturb and call
-- waiting per SIP account. Set from the phone (feature codes *21..*42) and the API
-- (PUT /api/v1/accounts/<ext>/features); the app keeps them in memory and writes every change
-- here, so they outlive a restart. An account without a row has the defaults (no forwarding,
-- DND off, call waiting on). Not a config table: no config_version trigger (a phone's *21 is
-- not a reconfiguration of the site).
CREATE TABLE account_features (
  extension VARCHAR(32) NOT NULL PRIMARY KEY,
  dnd TINYINT(1) NOT NULL DEFAULT 0,
  call_waiting TINYINT(1) NOT NULL DEFAULT 1,
  forward_all VARCHAR(24) NULL COMMENT 'unconditional forward: extension, group number or outside number as the phone dials it',
  forward_busy VARCHAR(24) NULL COMMENT 'forward when busy or DND',
  forward_no_answer VARCHAR(24) NULL COMMENT 'forward when not answered within no_answer_sec',
  no_answer_sec INT NOT NULL DEFAULT 20,
  updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  CONSTRAINT account_features_numbers CHECK ((forward_all IS NULL OR forward_all REGEXP '^[0-9]+$')
    AND (forward_busy IS NULL OR forward_busy REGEXP '^[0-9]+$') AND (forward_no_answer IS NULL OR forward_no_answer REGEXP '^[0-9]+$')),
  CONSTRAINT account_features_no_answer_sec CHECK (no_answer_sec BETWEEN 5 AND 120),
  FOREIGN KEY (extension) REFERENCES sip_accounts(extension) ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE=InnoDB;
