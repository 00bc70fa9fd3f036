-- D3: Asterisk's own CDR and CEL, written by Asterisk through cdr_adaptive_odbc / cel_odbc
-- (asterisk-etc/cdr_adaptive_odbc.conf, cel_odbc.conf). Column names are the standard ones
-- (cdr: the classic cdr_mysql layout that most CDR tools read; cel: cel_odbc's fields), so
-- existing Asterisk reporting tools work unchanged. userfield holds the app's call GUID where
-- the app sets CDR(userfield) / CHANNEL(userfield) (docs/CALL-RECORDS.md).
-- The Asterisk database user may only INSERT into these two tables (provision-mariadb.sh).
CREATE TABLE cdr (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  calldate DATETIME NOT NULL COMMENT 'CDR start',
  answerdate DATETIME NULL COMMENT 'CDR answer',
  hangupdate DATETIME NULL COMMENT 'CDR end',
  clid VARCHAR(80) NOT NULL DEFAULT '',
  src VARCHAR(80) NOT NULL DEFAULT '',
  dst VARCHAR(80) NOT NULL DEFAULT '',
  dcontext VARCHAR(80) NOT NULL DEFAULT '',
  channel VARCHAR(80) NOT NULL DEFAULT '',
  dstchannel VARCHAR(80) NOT NULL DEFAULT '',
  lastapp VARCHAR(80) NOT NULL DEFAULT '',
  lastdata VARCHAR(80) NOT NULL DEFAULT '',
  duration INT NOT NULL DEFAULT 0,
  billsec INT NOT NULL DEFAULT 0,
  disposition VARCHAR(45) NOT NULL DEFAULT '',
  amaflags INT NOT NULL DEFAULT 0,
  accountcode VARCHAR(80) NOT NULL DEFAULT '',
  uniqueid VARCHAR(150) NOT NULL DEFAULT '',
  userfield VARCHAR(255) NOT NULL DEFAULT '',
  peeraccount VARCHAR(80) NOT NULL DEFAULT '',
  linkedid VARCHAR(150) NOT NULL DEFAULT '',
  sequence INT NOT NULL DEFAULT 0,
  KEY cdr_calldate (calldate),
  KEY cdr_uniqueid (uniqueid),
  KEY cdr_linkedid (linkedid),
  KEY cdr_userfield (userfield),
  KEY cdr_src (src, calldate),
  KEY cdr_dst (dst, calldate)
) ENGINE=InnoDB;

CREATE TABLE cel (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  eventtype VARCHAR(30) NOT NULL,
  eventtime DATETIME(6) NOT NULL,
  cid_name VARCHAR(80) NOT NULL DEFAULT '',
  cid_num VARCHAR(80) NOT NULL DEFAULT '',
  cid_ani VARCHAR(80) NOT NULL DEFAULT '',
  cid_rdnis VARCHAR(80) NOT NULL DEFAULT '',
  cid_dnid VARCHAR(80) NOT NULL DEFAULT '',
  exten VARCHAR(80) NOT NULL DEFAULT '',
  context VARCHAR(80) NOT NULL DEFAULT '',
  channame VARCHAR(80) NOT NULL DEFAULT '',
  appname VARCHAR(80) NOT NULL DEFAULT '',
  appdata VARCHAR(512) NOT NULL DEFAULT '',
  amaflags INT NOT NULL DEFAULT 0,
  accountcode VARCHAR(80) NOT NULL DEFAULT '',
  peeraccount VARCHAR(80) NOT NULL DEFAULT '',
  uniqueid VARCHAR(150) NOT NULL DEFAULT '',
  linkedid VARCHAR(150) NOT NULL DEFAULT '',
  userfield VARCHAR(255) NOT NULL DEFAULT '',
  peer VARCHAR(80) NOT NULL DEFAULT '',
  extra VARCHAR(512) NOT NULL DEFAULT '',
  KEY cel_eventtime (eventtime),
  KEY cel_uniqueid (uniqueid),
  KEY cel_linkedid (linkedid)
) ENGINE=InnoDB;
