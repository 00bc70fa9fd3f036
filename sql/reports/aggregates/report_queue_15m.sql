-- Aggregate report_queue_15m (migration 058) computed from the raw call records of [@from, @to)
-- (both on 15-minute boundaries). The rebuild replaces the stored rows of the range with these;
-- the consistency check compares them. Same expressions as the insert trigger (migration 059)
-- and queue-summary.sql.
--   SET @from = '2026-11-01 00:00:00', @to = '2026-11-02 00:00:00';
SELECT
  DATE(c.started_at) + INTERVAL FLOOR(TIME_TO_SEC(c.started_at) / 900) * 900 SECOND AS interval_start,
  c.group_name,
  COUNT(*)                                                          AS offered,
  SUM(c.answered_at IS NOT NULL)                                    AS answered,
  SUM(c.answered_at IS NULL AND c.status IN (8, 13) AND c.hangup_by = 'caller') AS abandoned,
  SUM(IF(c.answered_at IS NULL AND c.status IN (8, 13) AND c.hangup_by = 'caller', c.wait_sec, 0))   AS abandon_wait_sum,
  MAX(IF(c.answered_at IS NULL AND c.status IN (8, 13) AND c.hangup_by = 'caller', c.wait_sec, NULL)) AS abandon_wait_max,
  SUM(IF(c.answered_at IS NOT NULL, c.wait_sec, 0))                 AS answered_wait_sum,
  SUM(IF(c.answered_at IS NOT NULL, c.talk_sec, 0))                 AS answered_talk_sum,
  SUM(c.wait_sec)                                                   AS wait_sum,
  MAX(c.wait_sec)                                                   AS wait_max,
  SUM(c.status = 4)                                                 AS transferred,
  SUM(c.answered_at IS NOT NULL AND c.wait_sec <= 5)   AS sl_5,
  SUM(c.answered_at IS NOT NULL AND c.wait_sec <= 10)  AS sl_10,
  SUM(c.answered_at IS NOT NULL AND c.wait_sec <= 15)  AS sl_15,
  SUM(c.answered_at IS NOT NULL AND c.wait_sec <= 20)  AS sl_20,
  SUM(c.answered_at IS NOT NULL AND c.wait_sec <= 25)  AS sl_25,
  SUM(c.answered_at IS NOT NULL AND c.wait_sec <= 30)  AS sl_30,
  SUM(c.answered_at IS NOT NULL AND c.wait_sec <= 45)  AS sl_45,
  SUM(c.answered_at IS NOT NULL AND c.wait_sec <= 60)  AS sl_60,
  SUM(c.answered_at IS NOT NULL AND c.wait_sec <= 90)  AS sl_90,
  SUM(c.answered_at IS NOT NULL AND c.wait_sec <= 120) AS sl_120,
  SUM(c.answered_at IS NOT NULL AND c.wait_sec <= 180) AS sl_180,
  SUM(c.answered_at IS NOT NULL AND c.wait_sec <= 300) AS sl_300
FROM call_records c
WHERE c.started_at >= @from AND c.started_at < @to
  AND c.direction = 'inbound'
  AND c.queued_at IS NOT NULL
  AND IFNULL(c.group_name, '') <> ''
GROUP BY 1, 2
ORDER BY 1, 2
