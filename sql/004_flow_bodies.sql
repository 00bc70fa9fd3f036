-- Flows created before flows had bodies (migration 003) got the default '{}', which is not a
-- valid flow and would stop the configuration from loading: give them one that hangs up.
UPDATE flows SET definition = '{"start": "bye", "nodes": {"bye": {"type": "hangup"}}}' WHERE definition = '{}';
