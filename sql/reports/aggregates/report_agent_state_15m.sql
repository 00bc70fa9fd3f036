-- Aggregate report_agent_state_15m (migration 060) computed from the raw agent_state_log rows for
-- [@from, @to) (15-minute boundaries): per interval, agent and state, the milliseconds of every
-- closed segment (a row until the agent's next row, ordered by at, id), cut at the quarter hours.
-- Same rule as the triggers of migration 060 and the state times of ../agent-activity.sql; the
-- open segment (each agent's latest row) is not stored. logged_out is not stored.
--   SET @from = '2026-11-01 00:00:00', @to = '2026-11-02 00:00:00';
WITH
-- The rows in the range, plus each agent's last row before it (the state at @from).
state_rows AS (
  SELECT l.id, l.extension, l.to_state, l.at
  FROM agent_state_log l FORCE INDEX (agent_state_log_at)
  WHERE l.at >= @from AND l.at < @to
  UNION ALL
  SELECT l.id, l.extension, l.to_state, l.at
  FROM agent_state_log l
  JOIN (SELECT extension, MAX(at) AS at FROM agent_state_log WHERE at < @from GROUP BY extension) last_before
    ON last_before.extension = l.extension AND last_before.at = l.at
),
segments AS (
  SELECT extension, state, cf, ct,
         CAST(FLOOR(TIMESTAMPDIFF(MICROSECOND, @from, cf) / 900000000) AS UNSIGNED)       AS b0,
         CAST(FLOOR((TIMESTAMPDIFF(MICROSECOND, @from, ct) - 1) / 900000000) AS UNSIGNED) AS b1
  FROM (
    SELECT r.extension, r.to_state AS state,
           GREATEST(r.at, CAST(@from AS DATETIME(3))) AS cf,
           LEAST((SELECT n.at FROM agent_state_log n
                  WHERE n.extension = r.extension AND (n.at > r.at OR (n.at = r.at AND n.id > r.id))
                  ORDER BY n.at, n.id LIMIT 1), CAST(@to AS DATETIME(3))) AS ct
    FROM state_rows r
    WHERE r.to_state <> 'logged_out'
  ) s
  WHERE ct > cf
)
SELECT CAST(CAST(@from AS DATETIME) + INTERVAL k.seq * 900 SECOND AS DATETIME) AS interval_start,
       sg.extension AS agent, sg.state,
       SUM(TIMESTAMPDIFF(MICROSECOND,
             GREATEST(sg.cf, CAST(@from AS DATETIME(3)) + INTERVAL k.seq * 900 SECOND),
             LEAST(sg.ct, CAST(@from AS DATETIME(3)) + INTERVAL (k.seq + 1) * 900 SECOND)) DIV 1000) AS ms
FROM segments sg
JOIN seq_0_to_100000 k ON k.seq BETWEEN sg.b0 AND sg.b1
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3
