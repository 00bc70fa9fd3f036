-- Issue 21: wrap-up dispositions. The codes an agent picks after a call (the /agent page's
-- wrap-up form), and one disposition per call and agent (a transferred call may get one from
-- each agent who talked). Joined to call_records by guid; report "dispositions".
CREATE TABLE disposition_codes (
  code VARCHAR(32) NOT NULL PRIMARY KEY,
  label VARCHAR(64) NOT NULL,
  enabled TINYINT(1) NOT NULL DEFAULT 1,
  sort_order INT NOT NULL DEFAULT 0,
  CONSTRAINT disposition_codes_code CHECK (code REGEXP '^[a-z0-9_-]+$')
) ENGINE=InnoDB;

INSERT INTO disposition_codes (code, label, sort_order) VALUES
  ('resolved', 'Resolved', 10),
  ('sale', 'Sale', 20),
  ('callback', 'Call back later', 30),
  ('info', 'Information only', 40),
  ('complaint', 'Complaint', 50),
  ('wrong-number', 'Wrong number', 60);

CREATE TABLE call_dispositions (
  call_guid CHAR(36) NOT NULL,
  agent VARCHAR(32) NOT NULL,
  code VARCHAR(32) NOT NULL,
  note VARCHAR(500) NOT NULL DEFAULT '',
  at DATETIME(3) NOT NULL,
  PRIMARY KEY (call_guid, agent),
  KEY call_dispositions_at (at),
  KEY call_dispositions_agent (agent, at),
  FOREIGN KEY (code) REFERENCES disposition_codes(code)
) ENGINE=InnoDB;
