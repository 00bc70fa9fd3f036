-- Report ivr-only (D4): inbound calls that ended in the IVR without reaching a queue or a
-- person (status 7, "not transferred"), per interval, flow and trunk.
-- Definitions of every column: docs/REPORTS.md.
--
-- Parameters (MySQL user variables; the app sets them the same way before running this file):
--   SET @from = '2026-11-01 00:00:00',  -- first instant included (local time)
--       @to   = '2026-12-01 00:00:00',  -- first instant excluded
--       @interval_sec = 86400,          -- 900 (15 min), 3600 (hour), 86400 (day), 0 (the whole range)
--       @trunk = NULL;                  -- one trunk, or NULL for every trunk
SELECT
  i.interval_start,
  i.flow,
  i.trunk,
  COUNT(*)                          AS calls,
  SUM(i.hangup_by = 'caller')       AS caller_hung_up,
  ROUND(AVG(i.duration_sec), 1)     AS avg_ivr_sec,
  ROUND(MAX(i.duration_sec), 1)     AS max_ivr_sec
FROM (
  SELECT
    IF(@interval_sec = 0, CAST(@from AS DATETIME),
       DATE(c.started_at) + INTERVAL FLOOR(TIME_TO_SEC(c.started_at) / @interval_sec) * @interval_sec SECOND) AS interval_start,
    c.flow, c.trunk, c.hangup_by,
    TIMESTAMPDIFF(MICROSECOND, c.started_at, c.ended_at) / 1000000 AS duration_sec
  FROM call_records c
  WHERE c.started_at >= @from AND c.started_at < @to
    AND c.status = 7
    AND (@trunk IS NULL OR c.trunk = @trunk)
) i
GROUP BY i.interval_start, i.flow, i.trunk
ORDER BY i.interval_start, i.flow, i.trunk;
