-- Report trunk-usage (D4): calls carried by each trunk, per interval.
-- Definitions of every column: docs/REPORTS.md.
--
-- Parameters (MySQL user variables; the app sets them the same way before running this file):
--   SET @from = '2026-11-01 00:00:00',  -- first instant included (local time)
--       @to   = '2026-12-01 00:00:00',  -- first instant excluded
--       @interval_sec = 86400,          -- 900 (15 min), 3600 (hour), 86400 (day), 0 (the whole range)
--       @trunk = NULL;                  -- one trunk, or NULL for every trunk
--
-- A call counts in the interval it started in; its whole duration is added there.
SELECT
  t.interval_start,
  t.trunk,
  COUNT(*)                                              AS calls,
  SUM(t.direction = 'inbound')                          AS inbound,
  SUM(t.direction = 'outbound')                         AS outbound,
  SUM(t.answered)                                       AS answered,
  SUM(t.direction = 'outbound' AND t.status = 12)       AS outbound_failed,
  ROUND(100 * SUM(t.direction = 'outbound' AND t.status = 12) / NULLIF(SUM(t.direction = 'outbound'), 0), 1) AS outbound_failed_pct,
  SUM(t.direction = 'outbound' AND t.status = 14)       AS outbound_abandoned,
  ROUND(SUM(t.duration_sec) / 60, 1)                    AS occupied_min,
  ROUND(SUM(t.talk_sec) / 60, 1)                        AS talk_min,
  ROUND(SUM(t.talk_sec) / NULLIF(SUM(t.answered), 0), 1) AS avg_talk_sec
FROM (
  SELECT
    IF(@interval_sec = 0, CAST(@from AS DATETIME),
       DATE(c.started_at) + INTERVAL FLOOR(TIME_TO_SEC(c.started_at) / @interval_sec) * @interval_sec SECOND) AS interval_start,
    c.trunk, c.direction, c.status, c.talk_sec,
    (c.answered_at IS NOT NULL)                                      AS answered,
    TIMESTAMPDIFF(MICROSECOND, c.started_at, c.ended_at) / 1000000  AS duration_sec
  FROM call_records c
  WHERE c.started_at >= @from AND c.started_at < @to
    AND IFNULL(c.trunk, '') <> ''  -- not "IS NOT NULL": that lures the optimizer off the started_at range
    AND (@trunk IS NULL OR c.trunk = @trunk)
) t
GROUP BY t.interval_start, t.trunk
ORDER BY t.interval_start, t.trunk;
