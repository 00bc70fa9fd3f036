-- Report queue-log (D3, D4): the Asterisk-compatible queue_log counted per interval and queue,
-- as tools built for app_queue count it. A cross-check of queue-summary from the other source.
-- Definitions of every column: docs/REPORTS.md.
--
-- Parameters (MySQL user variables; the app sets them the same way before running this file):
--   SET @from = '2026-11-01 00:00:00',  -- first instant included (local time)
--       @to   = '2026-12-01 00:00:00',  -- first instant excluded
--       @interval_sec = 86400,          -- 900 (15 min), 3600 (hour), 86400 (day), 0 (the whole range)
--       @group_name = NULL;             -- one queue (group), or NULL for every queue
--
-- Each event counts in the interval of its own time: a call that entered at 23:59 and was
-- answered at 00:01 has its ENTERQUEUE on one day and its CONNECT on the next.
SELECT
  e.interval_start,
  e.queuename                                                       AS group_name,
  SUM(e.event = 'ENTERQUEUE')                                       AS entered,
  SUM(e.event = 'CONNECT')                                          AS connected,
  SUM(e.event = 'ABANDON')                                          AS abandoned,
  SUM(e.event = 'EXITWITHTIMEOUT')                                  AS timed_out,
  SUM(e.event = 'RINGNOANSWER')                                     AS ring_no_answer,
  ROUND(AVG(IF(e.event = 'CONNECT', e.data1 + 0, NULL)), 1)         AS avg_hold_sec,
  ROUND(MAX(IF(e.event = 'CONNECT', e.data1 + 0, NULL)), 1)         AS max_hold_sec,
  ROUND(AVG(IF(e.event = 'ABANDON', e.data3 + 0, NULL)), 1)         AS avg_abandon_sec,
  ROUND(AVG(IF(e.event IN ('COMPLETECALLER', 'COMPLETEAGENT'), e.data2 + 0, NULL)), 1) AS avg_talk_sec
FROM (
  SELECT
    IF(@interval_sec = 0, CAST(@from AS DATETIME),
       DATE(l.time) + INTERVAL FLOOR(TIME_TO_SEC(l.time) / @interval_sec) * @interval_sec SECOND) AS interval_start,
    l.queuename, l.event, l.data1, l.data2, l.data3
  FROM queue_log l
  WHERE l.time >= @from AND l.time < @to
    AND l.callid <> 'NONE'
    AND (@group_name IS NULL OR l.queuename = @group_name)
) e
GROUP BY e.interval_start, e.queuename
ORDER BY e.interval_start, e.queuename;
