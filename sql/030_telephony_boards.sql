-- S7: telephony boards (chan_dahdi). E1 spans (PRI or MFC/R2) and analog ports are data, like
-- SIP accounts and trunks: chan_dahdi.conf and system.conf are generated from these rows.

-- A DAHDI trunk (trunks.technology = 'dahdi') is a DAHDI channel group: the app dials
-- DAHDI/g<dahdi_group>/<number>; its spans and FXO lines carry that group.
ALTER TABLE trunks
  ADD COLUMN dahdi_group INT NULL COMMENT 'DAHDI channel group of a dahdi trunk (1-63)' AFTER technology,
  ADD CONSTRAINT trunks_dahdi_group CHECK ((technology = 'dahdi') = (dahdi_group IS NOT NULL) AND (dahdi_group IS NULL OR dahdi_group BETWEEN 1 AND 63));

CREATE TABLE dahdi_spans (
  span INT NOT NULL PRIMARY KEY COMMENT 'DAHDI span number (dahdi_tool / dahdi_scan)',
  signalling ENUM('pri_cpe','pri_net','mfcr2') NOT NULL COMMENT 'pri_cpe: we are the customer side of the exchange',
  first_channel INT NOT NULL COMMENT 'DAHDI channel number of timeslot 1; an E1 span holds 31 channels',
  timing INT NOT NULL DEFAULT 1 COMMENT '0: we are the clock master; 1..n: take the clock from this span in that order',
  line_build_out INT NOT NULL DEFAULT 0,
  crc4 TINYINT(1) NOT NULL DEFAULT 1,
  trunk_name VARCHAR(32) NOT NULL,
  mfcr2_variant VARCHAR(8) NOT NULL DEFAULT 'cn' COMMENT 'OpenR2 country variant (r2test -l)',
  mfcr2_max_ani INT NOT NULL DEFAULT 10,
  mfcr2_max_dnis INT NOT NULL DEFAULT 4,
  mfcr2_category ENUM('national_subscriber','national_priority_subscriber','international_subscriber','international_priority_subscriber') NOT NULL DEFAULT 'national_subscriber',
  enabled TINYINT(1) NOT NULL DEFAULT 1,
  FOREIGN KEY (trunk_name) REFERENCES trunks(name) ON DELETE RESTRICT,
  CONSTRAINT dahdi_spans_numbers CHECK (span >= 1 AND first_channel >= 1 AND timing >= 0 AND line_build_out BETWEEN 0 AND 7)
) ENGINE=InnoDB;

-- One analog port per row, as the source's board config maps channels to numbers
-- (channel=4-6, user4=100 ...): an FXO port is a line to the exchange (part of a trunk), an
-- FXS port powers an analog phone and is an extension.
CREATE TABLE dahdi_ports (
  channel INT NOT NULL PRIMARY KEY COMMENT 'DAHDI channel number',
  kind ENUM('fxo','fxs') NOT NULL,
  trunk_name VARCHAR(32) NULL COMMENT 'fxo: the trunk this line belongs to',
  extension VARCHAR(32) NULL COMMENT 'fxs: the extension of the phone on this port',
  display_name VARCHAR(64) NOT NULL DEFAULT '',
  echo_cancel TINYINT(1) NOT NULL DEFAULT 1,
  enabled TINYINT(1) NOT NULL DEFAULT 1,
  FOREIGN KEY (trunk_name) REFERENCES trunks(name) ON DELETE RESTRICT,
  UNIQUE KEY dahdi_ports_extension (extension),
  CONSTRAINT dahdi_ports_role CHECK ((kind = 'fxo' AND trunk_name IS NOT NULL AND extension IS NULL) OR (kind = 'fxs' AND extension IS NOT NULL AND trunk_name IS NULL)),
  CONSTRAINT dahdi_ports_ext CHECK (extension IS NULL OR extension REGEXP '^[0-9]+$'),
  CONSTRAINT dahdi_ports_channel CHECK (channel >= 1)
) ENGINE=InnoDB;

CREATE TRIGGER dahdi_spans_insert_bump AFTER INSERT ON dahdi_spans FOR EACH ROW UPDATE config_version SET version = version + 1 WHERE name = 'config';
CREATE TRIGGER dahdi_spans_update_bump AFTER UPDATE ON dahdi_spans FOR EACH ROW UPDATE config_version SET version = version + 1 WHERE name = 'config';
CREATE TRIGGER dahdi_spans_delete_bump AFTER DELETE ON dahdi_spans FOR EACH ROW UPDATE config_version SET version = version + 1 WHERE name = 'config';
CREATE TRIGGER dahdi_ports_insert_bump AFTER INSERT ON dahdi_ports FOR EACH ROW UPDATE config_version SET version = version + 1 WHERE name = 'config';
CREATE TRIGGER dahdi_ports_update_bump AFTER UPDATE ON dahdi_ports FOR EACH ROW UPDATE config_version SET version = version + 1 WHERE name = 'config';
CREATE TRIGGER dahdi_ports_delete_bump AFTER DELETE ON dahdi_ports FOR EACH ROW UPDATE config_version SET version = version + 1 WHERE name = 'config';
