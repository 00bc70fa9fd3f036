-- D5: scheduled jobs. Business hours switch the flow a DID rule points at; timers 1-9 are
-- user-defined periodic actions; retention marks recordings before deleting their files.

-- Named weekly schedules: one row per opening period (a day may have several, e.g. a lunch break).
CREATE TABLE business_hours (
  schedule VARCHAR(32) NOT NULL DEFAULT 'default',
  weekday TINYINT UNSIGNED NOT NULL COMMENT 'ISO: 1 Monday .. 7 Sunday',
  opens TIME NOT NULL,
  closes TIME NOT NULL COMMENT 'excluded; 24:00:00 = until midnight',
  PRIMARY KEY (schedule, weekday, opens),
  CONSTRAINT business_hours_weekday CHECK (weekday BETWEEN 1 AND 7),
  CONSTRAINT business_hours_period CHECK (opens < closes AND closes <= '24:00:00')
) ENGINE=InnoDB;

CREATE TABLE holidays (
  schedule VARCHAR(32) NOT NULL DEFAULT 'default',
  day DATE NOT NULL,
  name VARCHAR(64) NOT NULL DEFAULT '',
  PRIMARY KEY (schedule, day)
) ENGINE=InnoDB;

-- Which dial rule (route_type 'flow', e.g. the DID rule) follows which schedule, and the flow
-- for each mode. The business-hours job sets dial_rules.target; the dial_rules trigger bumps
-- config_version, so the live configuration reloads and new calls take the new flow.
CREATE TABLE business_hours_routes (
  dial_rule_id INT NOT NULL PRIMARY KEY,
  schedule VARCHAR(32) NOT NULL DEFAULT 'default',
  open_flow VARCHAR(32) NOT NULL,
  closed_flow VARCHAR(32) NOT NULL,
  holiday_flow VARCHAR(32) NULL COMMENT 'NULL: closed_flow on holidays',
  mode ENUM('open','closed','holiday') NULL COMMENT 'last mode applied by the job',
  switched_at DATETIME(3) NULL,
  FOREIGN KEY (dial_rule_id) REFERENCES dial_rules(id) ON DELETE CASCADE,
  FOREIGN KEY (open_flow) REFERENCES flows(name),
  FOREIGN KEY (closed_flow) REFERENCES flows(name),
  FOREIGN KEY (holiday_flow) REFERENCES flows(name)
) ENGINE=InnoDB;

-- The source's timers 1-9 (定时处理设置): each on/off with a period in ms (> 100).
-- action 'event': publish a CTI event timer.fired; action 'job': run the named job.
CREATE TABLE timers (
  id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  enabled TINYINT(1) NOT NULL DEFAULT 0,
  period_ms INT UNSIGNED NOT NULL DEFAULT 60000,
  action ENUM('event','job') NOT NULL DEFAULT 'event',
  job VARCHAR(32) NULL COMMENT 'for action job: daily-report, retention, business-hours',
  description VARCHAR(255) NOT NULL DEFAULT '',
  updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  CONSTRAINT timers_id CHECK (id BETWEEN 1 AND 9),
  CONSTRAINT timers_period CHECK (period_ms > 100),
  CONSTRAINT timers_job CHECK (action <> 'job' OR job IS NOT NULL)
) ENGINE=InnoDB;
INSERT INTO timers (id) VALUES (1), (2), (3), (4), (5), (6), (7), (8), (9);

-- Retention: a recording is marked first, then its file deleted, then the row; a run that was
-- interrupted finishes the marked ones first (docs/JOBS.md).
ALTER TABLE recordings ADD COLUMN purge_started_at DATETIME(3) NULL, ADD KEY recordings_purge (purge_started_at);
