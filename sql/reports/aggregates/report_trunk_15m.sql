-- Aggregate report_trunk_15m (migration 058) computed from the raw call records of [@from, @to)
-- (15-minute boundaries), per trunk. Same expressions as the insert trigger (migration 059) and
-- trunk-usage.sql.
--   SET @from = '2026-11-01 00:00:00', @to = '2026-11-02 00:00:00';
SELECT
  DATE(c.started_at) + INTERVAL FLOOR(TIME_TO_SEC(c.started_at) / 900) * 900 SECOND AS interval_start,
  c.trunk,
  COUNT(*)                                              AS calls,
  SUM(c.direction = 'inbound')                          AS inbound,
  SUM(c.direction = 'outbound')                         AS outbound,
  SUM(c.answered_at IS NOT NULL)                        AS answered,
  SUM(c.direction = 'outbound' AND c.status = 12)       AS outbound_failed,
  SUM(c.direction = 'outbound' AND c.status = 14)       AS outbound_abandoned,
  SUM(TIMESTAMPDIFF(MICROSECOND, c.started_at, c.ended_at) / 1000000) AS duration_sum,
  SUM(c.talk_sec)                                       AS talk_sum
FROM call_records c
WHERE c.started_at >= @from AND c.started_at < @to
  AND IFNULL(c.trunk, '') <> ''
GROUP BY 1, 2
ORDER BY 1, 2
