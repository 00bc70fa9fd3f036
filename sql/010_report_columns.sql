-- D4: what the reports need beyond the call tables of 003.
-- The trunk a call came in on or went out through (NULL for internal calls), for trunk usage.
ALTER TABLE call_records
  ADD COLUMN trunk VARCHAR(32) NULL COMMENT 'trunk of an inbound or outbound call' AFTER agent,
  ADD KEY call_records_trunk (trunk, started_at);

-- Wrap-up per call: the agent_state_log row that entered wrap_up carries the call GUID.
ALTER TABLE agent_state_log ADD KEY agent_state_log_call (call_guid);

-- Survey reports by time for all agents.
ALTER TABLE survey_results ADD KEY survey_results_at (at);
