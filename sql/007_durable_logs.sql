-- O3: queue_log and agent_state_log rows are spooled to disk while MySQL is away and replayed
-- later; each row carries a key made when it happened, so a replay never writes it twice.
-- (Tools built for app_queue's queue_log ignore the extra column.)
ALTER TABLE queue_log ADD COLUMN row_key CHAR(36) NULL, ADD UNIQUE KEY queue_log_row_key (row_key);
ALTER TABLE agent_state_log ADD COLUMN row_key CHAR(36) NULL, ADD UNIQUE KEY agent_state_log_row_key (row_key);
