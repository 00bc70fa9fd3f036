-- Report queue-summary (D4): calls through the ACD queues, per interval and group.
-- Definitions of every column: docs/REPORTS.md.
--
-- Parameters (MySQL user variables; the app sets them the same way before running this file):
--   SET @from = '2026-11-01 00:00:00',  -- first instant included (local time, as call_records)
--       @to   = '2026-12-01 00:00:00',  -- first instant excluded
--       @interval_sec = 86400,          -- 900 (15 min), 3600 (hour), 86400 (day), 0 (the whole range)
--       @group_name = NULL,             -- one group, or NULL for every group
--       @sl_sec = 20;                   -- service level threshold: answered within this many seconds
--
-- A call counts in the interval it started in (call_records.started_at), also when it lasted
-- past the interval's end (e.g. over midnight). Wait is measured from entering the queue.
-- Wrap-up of each call: from the agent's wrap_up entry (tagged with the call GUID) to the agent's
-- next state change, found in one pass over the range's state rows (plus a day after @to, for
-- calls that end after it) instead of two lookups per call.
-- Callback columns (callbacks_*): the group's callback key is the one set now (as in
-- GET /api/v1/callbacks/figures); the callbacks of the range come from the callbacks table.
WITH
wrapups AS (
  SELECT call_guid, extension, SUM(GREATEST(0, TIMESTAMPDIFF(MICROSECOND, at, next_at))) / 1000000 AS wrapup_sec
  FROM (
    SELECT call_guid, extension, to_state, at,
           COALESCE(LEAD(at) OVER (PARTITION BY extension ORDER BY at, id), LEAST(CAST(@to AS DATETIME(3)), NOW(3))) AS next_at
    FROM agent_state_log
    WHERE at >= @from AND at < CAST(@to AS DATETIME) + INTERVAL 1 DAY
  ) s
  WHERE to_state = 'wrap_up' AND call_guid IS NOT NULL
  GROUP BY call_guid, extension
),
-- Queue callbacks (issue 22) asked for by the queued calls of the range, counted in the interval
-- of the caller's call (its record, status 20, found by GUID): accepted = callbacks booked by a
-- key press, connected = of those, the ones that reached the customer (now connected or done).
callback_requests AS (
  SELECT IF(@interval_sec = 0, CAST(@from AS DATETIME),
            DATE(c.started_at) + INTERVAL FLOOR(TIME_TO_SEC(c.started_at) / @interval_sec) * @interval_sec SECOND) AS interval_start,
         c.group_name,
         COUNT(*)                                AS accepted,
         SUM(cb.state IN ('connected', 'done'))  AS connected
  FROM callbacks cb
  JOIN call_records c ON c.guid = cb.origin_guid
  WHERE cb.origin_guid IS NOT NULL
    AND cb.created_at >= @from AND cb.created_at < CAST(@to AS DATETIME) + INTERVAL 1 DAY
    AND c.started_at >= @from AND c.started_at < @to
    AND c.direction = 'inbound' AND c.queued_at IS NOT NULL AND IFNULL(c.group_name, '') <> ''
    AND (@group_name IS NULL OR c.group_name = @group_name)
  GROUP BY 1, 2
)
SELECT r.*,
  IF(g.callback_key IS NULL, 0, r.offered)                      AS callbacks_offered,
  COALESCE(cr.accepted, 0)                                      AS callbacks_accepted,
  COALESCE(cr.connected, 0)                                     AS callbacks_connected
FROM (
SELECT
  q.interval_start,
  q.group_name,
  COUNT(*)                                                      AS offered,
  SUM(q.answered)                                               AS answered,
  SUM(q.abandoned)                                              AS abandoned,
  COUNT(*) - SUM(q.answered) - SUM(q.abandoned)                 AS unanswered_other,
  ROUND(AVG(IF(q.abandoned = 1, q.wait_sec, NULL)), 1)          AS avg_abandon_sec,
  ROUND(MAX(IF(q.abandoned = 1, q.wait_sec, NULL)), 1)          AS max_abandon_sec,
  SUM(q.answered = 1 AND q.wait_sec <= @sl_sec)                 AS answered_within_sl,
  ROUND(100 * SUM(q.answered = 1 AND q.wait_sec <= @sl_sec) / COUNT(*), 1) AS service_level_pct,
  ROUND(AVG(IF(q.answered = 1, q.wait_sec, NULL)), 1)           AS asa_sec,
  ROUND(AVG(q.wait_sec), 1)                                     AS avg_wait_sec,
  ROUND(MAX(q.wait_sec), 1)                                     AS max_wait_sec,
  ROUND(SUM(IF(q.answered = 1, q.talk_sec, 0)) / NULLIF(SUM(q.answered), 0), 1)   AS avg_talk_sec,
  ROUND(SUM(IF(q.answered = 1, q.wrapup_sec, 0)) / NULLIF(SUM(q.answered), 0), 1) AS avg_wrapup_sec,
  ROUND(SUM(IF(q.answered = 1, q.talk_sec + q.wrapup_sec, 0)) / NULLIF(SUM(q.answered), 0), 1) AS aht_sec,
  SUM(q.status = 4)                                             AS transferred
FROM (
  SELECT
    IF(@interval_sec = 0, CAST(@from AS DATETIME),
       DATE(c.started_at) + INTERVAL FLOOR(TIME_TO_SEC(c.started_at) / @interval_sec) * @interval_sec SECOND) AS interval_start,
    c.group_name,
    c.status,
    c.wait_sec,
    c.talk_sec,
    (c.answered_at IS NOT NULL)                                            AS answered,
    (c.answered_at IS NULL AND c.status IN (8, 13) AND c.hangup_by = 'caller') AS abandoned,
    IF(c.answered_at IS NULL, 0, COALESCE(w.wrapup_sec, 0))               AS wrapup_sec
  FROM call_records c
  LEFT JOIN wrapups w ON w.call_guid = c.guid AND w.extension = c.agent
  WHERE c.started_at >= @from AND c.started_at < @to
    AND c.direction = 'inbound'
    AND c.queued_at IS NOT NULL
    AND IFNULL(c.group_name, '') <> ''  -- not "IS NOT NULL": that lures the optimizer off the started_at range
    AND (@group_name IS NULL OR c.group_name = @group_name)
) q
GROUP BY q.interval_start, q.group_name
) r
LEFT JOIN agent_groups g ON g.name = r.group_name
LEFT JOIN callback_requests cr ON cr.interval_start = r.interval_start AND cr.group_name = r.group_name
ORDER BY r.interval_start, r.group_name;
