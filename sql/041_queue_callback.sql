-- Issue 22, queue callback (virtual hold): per-group settings and the callbacks themselves.

-- A caller queued in a group with a callback_key presses it to be called back, keeping its
-- place. The callback dials callback_dial_prefix + the caller's number as the agent's phone
-- would dial it (the dial rules choose trunk and caller ID); a customer who does not answer is
-- tried again callback_retries times, callback_retry_sec apart.
ALTER TABLE agent_groups
  ADD COLUMN callback_key CHAR(1) NULL COMMENT 'key a queued caller presses to be called back; NULL = no callback',
  ADD COLUMN callback_dial_prefix VARCHAR(8) NOT NULL DEFAULT '' COMMENT 'dialled before the number, as the agent''s phone dials (e.g. 9)',
  ADD COLUMN callback_retries TINYINT NOT NULL DEFAULT 2 COMMENT 'further attempts after an unanswered one',
  ADD COLUMN callback_retry_sec INT NOT NULL DEFAULT 300 COMMENT 'pause before a further attempt',
  ADD CONSTRAINT agent_groups_callback CHECK ((callback_key IS NULL OR callback_key REGEXP '^[0-9*#]$')
    AND callback_dial_prefix REGEXP '^[0-9*#]*$' AND callback_retries BETWEEN 0 AND 10 AND callback_retry_sec BETWEEN 5 AND 86400);

-- One row per callback request, from the key press (or the agent's booking) to its outcome.
-- Times are the app's local time, like every other DATETIME the app writes.
CREATE TABLE callbacks (
  id CHAR(36) NOT NULL PRIMARY KEY,
  group_name VARCHAR(32) NOT NULL,
  number VARCHAR(32) NOT NULL COMMENT 'the customer''s number',
  origin_guid CHAR(36) NULL COMMENT 'the call in which the caller pressed the key; NULL = scheduled by an agent',
  agent VARCHAR(32) NULL COMMENT 'only this agent takes it (booked for itself); NULL = any agent of the group',
  entered_at DATETIME(3) NOT NULL COMMENT 'its place in the queue: when the caller joined it, or the scheduled time',
  due_at DATETIME(3) NOT NULL COMMENT 'not offered before (scheduled time, retry pause)',
  state VARCHAR(16) NOT NULL COMMENT 'scheduled, waiting, ringing-agent, dialling, connected, retry-wait, done, failed, cancelled',
  attempts INT NOT NULL DEFAULT 0 COMMENT 'attempts to reach the customer',
  last_guid CHAR(36) NULL COMMENT 'call_records.guid of the latest attempt',
  last_outcome VARCHAR(32) NULL,
  created_by VARCHAR(64) NULL COMMENT 'caller (key press) or the API user who booked it',
  created_at DATETIME(3) NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  KEY callbacks_state (state),
  KEY callbacks_group_created (group_name, created_at),
  KEY callbacks_number (number)
) ENGINE=InnoDB;
