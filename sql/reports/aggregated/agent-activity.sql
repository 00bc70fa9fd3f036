-- Report agent-activity with its call columns read from the 15-minute aggregates (migration 058):
-- same columns and figures as ../agent-activity.sql (the definition; database tests compare the
-- two on random calls and random state sequences). Used when @from and @to are on 15-minute
-- boundaries. The state times come from report_agent_state_15m (closed segments, migration 060)
-- plus each agent's open segment from agent_state_log; the wrap-up per call still reads the
-- range's wrap-up rows of agent_state_log.
-- Definitions of every column: docs/REPORTS.md.
--
-- Parameters: as ../agent-activity.sql
--   SET @from = '2026-11-01 00:00:00', @to = '2026-12-01 00:00:00', @interval_sec = 86400, @agent = NULL;
WITH
-- The first interval's start: @from rounded down to a multiple of the interval within its day.
origin AS (
  SELECT IF(@interval_sec = 0, CAST(@from AS DATETIME(3)),
            CAST(DATE(@from) AS DATETIME(3)) + INTERVAL FLOOR(TIME_TO_SEC(CAST(@from AS DATETIME)) / @interval_sec) * @interval_sec SECOND) AS o
),
-- The state times of closed segments from the 15-minute aggregates (report_agent_state_15m,
-- migration 060: already cut at the quarter hours), summed into the report's intervals.
stored_times AS (
  SELECT IF(@interval_sec = 0, CAST(@from AS DATETIME),
            DATE(s.interval_start) + INTERVAL FLOOR(TIME_TO_SEC(s.interval_start) / @interval_sec) * @interval_sec SECOND) AS b_start,
         s.agent AS extension, s.state, s.ms / 1000 AS sec
  FROM report_agent_state_15m s
  WHERE s.interval_start >= @from AND s.interval_start < @to AND (@agent IS NULL OR s.agent = @agent)
),
-- The open segment of each agent: its latest row (the greatest id at the greatest at), until now.
open_rows AS (
  SELECT l.extension, l.to_state AS state, l.at
  FROM agent_state_log l
  JOIN (SELECT extension, MAX(at) AS at FROM agent_state_log WHERE (@agent IS NULL OR extension = @agent) GROUP BY extension) m
    ON m.extension = l.extension AND m.at = l.at
  WHERE l.at < @to
    AND NOT EXISTS (SELECT 1 FROM agent_state_log n WHERE n.extension = l.extension AND n.at = l.at AND n.id > l.id)
),
segments AS (
  SELECT extension, state, cf, ct,
         CAST(IF(@interval_sec = 0, 0, FLOOR(TIMESTAMPDIFF(MICROSECOND, o, cf) / (@interval_sec * 1000000))) AS UNSIGNED)     AS b0,
         CAST(IF(@interval_sec = 0, 0, FLOOR((TIMESTAMPDIFF(MICROSECOND, o, ct) - 1) / (@interval_sec * 1000000))) AS UNSIGNED) AS b1,
         o
  FROM (
    SELECT extension, state, GREATEST(at, CAST(@from AS DATETIME(3))) AS cf, LEAST(CAST(@to AS DATETIME(3)), NOW(3)) AS ct
    FROM open_rows
  ) r CROSS JOIN origin
  WHERE ct > cf
),
state_times AS (
  SELECT b_start, extension, state, SUM(sec) AS sec
  FROM (
    SELECT b_start, extension, state, sec FROM stored_times
    UNION ALL
    SELECT IF(@interval_sec = 0, CAST(@from AS DATETIME), CAST(sg.o + INTERVAL k.seq * @interval_sec SECOND AS DATETIME)),
           sg.extension, sg.state,
           TIMESTAMPDIFF(MICROSECOND,
             GREATEST(sg.cf, sg.o + INTERVAL k.seq * @interval_sec SECOND),
             IF(@interval_sec = 0, sg.ct, LEAST(sg.ct, sg.o + INTERVAL (k.seq + 1) * @interval_sec SECOND))) / 1000000
    FROM segments sg
    JOIN seq_0_to_100000 k ON k.seq BETWEEN sg.b0 AND sg.b1
  ) t
  GROUP BY b_start, extension, state
),
wrapups AS (
  SELECT call_guid, extension, SUM(GREATEST(0, TIMESTAMPDIFF(MICROSECOND, at, next_at))) / 1000000 AS wrapup_sec
  FROM (
    SELECT call_guid, extension, to_state, at,
           COALESCE(LEAD(at) OVER (PARTITION BY extension ORDER BY at, id), LEAST(CAST(@to AS DATETIME(3)), NOW(3))) AS next_at
    FROM agent_state_log FORCE INDEX (agent_state_log_at)  -- a month is a small share of the log: a range, not a scan
    WHERE at >= @from AND at < CAST(@to AS DATETIME) + INTERVAL 1 DAY AND (@agent IS NULL OR extension = @agent)
  ) s
  WHERE to_state = 'wrap_up' AND call_guid IS NOT NULL
  GROUP BY call_guid, extension
),
-- The call columns from the 15-minute aggregates (report_agent_15m), plus the wrap-up of each
-- answered inbound call (not in the aggregates: it ends after the record is written), added to
-- the 15-minute row of the call it belongs to.
call_counts AS (
  SELECT
    IF(@interval_sec = 0, CAST(@from AS DATETIME),
       DATE(cc.b) + INTERVAL FLOOR(TIME_TO_SEC(cc.b) / @interval_sec) * @interval_sec SECOND) AS b_start,
    cc.extension,
    SUM(cc.inbound_answered)   AS inbound_answered,
    SUM(cc.inbound_talk_sec)   AS inbound_talk_sec,
    SUM(cc.inbound_wrapup_sec) AS inbound_wrapup_sec,
    SUM(cc.outbound_calls)     AS outbound_calls,
    SUM(cc.internal_answered)  AS internal_answered,
    SUM(cc.transferred)        AS transferred
  FROM (
    SELECT a.interval_start AS b, a.agent AS extension, a.inbound_answered, a.inbound_talk_sum AS inbound_talk_sec, 0 AS inbound_wrapup_sec,
           a.outbound_calls, a.internal_answered, a.transferred
    FROM report_agent_15m a
    WHERE a.interval_start >= @from AND a.interval_start < @to
      AND (@agent IS NULL OR a.agent = @agent)
    UNION ALL
    SELECT DATE(c.started_at) + INTERVAL FLOOR(TIME_TO_SEC(c.started_at) / 900) * 900 SECOND, c.agent, 0, 0, w.wrapup_sec, 0, 0, 0
    FROM wrapups w
    JOIN call_records c ON c.guid = w.call_guid AND c.agent = w.extension
    WHERE c.started_at >= @from AND c.started_at < @to
      AND c.direction = 'inbound' AND c.answered_at IS NOT NULL
  ) cc
  GROUP BY 1, 2
),
per_agent AS (
  SELECT b_start, extension,
         SUM(IF(state <> 'logged_out', sec, 0)) AS login_sec,
         SUM(IF(state = 'ready', sec, 0))       AS ready_sec,
         SUM(IF(state = 'not_ready', sec, 0))   AS not_ready_sec,
         SUM(IF(state = 'ringing', sec, 0))     AS ringing_sec,
         SUM(IF(state = 'on_call', sec, 0))     AS on_call_sec,
         SUM(IF(state = 'wrap_up', sec, 0))     AS wrapup_sec,
         0 AS inbound_answered, 0 AS inbound_talk_sec, 0 AS inbound_wrapup_sec, 0 AS outbound_calls, 0 AS internal_answered, 0 AS transferred
  FROM state_times GROUP BY b_start, extension
  -- an interval in which the agent was logged out throughout is no row of its own
  HAVING login_sec > 0
  UNION ALL
  SELECT b_start, extension, 0, 0, 0, 0, 0, 0, inbound_answered, inbound_talk_sec, inbound_wrapup_sec, outbound_calls, internal_answered, transferred
  FROM call_counts
)
SELECT
  b_start                                     AS interval_start,
  extension                                   AS agent,
  ROUND(SUM(login_sec))                       AS login_sec,
  ROUND(SUM(ready_sec))                       AS ready_sec,
  ROUND(SUM(not_ready_sec))                   AS not_ready_sec,
  ROUND(SUM(ringing_sec))                     AS ringing_sec,
  ROUND(SUM(on_call_sec))                     AS on_call_sec,
  ROUND(SUM(wrapup_sec))                      AS wrapup_sec,
  ROUND(100 * SUM(on_call_sec + wrapup_sec) / NULLIF(SUM(ready_sec + ringing_sec + on_call_sec + wrapup_sec), 0), 1) AS occupancy_pct,
  SUM(inbound_answered)                       AS inbound_answered,
  SUM(outbound_calls)                         AS outbound_calls,
  SUM(internal_answered)                      AS internal_answered,
  SUM(inbound_answered + outbound_calls + internal_answered) AS calls_handled,
  SUM(transferred)                            AS transferred,
  ROUND((SUM(inbound_talk_sec) + SUM(inbound_wrapup_sec)) / NULLIF(SUM(inbound_answered), 0), 1) AS aht_sec
FROM per_agent
GROUP BY b_start, extension
ORDER BY b_start, LENGTH(extension), extension;
