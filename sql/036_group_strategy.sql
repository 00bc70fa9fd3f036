-- Issue 20, PBX basics (source 003 ring groups): a group's strategy. 'acd' (the default) offers a
-- call to one agent at a time (priority, then longest idle); 'ring-all' rings every ready member
-- at once, the first to answer wins, and the call waits in the queue as usual when nobody is
-- ready or nobody answers within ring_timeout_sec.
ALTER TABLE agent_groups
  ADD COLUMN strategy ENUM('acd','ring-all') NOT NULL DEFAULT 'acd' COMMENT 'acd: one agent at a time; ring-all: every ready member at once' AFTER number;
