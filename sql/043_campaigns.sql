-- Issue 22: outbound campaigns. A campaign dials the contacts of its lists for the agents of one
-- group (mode preview / progressive / predictive); every dial is an attempt, keyed by the call
-- GUID (joined to call_records.guid). Times the dialer compares (next_at) are epoch ms, so a
-- contact's calling window (in its own time zone) never depends on the server's zone.
CREATE TABLE campaigns (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(64) NOT NULL,
  group_name VARCHAR(32) NOT NULL COMMENT 'the agents who take the calls',
  mode ENUM('preview', 'progressive', 'predictive') NOT NULL DEFAULT 'progressive',
  state ENUM('stopped', 'running', 'paused', 'finished') NOT NULL DEFAULT 'stopped',
  dial_prefix VARCHAR(8) NOT NULL DEFAULT '' COMMENT 'put before each number, dialled as from the agent''s phone (demo: 9 = carrier-a)',
  window_start_min SMALLINT UNSIGNED NOT NULL DEFAULT 540 COMMENT 'calling window in the customer''s local time, minutes after midnight',
  window_end_min SMALLINT UNSIGNED NOT NULL DEFAULT 1260,
  window_days VARCHAR(16) NOT NULL DEFAULT '1,2,3,4,5' COMMENT '0 = Sunday',
  timezone VARCHAR(64) NOT NULL DEFAULT 'Asia/Shanghai' COMMENT 'for contacts whose row gives none',
  max_attempts TINYINT UNSIGNED NOT NULL DEFAULT 3,
  retry_rules VARCHAR(1000) NOT NULL DEFAULT '{"busy":5,"no-answer":30,"machine":60,"failed":10,"abandoned":10,"callback":60}' COMMENT 'JSON: outcome or disposition -> minutes',
  abandon_cap_pct DECIMAL(4,2) NOT NULL DEFAULT 3.00 COMMENT 'predictive: abandoned / answered over 30 days',
  max_lines SMALLINT UNSIGNED NOT NULL DEFAULT 10,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  state_changed_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY campaigns_name (name),
  FOREIGN KEY (group_name) REFERENCES agent_groups(name),
  CONSTRAINT campaigns_name_chars CHECK (name REGEXP '^[A-Za-z0-9_-]+$'),
  CONSTRAINT campaigns_window CHECK (window_start_min < window_end_min AND window_end_min <= 1440)
) ENGINE=InnoDB;

CREATE TABLE campaign_lists (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  campaign_id INT UNSIGNED NOT NULL,
  name VARCHAR(64) NOT NULL,
  imported_at DATETIME(3) NOT NULL,
  rows_imported INT NOT NULL DEFAULT 0,
  rows_skipped INT NOT NULL DEFAULT 0 COMMENT 'duplicates, numbers already in the campaign, do-not-call',
  rows_rejected INT NOT NULL DEFAULT 0,
  UNIQUE KEY campaign_lists_name (campaign_id, name),
  FOREIGN KEY (campaign_id) REFERENCES campaigns(id) ON DELETE CASCADE
) ENGINE=InnoDB;

CREATE TABLE campaign_contacts (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  campaign_id INT UNSIGNED NOT NULL,
  list_id INT UNSIGNED NOT NULL,
  phone VARCHAR(32) NOT NULL COMMENT 'digits only',
  name VARCHAR(255) NOT NULL DEFAULT '',
  timezone VARCHAR(64) NULL COMMENT 'IANA zone; NULL: the campaign''s',
  data TEXT NULL COMMENT 'JSON: the list row''s other columns (screen pop)',
  state ENUM('pending', 'dialling', 'done') NOT NULL DEFAULT 'pending',
  attempts INT NOT NULL DEFAULT 0,
  next_at BIGINT NULL COMMENT 'epoch ms: not before (retries)',
  result VARCHAR(64) NULL COMMENT 'last outcome or disposition',
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  UNIQUE KEY campaign_contacts_phone (campaign_id, phone),
  KEY campaign_contacts_due (campaign_id, state, next_at),
  FOREIGN KEY (campaign_id) REFERENCES campaigns(id) ON DELETE CASCADE,
  FOREIGN KEY (list_id) REFERENCES campaign_lists(id) ON DELETE CASCADE
) ENGINE=InnoDB;

CREATE TABLE campaign_attempts (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  call_guid CHAR(36) NOT NULL,
  campaign_id INT UNSIGNED NOT NULL,
  list_id INT UNSIGNED NOT NULL,
  contact_id BIGINT UNSIGNED NOT NULL,
  agent VARCHAR(32) NULL,
  phone VARCHAR(32) NOT NULL,
  started_at DATETIME(3) NOT NULL,
  ended_at DATETIME(3) NULL,
  outcome VARCHAR(16) NULL COMMENT 'answered, busy, no-answer, machine, failed, abandoned, agent-missed',
  disposition VARCHAR(32) NULL COMMENT 'the agent''s, for answered calls',
  UNIQUE KEY campaign_attempts_guid (call_guid),
  KEY campaign_attempts_started (campaign_id, started_at),
  FOREIGN KEY (campaign_id) REFERENCES campaigns(id) ON DELETE CASCADE
) ENGINE=InnoDB;
