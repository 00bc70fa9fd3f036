-- Aggregate report_agent_15m (migration 058) computed from the raw call records of [@from, @to)
-- (15-minute boundaries): the call columns of agent-activity, per agent. Same expressions as the
-- insert trigger (migration 059) and agent-activity.sql.
--   SET @from = '2026-11-01 00:00:00', @to = '2026-11-02 00:00:00';
SELECT
  DATE(c.started_at) + INTERVAL FLOOR(TIME_TO_SEC(c.started_at) / 900) * 900 SECOND AS interval_start,
  c.agent,
  SUM(c.direction = 'inbound' AND c.answered_at IS NOT NULL)                    AS inbound_answered,
  SUM(IF(c.direction = 'inbound' AND c.answered_at IS NOT NULL, c.talk_sec, 0)) AS inbound_talk_sum,
  SUM(c.direction = 'outbound')                                                 AS outbound_calls,
  SUM(c.direction = 'internal' AND c.answered_at IS NOT NULL)                   AS internal_answered,
  SUM(c.status = 4)                                                             AS transferred
FROM call_records c
WHERE c.started_at >= @from AND c.started_at < @to
  AND IFNULL(c.agent, '') <> ''
GROUP BY 1, 2
ORDER BY 1, 2
