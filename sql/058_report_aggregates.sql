-- Issue 18, reports at scale: per-interval aggregates of call_records, 15 minutes x group /
-- agent / trunk (and IVR flow x trunk), so a month's report reads a few thousand rows instead
-- of a month of calls. A 15-minute row holds the calls that STARTED in it (the reports' rule), as
-- sums, counts and maxima, never averages: every coarser interval (hour, day, the whole range)
-- is a sum of 15-minute rows and stays exact. Filled by the triggers of migration 059 as records
-- are written; rebuilt from the raw rows by sql/reports/aggregates/rebuild.sql (job
-- report-aggregates, API, CLI). Definitions: docs/REPORTS.md, "Aggregates".

-- queue-summary: inbound calls that entered a queue (queued_at set, a group), per group.
-- sl_N = answered with wait <= N s, for the service-level thresholds a report can use from here;
-- any other ?slSec= is computed from the raw rows.
CREATE TABLE report_queue_15m (
  interval_start DATETIME NOT NULL,
  group_name VARCHAR(32) NOT NULL,
  offered INT NOT NULL DEFAULT 0,
  answered INT NOT NULL DEFAULT 0,
  abandoned INT NOT NULL DEFAULT 0,
  abandon_wait_sum DECIMAL(18,3) NOT NULL DEFAULT 0,
  abandon_wait_max DECIMAL(8,3) NULL,
  answered_wait_sum DECIMAL(18,3) NOT NULL DEFAULT 0,
  answered_talk_sum DECIMAL(18,3) NOT NULL DEFAULT 0,
  wait_sum DECIMAL(18,3) NOT NULL DEFAULT 0,
  wait_max DECIMAL(8,3) NULL,
  transferred INT NOT NULL DEFAULT 0,
  sl_5 INT NOT NULL DEFAULT 0, sl_10 INT NOT NULL DEFAULT 0, sl_15 INT NOT NULL DEFAULT 0,
  sl_20 INT NOT NULL DEFAULT 0, sl_25 INT NOT NULL DEFAULT 0, sl_30 INT NOT NULL DEFAULT 0,
  sl_45 INT NOT NULL DEFAULT 0, sl_60 INT NOT NULL DEFAULT 0, sl_90 INT NOT NULL DEFAULT 0,
  sl_120 INT NOT NULL DEFAULT 0, sl_180 INT NOT NULL DEFAULT 0, sl_300 INT NOT NULL DEFAULT 0,
  PRIMARY KEY (interval_start, group_name),
  KEY report_queue_15m_group (group_name, interval_start)
) ENGINE=InnoDB;

-- agent-activity (its call columns): calls with an agent, per agent (extension).
CREATE TABLE report_agent_15m (
  interval_start DATETIME NOT NULL,
  agent VARCHAR(32) NOT NULL,
  inbound_answered INT NOT NULL DEFAULT 0,
  inbound_talk_sum DECIMAL(18,3) NOT NULL DEFAULT 0,
  outbound_calls INT NOT NULL DEFAULT 0,
  internal_answered INT NOT NULL DEFAULT 0,
  transferred INT NOT NULL DEFAULT 0,
  PRIMARY KEY (interval_start, agent),
  KEY report_agent_15m_agent (agent, interval_start)
) ENGINE=InnoDB;

-- trunk-usage: calls with a trunk, per trunk. duration_sum = sum of (end - start) in seconds.
CREATE TABLE report_trunk_15m (
  interval_start DATETIME NOT NULL,
  trunk VARCHAR(32) NOT NULL,
  calls INT NOT NULL DEFAULT 0,
  inbound INT NOT NULL DEFAULT 0,
  outbound INT NOT NULL DEFAULT 0,
  answered INT NOT NULL DEFAULT 0,
  outbound_failed INT NOT NULL DEFAULT 0,
  outbound_abandoned INT NOT NULL DEFAULT 0,
  duration_sum DECIMAL(20,4) NOT NULL DEFAULT 0,
  talk_sum DECIMAL(18,3) NOT NULL DEFAULT 0,
  PRIMARY KEY (interval_start, trunk),
  KEY report_trunk_15m_trunk (trunk, interval_start)
) ENGINE=InnoDB;

-- ivr-only: status 7 calls per flow and trunk. A key column cannot be NULL: a call without a
-- flow or trunk is stored with '' and the report gives NULL back.
CREATE TABLE report_ivr_15m (
  interval_start DATETIME NOT NULL,
  flow VARCHAR(32) NOT NULL,
  trunk VARCHAR(32) NOT NULL,
  calls INT NOT NULL DEFAULT 0,
  caller_hung_up INT NOT NULL DEFAULT 0,
  duration_sum DECIMAL(20,4) NOT NULL DEFAULT 0,
  duration_max DECIMAL(20,4) NULL,
  PRIMARY KEY (interval_start, flow, trunk)
) ENGINE=InnoDB;

-- 15-minute intervals whose aggregates may be stale: a call record was updated or deleted (the
-- insert trigger keeps them exact; an update or delete only marks its intervals here). The app
-- rebuilds marked intervals before it reads aggregates, and the job does so every night.
CREATE TABLE report_aggregates_dirty (
  interval_start DATETIME NOT NULL PRIMARY KEY,
  marked_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
) ENGINE=InnoDB;

-- complete_since: NULL until the aggregates hold every call record (a site upgraded with history
-- is backfilled by the report-aggregates job, month by month); reports read the raw rows until
-- then. A database without call records is complete at once.
CREATE TABLE report_aggregates_status (
  id TINYINT NOT NULL PRIMARY KEY,
  complete_since DATETIME(3) NULL,
  last_check_at DATETIME(3) NULL,
  last_check_mismatches INT NULL,
  CONSTRAINT report_aggregates_status_one CHECK (id = 1)
) ENGINE=InnoDB;
INSERT INTO report_aggregates_status (id, complete_since)
  SELECT 1, IF(EXISTS(SELECT 1 FROM call_records), NULL, NOW(3));
