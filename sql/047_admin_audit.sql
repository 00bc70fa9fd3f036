-- Issue 19: the admin API's audit log. Every write through /api/v1/admin (create, update,
-- delete, flow publish and roll back) leaves one row: who, when, what, the row before and after
-- (secrets such as SIP passwords replaced by "(set)"). Written in the same transaction as the
-- change itself, so a change without its audit row cannot exist. Not a configuration table:
-- no config_version trigger.
CREATE TABLE admin_audit (
  id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  actor VARCHAR(64) NOT NULL COMMENT 'the API principal (user, token name or agent extension)',
  role VARCHAR(16) NOT NULL,
  action ENUM('create','update','delete','publish','rollback','import') NOT NULL,
  entity VARCHAR(32) NOT NULL COMMENT 'the admin API collection: accounts, groups, trunks, dial-rules, flows...',
  entity_key VARCHAR(128) NOT NULL,
  before_json JSON NULL,
  after_json JSON NULL,
  KEY admin_audit_entity (entity, entity_key, id),
  KEY admin_audit_at (at)
) ENGINE=InnoDB;
