-- Report dispositions (issue 21): wrap-up disposition codes the agents gave, per interval, group,
-- agent and code, with the talk time of those calls. Definitions: docs/REPORTS.md.
--
-- Parameters (MySQL user variables; the app sets them the same way before running this file):
--   SET @from = '2026-11-01 00:00:00',  -- first instant included (local time)
--       @to   = '2026-12-01 00:00:00',  -- first instant excluded
--       @interval_sec = 86400,          -- 900 (15 min), 3600 (hour), 86400 (day), 0 (the whole range)
--       @group_name = NULL,             -- one group, or NULL for every group
--       @agent = NULL;                  -- one extension, or NULL for every agent
--
-- A disposition counts in the interval its call started in. A call transferred between agents
-- may have one disposition per agent; each counts for its agent.
SELECT
  s.interval_start,
  s.group_name,
  s.agent,
  s.code,
  COUNT(*)                    AS calls,
  ROUND(AVG(s.talk_sec), 1)   AS avg_talk_sec
FROM (
  SELECT
    IF(@interval_sec = 0, CAST(@from AS DATETIME),
       DATE(r.started_at) + INTERVAL FLOOR(TIME_TO_SEC(r.started_at) / @interval_sec) * @interval_sec SECOND) AS interval_start,
    r.group_name, d.agent, d.code, r.talk_sec
  FROM call_dispositions d
  JOIN call_records r ON r.guid = d.call_guid
  WHERE r.started_at >= @from AND r.started_at < @to
    AND (@group_name IS NULL OR r.group_name = @group_name)
    AND (@agent IS NULL OR d.agent = @agent)
) s
GROUP BY s.interval_start, s.group_name, s.agent, s.code
ORDER BY s.interval_start, s.group_name, LENGTH(s.agent), s.agent, s.code;
