-- Issue 18, reports at scale: agent-activity's state times from 15-minute aggregates. Each
-- agent_state_log row starts a state that lasts until the agent's next row (ordered by at, id);
-- report_agent_state_15m holds, per 15-minute interval, agent and state, the milliseconds of
-- every CLOSED segment (a row that has a next row), cut exactly at the quarter hours. The open
-- segment (each agent's latest row, until now) is computed at query time
-- (sql/reports/aggregated/agent-activity.sql). logged_out time is not stored (no report sums it).
-- Milliseconds as integers: `at` is DATETIME(3), so every part is exact and deltas cancel exactly.
--
-- Kept by the triggers below in the writer's own transaction, as exact deltas, so no interval is
-- ever stale after an insert or delete:
--   insert, the agent's newest row: the previous row's segment closes at NEW.at (added);
--   insert before a later row (a late row: a spool replay after an outage, the restart gap rows):
--     the previous row's state over [NEW.at, next.at) is taken back and NEW's state added;
--   delete (the retention job, a DBA): the reverse;
--   update of extension, state or at: the intervals of both positions are marked in
--     report_aggregates_dirty and rebuilt from the raw rows before the next report.
-- INSERT IGNORE of a row already written (a replay with its row_key) fires no trigger.
-- The rebuild / check SQL: sql/reports/aggregates/report_agent_state_15m.sql (same rule).

CREATE TABLE report_agent_state_15m (
  interval_start DATETIME NOT NULL,
  agent VARCHAR(32) NOT NULL,
  state VARCHAR(16) NOT NULL,
  ms BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (interval_start, agent, state),
  KEY report_agent_state_15m_agent (agent, interval_start)
) ENGINE=InnoDB;

-- Adds (p_sign 1) or takes back (-1) p_state over [p_from, p_to), split at quarter hours, in one
-- statement (the quarter hours numbered by MariaDB's SEQUENCE engine). A row that reaches 0 ms
-- is deleted (the rebuild has no row there either).
CREATE PROCEDURE report_agent_state_add(IN p_agent VARCHAR(32), IN p_state VARCHAR(16), IN p_from DATETIME(3), IN p_to DATETIME(3), IN p_sign INT)
BEGIN
  DECLARE v_b0 DATETIME(3);
  DECLARE v_n BIGINT;
  IF p_state IS NOT NULL AND p_state <> 'logged_out' AND p_from IS NOT NULL AND p_to IS NOT NULL AND p_to > p_from THEN
    SET v_b0 = CAST(DATE(p_from) AS DATETIME(3)) + INTERVAL FLOOR(TIME_TO_SEC(p_from) / 900) * 900 SECOND;
    SET v_n = FLOOR((TIMESTAMPDIFF(MICROSECOND, v_b0, p_to) - 1) / 900000000) + 1;
    INSERT INTO report_agent_state_15m (interval_start, agent, state, ms)
      SELECT q.b, p_agent, p_state,
             p_sign * (TIMESTAMPDIFF(MICROSECOND, GREATEST(p_from, q.b), LEAST(p_to, q.b + INTERVAL 900 SECOND)) DIV 1000)
      FROM (SELECT v_b0 + INTERVAL k.seq * 900 SECOND AS b FROM seq_0_to_10000000 k WHERE k.seq < v_n) q
    ON DUPLICATE KEY UPDATE ms = ms + VALUES(ms);
    IF p_sign < 0 THEN
      DELETE FROM report_agent_state_15m
        WHERE agent = p_agent AND interval_start >= v_b0 AND interval_start < p_to AND state = p_state AND ms = 0;
    END IF;
  END IF;
END;

-- Marks every 15-minute interval that [p_from, p_to] touches.
CREATE PROCEDURE report_agent_state_mark(IN p_from DATETIME(3), IN p_to DATETIME(3))
BEGIN
  DECLARE v_b DATETIME DEFAULT DATE(p_from) + INTERVAL FLOOR(TIME_TO_SEC(p_from) / 900) * 900 SECOND;
  IF p_from IS NOT NULL AND p_to IS NOT NULL THEN
    WHILE v_b <= p_to DO
      INSERT IGNORE INTO report_aggregates_dirty (interval_start) VALUES (v_b);
      SET v_b = v_b + INTERVAL 900 SECOND;
    END WHILE;
  END IF;
END;

CREATE TRIGGER agent_state_log_report_aggregates AFTER INSERT ON agent_state_log FOR EACH ROW
BEGIN
  DECLARE v_prev_id BIGINT UNSIGNED DEFAULT (SELECT id FROM agent_state_log
    WHERE extension = NEW.extension AND (at < NEW.at OR (at = NEW.at AND id < NEW.id)) ORDER BY at DESC, id DESC LIMIT 1);
  DECLARE v_prev_at DATETIME(3) DEFAULT (SELECT at FROM agent_state_log WHERE id = v_prev_id);
  DECLARE v_prev_state VARCHAR(16) DEFAULT (SELECT to_state FROM agent_state_log WHERE id = v_prev_id);
  DECLARE v_next_at DATETIME(3) DEFAULT (SELECT at FROM agent_state_log
    WHERE extension = NEW.extension AND (at > NEW.at OR (at = NEW.at AND id > NEW.id)) ORDER BY at, id LIMIT 1);
  IF v_next_at IS NULL THEN
    CALL report_agent_state_add(NEW.extension, v_prev_state, v_prev_at, NEW.at, 1);
  ELSE
    CALL report_agent_state_add(NEW.extension, v_prev_state, NEW.at, v_next_at, -1);
    CALL report_agent_state_add(NEW.extension, NEW.to_state, NEW.at, v_next_at, 1);
  END IF;
END;

CREATE TRIGGER agent_state_log_report_aggregates_delete AFTER DELETE ON agent_state_log FOR EACH ROW
BEGIN
  DECLARE v_prev_id BIGINT UNSIGNED DEFAULT (SELECT id FROM agent_state_log
    WHERE extension = OLD.extension AND (at < OLD.at OR (at = OLD.at AND id < OLD.id)) ORDER BY at DESC, id DESC LIMIT 1);
  DECLARE v_prev_at DATETIME(3) DEFAULT (SELECT at FROM agent_state_log WHERE id = v_prev_id);
  DECLARE v_prev_state VARCHAR(16) DEFAULT (SELECT to_state FROM agent_state_log WHERE id = v_prev_id);
  DECLARE v_next_at DATETIME(3) DEFAULT (SELECT at FROM agent_state_log
    WHERE extension = OLD.extension AND (at > OLD.at OR (at = OLD.at AND id > OLD.id)) ORDER BY at, id LIMIT 1);
  IF v_next_at IS NULL THEN
    CALL report_agent_state_add(OLD.extension, v_prev_state, v_prev_at, OLD.at, -1);
  ELSE
    CALL report_agent_state_add(OLD.extension, OLD.to_state, OLD.at, v_next_at, -1);
    CALL report_agent_state_add(OLD.extension, v_prev_state, OLD.at, v_next_at, 1);
  END IF;
END;

-- An update of what the report reads marks, for the old and the new position, the intervals from
-- the previous row to the next one (the segments that changed), rebuilt before the next report.
CREATE TRIGGER agent_state_log_report_aggregates_update AFTER UPDATE ON agent_state_log FOR EACH ROW
BEGIN
  IF NOT (OLD.extension <=> NEW.extension AND OLD.to_state <=> NEW.to_state AND OLD.at <=> NEW.at AND OLD.id <=> NEW.id) THEN
    CALL report_agent_state_mark(
      IFNULL((SELECT MAX(at) FROM agent_state_log WHERE extension = OLD.extension AND at <= OLD.at AND id <> NEW.id), OLD.at),
      IFNULL((SELECT MIN(at) FROM agent_state_log WHERE extension = OLD.extension AND at >= OLD.at AND id <> NEW.id), OLD.at));
    CALL report_agent_state_mark(
      IFNULL((SELECT MAX(at) FROM agent_state_log WHERE extension = NEW.extension AND at <= NEW.at AND id <> NEW.id), NEW.at),
      IFNULL((SELECT MIN(at) FROM agent_state_log WHERE extension = NEW.extension AND at >= NEW.at AND id <> NEW.id), NEW.at));
  END IF;
END;

-- A site with state history: reports read the raw rows until the report-aggregates job has
-- backfilled (it runs at app start; the backfill spans agent_state_log's months too).
UPDATE report_aggregates_status SET complete_since = NULL WHERE id = 1 AND EXISTS (SELECT 1 FROM agent_state_log);
