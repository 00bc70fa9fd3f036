-- Issue 19, hot-desking (source 002 §8, §11: 工号 separate from the phone). An agent ID has its
-- own PIN (scrypt hash, src/hotdesk/pin.ts) and its own groups; it logs in on any phone
-- (`*11<agent id>*<pin>#` or POST /api/v1/hotdesk/login) and the ACD then rings that phone for
-- it, in the agent ID's groups. A phone with nobody seated is its own agent, as before (the
-- agent ID is then the extension): the demo's 1001-1004 need no row here.
CREATE TABLE agent_ids (
  agent_id VARCHAR(16) NOT NULL PRIMARY KEY COMMENT '工号: 2-16 digits',
  name VARCHAR(64) NOT NULL DEFAULT '',
  pin_hash VARCHAR(200) NOT NULL COMMENT 'scrypt$salt$hash (base64)',
  enabled TINYINT(1) NOT NULL DEFAULT 1,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  CONSTRAINT agent_ids_digits CHECK (agent_id REGEXP '^[0-9]{2,16}$')
) ENGINE=InnoDB;

-- The groups (skills) of an agent ID: while it sits at a phone, that phone is a member of these
-- groups instead of its own group_members rows.
CREATE TABLE agent_id_groups (
  agent_id VARCHAR(16) NOT NULL,
  group_name VARCHAR(32) NOT NULL,
  priority INT NOT NULL DEFAULT 1 COMMENT 'lower rings first',
  PRIMARY KEY (agent_id, group_name),
  FOREIGN KEY (agent_id) REFERENCES agent_ids(agent_id) ON DELETE CASCADE,
  FOREIGN KEY (group_name) REFERENCES agent_groups(name) ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE=InnoDB;

-- Who sits where now: one phone per agent ID and one agent ID per phone. Kept across restarts.
CREATE TABLE agent_seats (
  agent_id VARCHAR(16) NOT NULL PRIMARY KEY,
  extension VARCHAR(32) NOT NULL,
  since DATETIME(3) NOT NULL,
  seated_by VARCHAR(64) NOT NULL COMMENT 'phone, or the API user who seated it',
  UNIQUE KEY agent_seats_extension (extension),
  FOREIGN KEY (agent_id) REFERENCES agent_ids(agent_id) ON DELETE CASCADE,
  FOREIGN KEY (extension) REFERENCES sip_accounts(extension) ON DELETE CASCADE
) ENGINE=InnoDB;

-- Both identities on the history: `extension` is the phone, `agent_id` the agent seated at it
-- (the extension itself when nobody is seated). NULL on rows written before this migration.
ALTER TABLE agent_state_log ADD COLUMN agent_id VARCHAR(16) NULL, ADD KEY agent_state_log_agent_id (agent_id, at);
ALTER TABLE call_records ADD COLUMN agent_id VARCHAR(16) NULL COMMENT 'agent ID (工号) of the agent column''s phone', ADD KEY call_records_agent_id (agent_id, started_at);

-- Agent IDs and their groups change who the ACD rings: a change reloads the configuration.
CREATE TRIGGER agent_ids_insert_bump AFTER INSERT ON agent_ids FOR EACH ROW UPDATE config_version SET version = version + 1 WHERE name = 'config';
CREATE TRIGGER agent_ids_update_bump AFTER UPDATE ON agent_ids FOR EACH ROW UPDATE config_version SET version = version + 1 WHERE name = 'config';
CREATE TRIGGER agent_ids_delete_bump AFTER DELETE ON agent_ids FOR EACH ROW UPDATE config_version SET version = version + 1 WHERE name = 'config';
CREATE TRIGGER agent_id_groups_insert_bump AFTER INSERT ON agent_id_groups FOR EACH ROW UPDATE config_version SET version = version + 1 WHERE name = 'config';
CREATE TRIGGER agent_id_groups_update_bump AFTER UPDATE ON agent_id_groups FOR EACH ROW UPDATE config_version SET version = version + 1 WHERE name = 'config';
CREATE TRIGGER agent_id_groups_delete_bump AFTER DELETE ON agent_id_groups FOR EACH ROW UPDATE config_version SET version = version + 1 WHERE name = 'config';
