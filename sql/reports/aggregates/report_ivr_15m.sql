-- Aggregate report_ivr_15m (migration 058) computed from the raw call records of [@from, @to)
-- (15-minute boundaries): status 7 calls per flow and trunk ('' for none). Same expressions as the
-- insert trigger (migration 059) and ivr-only.sql.
--   SET @from = '2026-11-01 00:00:00', @to = '2026-11-02 00:00:00';
SELECT
  DATE(c.started_at) + INTERVAL FLOOR(TIME_TO_SEC(c.started_at) / 900) * 900 SECOND AS interval_start,
  IFNULL(c.flow, '')                                               AS flow,
  IFNULL(c.trunk, '')                                              AS trunk,
  COUNT(*)                                                         AS calls,
  SUM(c.hangup_by = 'caller')                                      AS caller_hung_up,
  SUM(TIMESTAMPDIFF(MICROSECOND, c.started_at, c.ended_at) / 1000000) AS duration_sum,
  MAX(TIMESTAMPDIFF(MICROSECOND, c.started_at, c.ended_at) / 1000000) AS duration_max
FROM call_records c
WHERE c.started_at >= @from AND c.started_at < @to
  AND c.status = 7
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3
