-- Issue 18: the aggregates of migration 058 are maintained as call records are written, in the
-- record's own transaction, by every writer (the app's batches, spool replays, the last-resort
-- backfill, a DBA). An INSERT IGNORE that skips a record already written fires no AFTER INSERT
-- trigger, so a replayed record is never counted twice; a late record (a call of last week
-- written today) lands in its own interval. An UPDATE that changes a figure the reports use, or
-- a DELETE, marks the record's 15-minute interval(s) in report_aggregates_dirty, rebuilt from the
-- raw rows before the next report (maxima cannot be taken back by a delta).
-- Each expression here is the one the raw report files use (sql/reports/*.sql); the rebuild
-- (sql/reports/aggregates/rebuild.sql) groups the same expressions, and the consistency check
-- compares the two.

CREATE TRIGGER call_records_report_aggregates AFTER INSERT ON call_records FOR EACH ROW
BEGIN
  DECLARE v_b DATETIME DEFAULT DATE(NEW.started_at) + INTERVAL FLOOR(TIME_TO_SEC(NEW.started_at) / 900) * 900 SECOND;
  DECLARE v_answered INT DEFAULT (NEW.answered_at IS NOT NULL);
  DECLARE v_abandoned INT DEFAULT (NEW.answered_at IS NULL AND NEW.status IN (8, 13) AND NEW.hangup_by = 'caller');
  DECLARE v_duration DECIMAL(20,4) DEFAULT TIMESTAMPDIFF(MICROSECOND, NEW.started_at, NEW.ended_at) / 1000000;

  IF NEW.direction = 'inbound' AND NEW.queued_at IS NOT NULL AND IFNULL(NEW.group_name, '') <> '' THEN
    INSERT INTO report_queue_15m (interval_start, group_name, offered, answered, abandoned, abandon_wait_sum, abandon_wait_max,
        answered_wait_sum, answered_talk_sum, wait_sum, wait_max, transferred,
        sl_5, sl_10, sl_15, sl_20, sl_25, sl_30, sl_45, sl_60, sl_90, sl_120, sl_180, sl_300)
      VALUES (v_b, NEW.group_name, 1, v_answered, v_abandoned, IF(v_abandoned, NEW.wait_sec, 0), IF(v_abandoned, NEW.wait_sec, NULL),
        IF(v_answered, NEW.wait_sec, 0), IF(v_answered, NEW.talk_sec, 0), NEW.wait_sec, NEW.wait_sec, NEW.status = 4,
        v_answered AND NEW.wait_sec <= 5, v_answered AND NEW.wait_sec <= 10, v_answered AND NEW.wait_sec <= 15,
        v_answered AND NEW.wait_sec <= 20, v_answered AND NEW.wait_sec <= 25, v_answered AND NEW.wait_sec <= 30,
        v_answered AND NEW.wait_sec <= 45, v_answered AND NEW.wait_sec <= 60, v_answered AND NEW.wait_sec <= 90,
        v_answered AND NEW.wait_sec <= 120, v_answered AND NEW.wait_sec <= 180, v_answered AND NEW.wait_sec <= 300)
    ON DUPLICATE KEY UPDATE
      offered = offered + 1,
      answered = answered + VALUES(answered),
      abandoned = abandoned + VALUES(abandoned),
      abandon_wait_sum = abandon_wait_sum + VALUES(abandon_wait_sum),
      abandon_wait_max = IF(VALUES(abandon_wait_max) IS NULL, abandon_wait_max, GREATEST(IFNULL(abandon_wait_max, VALUES(abandon_wait_max)), VALUES(abandon_wait_max))),
      answered_wait_sum = answered_wait_sum + VALUES(answered_wait_sum),
      answered_talk_sum = answered_talk_sum + VALUES(answered_talk_sum),
      wait_sum = wait_sum + VALUES(wait_sum),
      wait_max = GREATEST(IFNULL(wait_max, VALUES(wait_max)), VALUES(wait_max)),
      transferred = transferred + VALUES(transferred),
      sl_5 = sl_5 + VALUES(sl_5), sl_10 = sl_10 + VALUES(sl_10), sl_15 = sl_15 + VALUES(sl_15),
      sl_20 = sl_20 + VALUES(sl_20), sl_25 = sl_25 + VALUES(sl_25), sl_30 = sl_30 + VALUES(sl_30),
      sl_45 = sl_45 + VALUES(sl_45), sl_60 = sl_60 + VALUES(sl_60), sl_90 = sl_90 + VALUES(sl_90),
      sl_120 = sl_120 + VALUES(sl_120), sl_180 = sl_180 + VALUES(sl_180), sl_300 = sl_300 + VALUES(sl_300);
  END IF;

  IF IFNULL(NEW.agent, '') <> '' THEN
    INSERT INTO report_agent_15m (interval_start, agent, inbound_answered, inbound_talk_sum, outbound_calls, internal_answered, transferred)
      VALUES (v_b, NEW.agent, NEW.direction = 'inbound' AND v_answered, IF(NEW.direction = 'inbound' AND v_answered, NEW.talk_sec, 0),
        NEW.direction = 'outbound', NEW.direction = 'internal' AND v_answered, NEW.status = 4)
    ON DUPLICATE KEY UPDATE
      inbound_answered = inbound_answered + VALUES(inbound_answered),
      inbound_talk_sum = inbound_talk_sum + VALUES(inbound_talk_sum),
      outbound_calls = outbound_calls + VALUES(outbound_calls),
      internal_answered = internal_answered + VALUES(internal_answered),
      transferred = transferred + VALUES(transferred);
  END IF;

  IF IFNULL(NEW.trunk, '') <> '' THEN
    INSERT INTO report_trunk_15m (interval_start, trunk, calls, inbound, outbound, answered, outbound_failed, outbound_abandoned, duration_sum, talk_sum)
      VALUES (v_b, NEW.trunk, 1, NEW.direction = 'inbound', NEW.direction = 'outbound', v_answered,
        NEW.direction = 'outbound' AND NEW.status = 12, NEW.direction = 'outbound' AND NEW.status = 14, v_duration, NEW.talk_sec)
    ON DUPLICATE KEY UPDATE
      calls = calls + 1,
      inbound = inbound + VALUES(inbound),
      outbound = outbound + VALUES(outbound),
      answered = answered + VALUES(answered),
      outbound_failed = outbound_failed + VALUES(outbound_failed),
      outbound_abandoned = outbound_abandoned + VALUES(outbound_abandoned),
      duration_sum = duration_sum + VALUES(duration_sum),
      talk_sum = talk_sum + VALUES(talk_sum);
  END IF;

  IF NEW.status = 7 THEN
    INSERT INTO report_ivr_15m (interval_start, flow, trunk, calls, caller_hung_up, duration_sum, duration_max)
      VALUES (v_b, IFNULL(NEW.flow, ''), IFNULL(NEW.trunk, ''), 1, NEW.hangup_by = 'caller', v_duration, v_duration)
    ON DUPLICATE KEY UPDATE
      calls = calls + 1,
      caller_hung_up = caller_hung_up + VALUES(caller_hung_up),
      duration_sum = duration_sum + VALUES(duration_sum),
      duration_max = GREATEST(IFNULL(duration_max, VALUES(duration_max)), VALUES(duration_max));
  END IF;
END;

-- An update that changes nothing the reports read (recording_path cleared by the retention job,
-- agent_id) leaves the aggregates alone.
CREATE TRIGGER call_records_report_aggregates_update AFTER UPDATE ON call_records FOR EACH ROW
BEGIN
  IF NOT (OLD.direction <=> NEW.direction AND OLD.group_name <=> NEW.group_name AND OLD.agent <=> NEW.agent AND OLD.trunk <=> NEW.trunk
      AND OLD.flow <=> NEW.flow AND OLD.status <=> NEW.status AND OLD.started_at <=> NEW.started_at AND OLD.queued_at <=> NEW.queued_at
      AND OLD.answered_at <=> NEW.answered_at AND OLD.ended_at <=> NEW.ended_at AND OLD.wait_sec <=> NEW.wait_sec
      AND OLD.talk_sec <=> NEW.talk_sec AND OLD.hangup_by <=> NEW.hangup_by) THEN
    INSERT IGNORE INTO report_aggregates_dirty (interval_start) VALUES
      (DATE(OLD.started_at) + INTERVAL FLOOR(TIME_TO_SEC(OLD.started_at) / 900) * 900 SECOND),
      (DATE(NEW.started_at) + INTERVAL FLOOR(TIME_TO_SEC(NEW.started_at) / 900) * 900 SECOND);
  END IF;
END;

CREATE TRIGGER call_records_report_aggregates_delete AFTER DELETE ON call_records FOR EACH ROW
  INSERT IGNORE INTO report_aggregates_dirty (interval_start)
    VALUES (DATE(OLD.started_at) + INTERVAL FLOOR(TIME_TO_SEC(OLD.started_at) / 900) * 900 SECOND);
