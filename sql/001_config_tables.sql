-- Configuration tables: SIP accounts, groups, trunks, dial rules, transforms.
-- A change to any of them bumps config_version (by trigger), which the app polls to
-- reload routing and regenerate Asterisk's PJSIP objects without a restart.

CREATE TABLE config_version (
  name VARCHAR(32) NOT NULL PRIMARY KEY,
  version BIGINT UNSIGNED NOT NULL DEFAULT 0,
  changed_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)
) ENGINE=InnoDB;
INSERT INTO config_version (name, version) VALUES ('config', 1);

-- S1/S2: agents' SIP accounts (the source's SIP password table).
CREATE TABLE sip_accounts (
  extension VARCHAR(32) NOT NULL PRIMARY KEY,
  password VARCHAR(64) NULL COMMENT 'NULL: no digest auth (allowed_ip required)',
  enabled TINYINT(1) NOT NULL DEFAULT 1,
  display_name VARCHAR(64) NOT NULL DEFAULT '',
  allowed_ip VARCHAR(45) NULL COMMENT 'IP authentication for devices that cannot register',
  dial_context VARCHAR(32) NOT NULL DEFAULT 'agents' COMMENT 'dial rules context for calls this phone places',
  codecs VARCHAR(128) NOT NULL DEFAULT 'ulaw,alaw',
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  CONSTRAINT sip_accounts_ext CHECK (extension REGEXP '^[0-9]+$'),
  CONSTRAINT sip_accounts_auth CHECK (password IS NOT NULL OR allowed_ip IS NOT NULL)
) ENGINE=InnoDB;

CREATE TABLE agent_groups (
  name VARCHAR(32) NOT NULL PRIMARY KEY,
  display_name VARCHAR(64) NOT NULL DEFAULT '',
  CONSTRAINT agent_groups_name CHECK (name REGEXP '^[a-z0-9_-]+$')
) ENGINE=InnoDB;

CREATE TABLE group_members (
  group_name VARCHAR(32) NOT NULL,
  extension VARCHAR(32) NOT NULL,
  priority INT NOT NULL DEFAULT 1 COMMENT 'lower rings first',
  PRIMARY KEY (group_name, extension),
  FOREIGN KEY (group_name) REFERENCES agent_groups(name) ON DELETE CASCADE,
  FOREIGN KEY (extension) REFERENCES sip_accounts(extension) ON DELETE CASCADE
) ENGINE=InnoDB;

-- S3/S4: operator trunks and inter-site trunks.
CREATE TABLE trunks (
  name VARCHAR(32) NOT NULL PRIMARY KEY,
  technology ENUM('pjsip','ooh323','dahdi') NOT NULL DEFAULT 'pjsip',
  host VARCHAR(255) NOT NULL,
  port INT NOT NULL DEFAULT 5060,
  username VARCHAR(64) NULL COMMENT 'outbound registration and digest user',
  password VARCHAR(64) NULL,
  register TINYINT(1) NOT NULL DEFAULT 0,
  registration_expiry INT NOT NULL DEFAULT 3600,
  inbound_context VARCHAR(32) NOT NULL COMMENT 'dial rules context for calls from this trunk',
  caller_id_mode ENUM('trunk','passthrough') NOT NULL DEFAULT 'trunk',
  caller_id_number VARCHAR(32) NULL,
  max_channels INT NOT NULL DEFAULT 0 COMMENT '0 = unlimited',
  no_answer_timeout INT NOT NULL DEFAULT 0 COMMENT 'seconds, 0 = system default',
  codecs VARCHAR(128) NOT NULL DEFAULT 'ulaw,alaw',
  enabled TINYINT(1) NOT NULL DEFAULT 1,
  CONSTRAINT trunks_name CHECK (name REGEXP '^[a-z0-9_-]+$')
) ENGINE=InnoDB;

CREATE TABLE trunk_groups (
  name VARCHAR(32) NOT NULL PRIMARY KEY,
  strategy ENUM('round_robin','first_free') NOT NULL DEFAULT 'round_robin'
) ENGINE=InnoDB;

CREATE TABLE trunk_group_members (
  group_name VARCHAR(32) NOT NULL,
  trunk_name VARCHAR(32) NOT NULL,
  position INT NOT NULL DEFAULT 1,
  PRIMARY KEY (group_name, trunk_name),
  FOREIGN KEY (group_name) REFERENCES trunk_groups(name) ON DELETE CASCADE,
  FOREIGN KEY (trunk_name) REFERENCES trunks(name) ON DELETE CASCADE
) ENGINE=InnoDB;

-- R1: analysis rules per context.
CREATE TABLE dial_rules (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  context VARCHAR(32) NOT NULL,
  pattern VARCHAR(64) NOT NULL COMMENT 'literal prefix, or Asterisk pattern starting with _',
  route_type ENUM('extension','group','flow','trunk','trunk_group','site_trunk','reject') NOT NULL,
  target VARCHAR(64) NOT NULL DEFAULT '' COMMENT 'empty: the (transformed) number itself',
  reanalyze TINYINT(1) NOT NULL DEFAULT 0,
  reanalyze_context VARCHAR(32) NULL,
  enabled TINYINT(1) NOT NULL DEFAULT 1,
  description VARCHAR(255) NOT NULL DEFAULT '',
  UNIQUE KEY dial_rules_context_pattern (context, pattern)
) ENGINE=InnoDB;

-- R3: per trunk group normalization, applied last.
CREATE TABLE normalization_rules (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  trunk_group VARCHAR(32) NOT NULL,
  pattern VARCHAR(64) NOT NULL,
  UNIQUE KEY normalization_group_pattern (trunk_group, pattern),
  FOREIGN KEY (trunk_group) REFERENCES trunk_groups(name) ON DELETE CASCADE
) ENGINE=InnoDB;

-- R2: transforms, chained in seq order, owned by a dial rule or a normalization rule.
CREATE TABLE number_transforms (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  dial_rule_id INT NULL,
  normalization_rule_id INT NULL,
  seq INT NOT NULL,
  op ENUM('delete','replace','insert') NOT NULL,
  start_pos INT NOT NULL,
  length INT NOT NULL DEFAULT 0,
  text VARCHAR(32) NOT NULL DEFAULT '',
  FOREIGN KEY (dial_rule_id) REFERENCES dial_rules(id) ON DELETE CASCADE,
  FOREIGN KEY (normalization_rule_id) REFERENCES normalization_rules(id) ON DELETE CASCADE,
  CONSTRAINT number_transforms_owner CHECK ((dial_rule_id IS NULL) <> (normalization_rule_id IS NULL))
) ENGINE=InnoDB;

-- C1: IVR flows (bodies arrive with the flows issue; the routing engine needs the names).
CREATE TABLE flows (
  name VARCHAR(32) NOT NULL PRIMARY KEY,
  description VARCHAR(255) NOT NULL DEFAULT ''
) ENGINE=InnoDB;
