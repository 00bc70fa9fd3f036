-- Report agent-ids (issue 19, hot-desking): per interval, agent ID (工号) and phone, the logins,
-- the logged-in time and the calls the agent ID answered there. Definitions: docs/REPORTS.md.
--
-- Parameters (MySQL user variables; the app sets them the same way before running this file):
--   SET @from = '2026-11-01 00:00:00',  -- first instant included (local time)
--       @to   = '2026-12-01 00:00:00',  -- first instant excluded
--       @interval_sec = 86400,          -- 900 (15 min), 3600 (hour), 86400 (day), 0 (the whole range)
--       @agent = NULL;                  -- one agent ID or extension, or NULL for all
--
-- A phone nobody is seated at is its own agent: agent_id = extension (rows written before
-- migration 051 have no agent_id and count that way too). A logged-in stretch (any state but
-- logged_out) counts in the interval it began in, up to the phone's next state change (or @to,
-- or now), so this report is for "who worked where", not for cutting time at interval edges
-- (agent-activity does that per phone). Calls count in the interval they started in.
SELECT
  s.interval_start,
  s.agent_id,
  s.extension,
  SUM(s.logins)                       AS logins,
  ROUND(SUM(s.logged_in_sec), 0)      AS logged_in_sec,
  SUM(s.answered)                     AS answered,
  ROUND(SUM(s.talk_sec), 0)           AS talk_sec
FROM (
  SELECT
    IF(@interval_sec = 0, CAST(@from AS DATETIME),
       DATE(x.at) + INTERVAL FLOOR(TIME_TO_SEC(x.at) / @interval_sec) * @interval_sec SECOND) AS interval_start,
    x.agent_id, x.extension,
    IF(x.from_state = 'logged_out' AND x.to_state <> 'logged_out', 1, 0) AS logins,
    IF(x.to_state <> 'logged_out', TIMESTAMPDIFF(MICROSECOND, x.at, LEAST(COALESCE(x.until_at, NOW(3)), CAST(@to AS DATETIME(3)))) / 1000000, 0) AS logged_in_sec,
    0 AS answered, 0 AS talk_sec
  FROM (
    SELECT l.extension, COALESCE(l.agent_id, l.extension) AS agent_id, l.from_state, l.to_state, l.at,
           LEAD(l.at) OVER (PARTITION BY l.extension ORDER BY l.at, l.id) AS until_at
    FROM agent_state_log l
    WHERE l.at >= @from AND l.at < @to
  ) x
  WHERE @agent IS NULL OR x.agent_id = @agent OR x.extension = @agent
  UNION ALL
  SELECT
    IF(@interval_sec = 0, CAST(@from AS DATETIME),
       DATE(r.started_at) + INTERVAL FLOOR(TIME_TO_SEC(r.started_at) / @interval_sec) * @interval_sec SECOND),
    COALESCE(r.agent_id, r.agent), r.agent,
    0, 0, 1, r.talk_sec
  FROM call_records r
  WHERE r.started_at >= @from AND r.started_at < @to AND r.agent IS NOT NULL AND r.answered_at IS NOT NULL
    AND (@agent IS NULL OR r.agent_id = @agent OR r.agent = @agent)
) s
GROUP BY s.interval_start, s.agent_id, s.extension
ORDER BY s.interval_start, LENGTH(s.agent_id), s.agent_id, LENGTH(s.extension), s.extension;
