-- Report queue-summary read from the 15-minute aggregates (migration 058) instead of a range of
-- call records: same columns, same figures as ../queue-summary.sql (the definition; database
-- tests compare the two on random calls). Used when @from and @to are on 15-minute boundaries
-- and @sl_sec is one of the stored thresholds (5 10 15 20 25 30 45 60 90 120 180 300); otherwise
-- the app runs ../queue-summary.sql. Definitions of every column: docs/REPORTS.md.
--
-- Parameters: as ../queue-summary.sql
--   SET @from = '2026-11-01 00:00:00', @to = '2026-12-01 00:00:00', @interval_sec = 86400,
--       @group_name = NULL, @sl_sec = 20;
--
-- Wrap-up happens after the call record is written, so it is not in the aggregates: it is
-- computed as in ../queue-summary.sql (one pass over the range's agent state rows) and added to
-- the 15-minute rows of the calls it belongs to (a primary-key lookup per wrap-up).
-- Callback columns: from the callbacks table as in ../queue-summary.sql (a primary-key lookup
-- of the caller's record per callback), not from the aggregates.
WITH
wrapups AS (
  SELECT call_guid, extension, SUM(GREATEST(0, TIMESTAMPDIFF(MICROSECOND, at, next_at))) / 1000000 AS wrapup_sec
  FROM (
    SELECT call_guid, extension, to_state, at,
           COALESCE(LEAD(at) OVER (PARTITION BY extension ORDER BY at, id), LEAST(CAST(@to AS DATETIME(3)), NOW(3))) AS next_at
    FROM agent_state_log FORCE INDEX (agent_state_log_at)  -- a month is a small share of the log: a range, not a scan
    WHERE at >= @from AND at < CAST(@to AS DATETIME) + INTERVAL 1 DAY
  ) s
  WHERE to_state = 'wrap_up' AND call_guid IS NOT NULL
  GROUP BY call_guid, extension
),
quarter_hours AS (
  SELECT interval_start AS b, group_name, offered, answered, abandoned, abandon_wait_sum, abandon_wait_max,
         answered_wait_sum, answered_talk_sum, wait_sum, wait_max, transferred,
         CASE @sl_sec WHEN 5 THEN sl_5 WHEN 10 THEN sl_10 WHEN 15 THEN sl_15 WHEN 20 THEN sl_20 WHEN 25 THEN sl_25
                      WHEN 30 THEN sl_30 WHEN 45 THEN sl_45 WHEN 60 THEN sl_60 WHEN 90 THEN sl_90 WHEN 120 THEN sl_120
                      WHEN 180 THEN sl_180 WHEN 300 THEN sl_300 END AS within_sl,
         0 AS wrapup_sum
  FROM report_queue_15m
  WHERE interval_start >= @from AND interval_start < @to
    AND (@group_name IS NULL OR group_name = @group_name)
  UNION ALL
  SELECT DATE(c.started_at) + INTERVAL FLOOR(TIME_TO_SEC(c.started_at) / 900) * 900 SECOND, c.group_name,
         0, 0, 0, 0, NULL, 0, 0, 0, NULL, 0, 0, w.wrapup_sec
  FROM wrapups w
  JOIN call_records c ON c.guid = w.call_guid AND c.agent = w.extension
  WHERE c.started_at >= @from AND c.started_at < @to
    AND c.direction = 'inbound' AND c.queued_at IS NOT NULL AND c.answered_at IS NOT NULL
    AND IFNULL(c.group_name, '') <> ''
    AND (@group_name IS NULL OR c.group_name = @group_name)
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
  IF(@interval_sec = 0, CAST(@from AS DATETIME),
     DATE(q.b) + INTERVAL FLOOR(TIME_TO_SEC(q.b) / @interval_sec) * @interval_sec SECOND) AS interval_start,
  q.group_name,
  SUM(q.offered)                                                AS offered,
  SUM(q.answered)                                               AS answered,
  SUM(q.abandoned)                                              AS abandoned,
  SUM(q.offered) - SUM(q.answered) - SUM(q.abandoned)           AS unanswered_other,
  ROUND(SUM(q.abandon_wait_sum) / NULLIF(SUM(q.abandoned), 0), 1) AS avg_abandon_sec,
  ROUND(MAX(q.abandon_wait_max), 1)                             AS max_abandon_sec,
  SUM(q.within_sl)                                              AS answered_within_sl,
  ROUND(100 * SUM(q.within_sl) / SUM(q.offered), 1)             AS service_level_pct,
  ROUND(SUM(q.answered_wait_sum) / NULLIF(SUM(q.answered), 0), 1) AS asa_sec,
  ROUND(SUM(q.wait_sum) / SUM(q.offered), 1)                    AS avg_wait_sec,
  ROUND(MAX(q.wait_max), 1)                                     AS max_wait_sec,
  ROUND(SUM(q.answered_talk_sum) / NULLIF(SUM(q.answered), 0), 1) AS avg_talk_sec,
  ROUND(SUM(q.wrapup_sum) / NULLIF(SUM(q.answered), 0), 1)      AS avg_wrapup_sec,
  ROUND((SUM(q.answered_talk_sum) + SUM(q.wrapup_sum)) / NULLIF(SUM(q.answered), 0), 1) AS aht_sec,
  SUM(q.transferred)                                            AS transferred
FROM quarter_hours q
GROUP BY 1, q.group_name
) r
LEFT JOIN agent_groups g ON g.name = r.group_name
LEFT JOIN callback_requests cr ON cr.interval_start = r.interval_start AND cr.group_name = r.group_name
ORDER BY r.interval_start, r.group_name;
