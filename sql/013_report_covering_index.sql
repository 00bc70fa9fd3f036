-- D4 performance: one covering index for the call-based reports (queue-summary, agent-activity,
-- trunk-usage, ivr-only). A month's range is then read from this index alone, in time order,
-- without a lookup into the table per call (measured in docs/BENCHMARKS.md).
ALTER TABLE call_records ADD KEY call_records_report (started_at, direction, status, group_name, agent, trunk, flow, hangup_by,
  queued_at, answered_at, ended_at, wait_sec, talk_sec);
