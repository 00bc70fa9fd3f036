-- Issue 20, CTI commands (manual 002 §3.30 设置全局变量, §28 定时处理设置).
-- Global variables: set through the API, read by every flow a call starts (as global_<name>)
-- and through the API. Kept across restarts.
CREATE TABLE global_variables (
  name VARCHAR(25) NOT NULL PRIMARY KEY COMMENT 'lower case letters, digits, _ (flows see global_<name>)',
  value VARCHAR(256) NOT NULL DEFAULT '',
  updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)
) ENGINE=InnoDB;

-- Timers 1-9 may also start a call: 'call' rings the agent's phone, then dials number as the
-- agent would (click-to-call); 'flow' dials number as the agent's phone would dial it and runs
-- flow for whoever answers.
ALTER TABLE timers
  MODIFY action ENUM('event','job','call','flow') NOT NULL DEFAULT 'event',
  ADD COLUMN agent VARCHAR(32) NULL COMMENT 'for action call / flow: the account whose dial rules place the call' AFTER job,
  ADD COLUMN number VARCHAR(64) NULL COMMENT 'for action call / flow: the number dialled' AFTER agent,
  ADD COLUMN flow VARCHAR(64) NULL COMMENT 'for action flow: the flow the answering party hears' AFTER number,
  ADD CONSTRAINT timers_call CHECK (action NOT IN ('call','flow') OR (agent IS NOT NULL AND number IS NOT NULL)),
  ADD CONSTRAINT timers_flow CHECK (action <> 'flow' OR flow IS NOT NULL);
