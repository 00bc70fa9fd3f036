-- Report survey-scores (D4, C7): satisfaction survey answers per interval, group and agent.
-- Definitions of every column: docs/REPORTS.md.
--
-- Parameters (MySQL user variables; the app sets them the same way before running this file):
--   SET @from = '2026-11-01 00:00:00',  -- first instant included (local time)
--       @to   = '2026-12-01 00:00:00',  -- first instant excluded
--       @interval_sec = 86400,          -- 900 (15 min), 3600 (hour), 86400 (day), 0 (the whole range)
--       @group_name = NULL,             -- one group, or NULL for every group
--       @agent = NULL;                  -- one extension, or NULL for every agent
--
-- An answer counts in the interval it was given in (survey_results.at = the end of the call).
SELECT
  s.interval_start,
  s.group_name,
  s.agent,
  COUNT(*)                  AS responses,
  ROUND(AVG(s.score), 2)    AS avg_score,
  SUM(s.score = 1)          AS score_1,
  SUM(s.score = 2)          AS score_2,
  SUM(s.score = 3)          AS score_3,
  SUM(s.score = 4)          AS score_4,
  SUM(s.score = 5)          AS score_5
FROM (
  SELECT
    IF(@interval_sec = 0, CAST(@from AS DATETIME),
       DATE(r.at) + INTERVAL FLOOR(TIME_TO_SEC(r.at) / @interval_sec) * @interval_sec SECOND) AS interval_start,
    r.group_name, r.agent, r.score
  FROM survey_results r
  WHERE r.at >= @from AND r.at < @to
    AND (@group_name IS NULL OR r.group_name = @group_name)
    AND (@agent IS NULL OR r.agent = @agent)
) s
GROUP BY s.interval_start, s.group_name, s.agent
ORDER BY s.interval_start, s.group_name, LENGTH(s.agent), s.agent;
