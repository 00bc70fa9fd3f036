-- R8 toll fraud: classes of service per account and per dial rule, the whitelist (the
-- sources' 白名单 table: numbers agents without outbound permission may still dial), and a
-- limit of simultaneous outside calls per account (trunks.max_channels limits each trunk).
ALTER TABLE sip_accounts
  ADD COLUMN call_class ENUM('internal','local','national','international') NOT NULL DEFAULT 'international'
    COMMENT 'the dearest calls this account may make',
  ADD COLUMN outbound_allowed TINYINT(1) NOT NULL DEFAULT 1 COMMENT '0: outside calls only to whitelisted numbers',
  ADD COLUMN max_outbound_calls INT NOT NULL DEFAULT 0 COMMENT 'simultaneous outside calls; 0 = unlimited';

ALTER TABLE dial_rules
  ADD COLUMN call_class ENUM('internal','local','national','international') NULL
    COMMENT 'class of the calls this rule makes; NULL: trunk routes national, others internal';

CREATE TABLE whitelist (
  id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  pattern VARCHAR(40) NOT NULL COMMENT 'a number prefix (9110) or an Asterisk pattern (_9110X.), as the agent dials it',
  description VARCHAR(200) NULL,
  UNIQUE KEY whitelist_pattern (pattern)
) ENGINE=InnoDB;

CREATE TRIGGER whitelist_insert_bump AFTER INSERT ON whitelist FOR EACH ROW UPDATE config_version SET version = version + 1 WHERE name = 'config';
CREATE TRIGGER whitelist_update_bump AFTER UPDATE ON whitelist FOR EACH ROW UPDATE config_version SET version = version + 1 WHERE name = 'config';
CREATE TRIGGER whitelist_delete_bump AFTER DELETE ON whitelist FOR EACH ROW UPDATE config_version SET version = version + 1 WHERE name = 'config';
