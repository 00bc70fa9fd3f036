-- Issue "Agents, ACD queues, IVR flows, recording and call records".

-- A1: agents are SIP accounts; auto_ready logs the agent in and makes it ready at start
-- when it has no saved state (the demo site uses it so a fresh install answers at once).
ALTER TABLE sip_accounts ADD COLUMN auto_ready TINYINT(1) NOT NULL DEFAULT 0 AFTER codecs;

-- A2-A5, C4, C7: per-group ACD settings.
ALTER TABLE agent_groups
  ADD COLUMN number VARCHAR(16) NULL COMMENT 'dialable group number, e.g. for *7<group>#' AFTER display_name,
  ADD COLUMN ring_timeout_sec INT NOT NULL DEFAULT 15 COMMENT 'ring time per agent attempt',
  ADD COLUMN wrapup_sec INT NOT NULL DEFAULT 0 COMMENT 'wrap-up after each call',
  ADD COLUMN max_wait_sec INT NOT NULL DEFAULT 0 COMMENT '0 = wait forever',
  ADD COLUMN overflow_group VARCHAR(32) NULL COMMENT 'after max wait: queue here ...',
  ADD COLUMN overflow_flow VARCHAR(32) NULL COMMENT '... or run this flow (e.g. a voicemail message)',
  ADD COLUMN announce_position TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN moh_class VARCHAR(32) NOT NULL DEFAULT 'default',
  ADD COLUMN record_calls TINYINT(1) NOT NULL DEFAULT 1,
  ADD COLUMN survey_flow VARCHAR(32) NULL COMMENT 'flow run for the caller when the agent hangs up first',
  ADD UNIQUE KEY agent_groups_number (number),
  ADD CONSTRAINT agent_groups_number_digits CHECK (number IS NULL OR number REGEXP '^[0-9]+$'),
  ADD CONSTRAINT agent_groups_times CHECK (ring_timeout_sec BETWEEN 3 AND 600 AND wrapup_sec BETWEEN 0 AND 3600 AND max_wait_sec >= 0);

-- C1/C2: a flow is a JSON document, validated by the app on every reload.
ALTER TABLE flows
  ADD COLUMN definition LONGTEXT NOT NULL DEFAULT '{}' AFTER description,
  ADD COLUMN updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  ADD CONSTRAINT flows_definition_json CHECK (JSON_VALID(definition));

-- A1: current agent state (survives app restarts) and the log of every change.
CREATE TABLE agent_status (
  extension VARCHAR(32) NOT NULL PRIMARY KEY,
  state ENUM('logged_out','ready','not_ready','ringing','on_call','wrap_up') NOT NULL,
  reason VARCHAR(64) NULL,
  since DATETIME(3) NOT NULL,
  FOREIGN KEY (extension) REFERENCES sip_accounts(extension) ON DELETE CASCADE
) ENGINE=InnoDB;

CREATE TABLE agent_state_log (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  extension VARCHAR(32) NOT NULL,
  from_state VARCHAR(16) NOT NULL,
  to_state VARCHAR(16) NOT NULL,
  reason VARCHAR(64) NULL,
  call_guid CHAR(36) NULL,
  at DATETIME(3) NOT NULL,
  KEY agent_state_log_agent_at (extension, at),
  KEY agent_state_log_at (at)
) ENGINE=InnoDB;

-- D2/T1: one row per call, keyed by the call GUID (written once, at the end of the call).
CREATE TABLE call_records (
  guid CHAR(36) NOT NULL PRIMARY KEY,
  direction ENUM('inbound','outbound','internal') NOT NULL,
  caller VARCHAR(64) NOT NULL,
  callee VARCHAR(64) NOT NULL COMMENT 'number dialled / DID',
  flow VARCHAR(32) NULL,
  group_name VARCHAR(32) NULL,
  agent VARCHAR(32) NULL COMMENT 'extension that talked to the caller',
  status TINYINT UNSIGNED NOT NULL COMMENT 'sources status code 1-17, see docs/CALL-RECORDS.md',
  started_at DATETIME(3) NOT NULL,
  queued_at DATETIME(3) NULL,
  answered_at DATETIME(3) NULL,
  ended_at DATETIME(3) NOT NULL,
  ring_sec DECIMAL(8,3) NOT NULL DEFAULT 0,
  wait_sec DECIMAL(8,3) NOT NULL DEFAULT 0,
  talk_sec DECIMAL(8,3) NOT NULL DEFAULT 0,
  hangup_by ENUM('caller','agent','callee','system') NOT NULL,
  end_reason VARCHAR(32) NOT NULL,
  survey_score TINYINT UNSIGNED NULL,
  recording_path VARCHAR(255) NULL,
  KEY call_records_started (started_at),
  KEY call_records_caller (caller, started_at),
  KEY call_records_callee (callee, started_at),
  KEY call_records_agent (agent, started_at),
  KEY call_records_group (group_name, started_at)
) ENGINE=InnoDB;

-- C4: recordings, searchable by caller, callee, agent and time.
CREATE TABLE recordings (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  call_guid CHAR(36) NOT NULL,
  kind ENUM('call','voicemail') NOT NULL DEFAULT 'call',
  caller VARCHAR(64) NOT NULL,
  callee VARCHAR(64) NOT NULL,
  agent VARCHAR(32) NULL,
  started_at DATETIME(3) NOT NULL,
  duration_sec DECIMAL(8,3) NOT NULL,
  path VARCHAR(255) NOT NULL,
  UNIQUE KEY recordings_call_kind (call_guid, kind),
  KEY recordings_started (started_at),
  KEY recordings_caller (caller, started_at),
  KEY recordings_callee (callee, started_at),
  KEY recordings_agent (agent, started_at)
) ENGINE=InnoDB;

-- C7: satisfaction survey results.
CREATE TABLE survey_results (
  call_guid CHAR(36) NOT NULL PRIMARY KEY,
  agent VARCHAR(32) NULL,
  group_name VARCHAR(32) NULL,
  score TINYINT UNSIGNED NOT NULL,
  at DATETIME(3) NOT NULL,
  CONSTRAINT survey_results_score CHECK (score BETWEEN 1 AND 5),
  KEY survey_results_agent (agent, at)
) ENGINE=InnoDB;
