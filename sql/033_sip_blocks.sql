-- O4, issue 16 section 4: SIP blocks (brute-force guard) outlive an app restart. One row per
-- block; an expired block simply stays (expires_at in the past), a lifted one gets lifted_at.
-- Times are the app's local time, like every other DATETIME the app writes.
CREATE TABLE sip_blocks (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  address VARCHAR(45) NOT NULL COMMENT 'IPv4 or IPv6 address as Asterisk reported it',
  reason VARCHAR(255) NOT NULL DEFAULT '' COMMENT 'the failure that caused the block',
  failures INT NOT NULL DEFAULT 0,
  blocked_at DATETIME(3) NOT NULL,
  expires_at DATETIME(3) NOT NULL,
  lifted_at DATETIME(3) NULL COMMENT 'an admin lifted it (DELETE /api/v1/security/blocks/<address>)',
  UNIQUE KEY sip_blocks_address_blocked (address, blocked_at),
  KEY sip_blocks_expires (expires_at)
) ENGINE=InnoDB;
