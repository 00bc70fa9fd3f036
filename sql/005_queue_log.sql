-- D3: an Asterisk-compatible queue_log (the realtime table layout of app_queue, with
-- data1..data5), written by the app's ACD so reporting tools built for app_queue read it.
CREATE TABLE queue_log (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  time DATETIME(6) NOT NULL,
  callid VARCHAR(80) NOT NULL DEFAULT '',
  queuename VARCHAR(256) NOT NULL DEFAULT '',
  agent VARCHAR(80) NOT NULL DEFAULT '',
  event VARCHAR(32) NOT NULL DEFAULT '',
  data1 VARCHAR(100) NOT NULL DEFAULT '',
  data2 VARCHAR(100) NOT NULL DEFAULT '',
  data3 VARCHAR(100) NOT NULL DEFAULT '',
  data4 VARCHAR(100) NOT NULL DEFAULT '',
  data5 VARCHAR(100) NOT NULL DEFAULT '',
  KEY queue_log_time (time),
  KEY queue_log_queue_time (queuename, time),
  KEY queue_log_agent_time (agent, time),
  KEY queue_log_callid (callid)
) ENGINE=InnoDB;
