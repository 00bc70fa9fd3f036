-- Issue 19: API users and tokens managed through the admin API, besides the ones of the
-- config file (api.users, api.tokens). Passwords are kept as scrypt hashes, tokens as their
-- SHA-256: neither can be read back. Not a configuration table (no config_version trigger):
-- the app re-reads them after each admin write and every few seconds.
CREATE TABLE api_users (
  name VARCHAR(64) NOT NULL PRIMARY KEY,
  password_hash VARCHAR(200) NOT NULL COMMENT 'scrypt$N$r$p$salt$hash (base64)',
  role ENUM('crm','supervisor','admin') NOT NULL DEFAULT 'supervisor',
  enabled TINYINT(1) NOT NULL DEFAULT 1,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  CONSTRAINT api_users_name CHECK (name REGEXP '^[A-Za-z][A-Za-z0-9_.-]{0,63}$')
) ENGINE=InnoDB;

CREATE TABLE api_tokens (
  id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(64) NOT NULL COMMENT 'who or what uses it (a CRM, a wallboard)',
  token_sha256 CHAR(64) NOT NULL,
  role ENUM('crm','supervisor','admin') NOT NULL DEFAULT 'crm',
  enabled TINYINT(1) NOT NULL DEFAULT 1,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY api_tokens_name (name),
  UNIQUE KEY api_tokens_sha (token_sha256)
) ENGINE=InnoDB;

-- Business hours and holidays get a row id, so the admin API can name one row in a URL (their
-- natural keys hold times and dates). Nothing that reads them by their columns changes.
ALTER TABLE business_hours ADD COLUMN id INT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE FIRST;
ALTER TABLE holidays ADD COLUMN id INT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE FIRST;
