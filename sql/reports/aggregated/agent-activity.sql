-- Report agent-activity with its call columns read from the 15-minute aggregates (migration 058):
-- same columns and figures as ../agent-activity.sql (the definition; database tests compare the
-- two on random calls). Used when @from and @to are on 15-minute boundaries. The state times
-- still come from agent_state_log, as in ../agent-activity.sql.
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
-- Each agent's state rows in the range, plus the last row before it (the state at @from).
state_rows AS (
  SELECT l.id, l.extension, l.to_state, l.at
  FROM agent_state_log l FORCE INDEX (agent_state_log_at, agent_state_log_agent_at)  -- a range of the log, never a scan of all of it
  WHERE l.at >= @from AND l.at < @to AND (@agent IS NULL OR l.extension = @agent)
  UNION ALL
  SELECT l.id, l.extension, l.to_state, l.at
  FROM agent_state_log l
  JOIN (SELECT extension, MAX(at) AS at FROM agent_state_log
        WHERE at < @from AND (@agent IS NULL OR extension = @agent) GROUP BY extension) last_before
    ON last_before.extension = l.extension AND last_before.at = l.at
),
-- Each state as a segment, cut to the range, with the first and last interval numbers it touches.
segments AS (
  SELECT extension, state, cf, ct,
         -- integers, so the join below is a range lookup on the sequence, not a scan of it
         CAST(IF(@interval_sec = 0, 0, FLOOR(TIMESTAMPDIFF(MICROSECOND, o, cf) / (@interval_sec * 1000000))) AS UNSIGNED)     AS b0,
         CAST(IF(@interval_sec = 0, 0, FLOOR((TIMESTAMPDIFF(MICROSECOND, o, ct) - 1) / (@interval_sec * 1000000))) AS UNSIGNED) AS b1,
         o
  FROM (
    SELECT extension, to_state AS state,
           GREATEST(at, CAST(@from AS DATETIME(3))) AS cf,
           LEAST(COALESCE(LEAD(at) OVER (PARTITION BY extension ORDER BY at, id), CAST(@to AS DATETIME(3))), CAST(@to AS DATETIME(3)), NOW(3)) AS ct
    FROM state_rows
  ) r CROSS JOIN origin
  WHERE ct > cf
),
-- A segment spanning interval boundaries (logged in 08:50-10:10) gives each interval its part:
-- the intervals are numbered, so each segment meets only its own (seq_0_to_N is MariaDB's
-- SEQUENCE engine), not every interval of the range.
state_times AS (
  SELECT IF(@interval_sec = 0, CAST(@from AS DATETIME), CAST(sg.o + INTERVAL k.seq * @interval_sec SECOND AS DATETIME)) AS b_start,
         sg.extension, sg.state,
         SUM(TIMESTAMPDIFF(MICROSECOND,
               GREATEST(sg.cf, sg.o + INTERVAL k.seq * @interval_sec SECOND),
               IF(@interval_sec = 0, sg.ct, LEAST(sg.ct, sg.o + INTERVAL (k.seq + 1) * @interval_sec SECOND))) / 1000000) AS sec
  FROM segments sg
  JOIN seq_0_to_100000 k ON k.seq BETWEEN sg.b0 AND sg.b1
  GROUP BY 1, sg.extension, sg.state
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
