-- Report trunk-usage read from the 15-minute aggregates (migration 058): same columns and figures
-- as ../trunk-usage.sql (the definition). Used when @from and @to are on 15-minute boundaries.
-- Definitions of every column: docs/REPORTS.md.
--
-- Parameters: as ../trunk-usage.sql
--   SET @from = '2026-11-01 00:00:00', @to = '2026-12-01 00:00:00', @interval_sec = 86400, @trunk = NULL;
SELECT
  IF(@interval_sec = 0, CAST(@from AS DATETIME),
     DATE(t.interval_start) + INTERVAL FLOOR(TIME_TO_SEC(t.interval_start) / @interval_sec) * @interval_sec SECOND) AS interval_start,
  t.trunk,
  SUM(t.calls)                                          AS calls,
  SUM(t.inbound)                                        AS inbound,
  SUM(t.outbound)                                       AS outbound,
  SUM(t.answered)                                       AS answered,
  SUM(t.outbound_failed)                                AS outbound_failed,
  ROUND(100 * SUM(t.outbound_failed) / NULLIF(SUM(t.outbound), 0), 1) AS outbound_failed_pct,
  SUM(t.outbound_abandoned)                             AS outbound_abandoned,
  ROUND(SUM(t.duration_sum) / 60, 1)                    AS occupied_min,
  ROUND(SUM(t.talk_sum) / 60, 1)                        AS talk_min,
  ROUND(SUM(t.talk_sum) / NULLIF(SUM(t.answered), 0), 1) AS avg_talk_sec
FROM report_trunk_15m t
WHERE t.interval_start >= @from AND t.interval_start < @to
  AND (@trunk IS NULL OR t.trunk = @trunk)
GROUP BY 1, t.trunk
ORDER BY 1, t.trunk;
