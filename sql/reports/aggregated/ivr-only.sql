-- Report ivr-only read from the 15-minute aggregates (migration 058): same columns and figures as
-- ../ivr-only.sql (the definition). Used when @from and @to are on 15-minute boundaries. A call
-- without a flow or trunk is stored under '' and shown as NULL, as the raw report shows it.
-- Definitions of every column: docs/REPORTS.md.
--
-- Parameters: as ../ivr-only.sql
--   SET @from = '2026-11-01 00:00:00', @to = '2026-12-01 00:00:00', @interval_sec = 86400, @trunk = NULL;
SELECT
  IF(@interval_sec = 0, CAST(@from AS DATETIME),
     DATE(i.interval_start) + INTERVAL FLOOR(TIME_TO_SEC(i.interval_start) / @interval_sec) * @interval_sec SECOND) AS interval_start,
  NULLIF(i.flow, '')                                AS flow,
  NULLIF(i.trunk, '')                               AS trunk,
  SUM(i.calls)                                      AS calls,
  SUM(i.caller_hung_up)                             AS caller_hung_up,
  ROUND(SUM(i.duration_sum) / SUM(i.calls), 1)      AS avg_ivr_sec,
  ROUND(MAX(i.duration_max), 1)                     AS max_ivr_sec
FROM report_ivr_15m i
WHERE i.interval_start >= @from AND i.interval_start < @to
  AND (@trunk IS NULL OR i.trunk = @trunk)
GROUP BY 1, i.flow, i.trunk
ORDER BY 1, NULLIF(i.flow, ''), NULLIF(i.trunk, '');
