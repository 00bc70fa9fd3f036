-- Issue 22: do-not-call lists. campaign_id 0: every campaign (the internal list and imported
-- national lists); otherwise only that campaign (its own list, e.g. a "do-not-call" disposition).
-- Numbers are digits only, compared as the dialer normalises them.
CREATE TABLE dnc_numbers (
  phone VARCHAR(32) NOT NULL,
  campaign_id INT UNSIGNED NOT NULL DEFAULT 0,
  source ENUM('internal', 'imported', 'campaign') NOT NULL DEFAULT 'internal',
  note VARCHAR(255) NOT NULL DEFAULT '',
  added_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (phone, campaign_id),
  KEY dnc_numbers_campaign (campaign_id)
) ENGINE=InnoDB;
