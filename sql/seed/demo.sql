-- The demo site (issue "Platform spine", section 7). Idempotent: replaces the demo rows,
-- in one transaction so the app never reloads a half-written site.
START TRANSACTION;
DELETE FROM dial_rules;
DELETE FROM normalization_rules;
DELETE FROM trunk_group_members;
DELETE FROM trunk_groups;
DELETE FROM trunks;
DELETE FROM group_members;
DELETE FROM agent_ids;
DELETE FROM agent_groups;
DELETE FROM sip_accounts;
DELETE FROM flows;

DELETE FROM agent_status;

-- auto_ready: the demo agents start logged in and ready, so a fresh install answers at once.
-- call_class: new accounts are internal-only by default (032); the demo agents may dial 9N and 8N.
-- The passwords are the demo's: neither the app nor Asterisk starts with them once SIP listens
-- on a non-loopback address (src/security/demo-credentials.ts).
INSERT INTO sip_accounts (extension, password, display_name, auto_ready, call_class) VALUES
  ('1001', 'secret1001', 'Agent 1001', 1, 'international'),
  ('1002', 'secret1002', 'Agent 1002', 1, 'international'),
  ('1003', 'secret1003', 'Agent 1003', 1, 'international'),
  ('1004', 'secret1004', 'Agent 1004', 1, 'international');

-- Flows first: groups refer to the survey flow.
INSERT INTO flows (name, description, definition) VALUES
  ('main', 'demo IVR for DID 02566668888: 1 sales, 2 support, no or bad input twice -> sales', '{
    "start": "welcome",
    "language": "en",
    "nodes": {
      "welcome": {
        "type": "menu",
        "prompts": ["hello-world", "vm-press", "digits/1", "digits/2"],
        "options": { "1": "sales", "2": "support" },
        "timeoutSec": 3,
        "attempts": 2,
        "invalidPrompts": ["pbx-invalid"],
        "noInput": "sales",
        "invalid": "sales"
      },
      "sales": { "type": "queue", "group": "sales" },
      "support": { "type": "queue", "group": "support" }
    }
  }'),
  ('survey', 'satisfaction survey after the agent hangs up: press 1 to 5', '{
    "start": "ask",
    "nodes": {
      "ask": {
        "type": "collect",
        "prompts": ["vm-press", "digits/1", "digits/2", "digits/3", "digits/4", "digits/5"],
        "variable": "survey_score",
        "maxDigits": 1,
        "valid": "[1-5]",
        "timeoutSec": 5,
        "attempts": 2,
        "invalidPrompts": ["pbx-invalid"],
        "next": "thanks",
        "noInput": "bye",
        "invalid": "bye"
      },
      "thanks": { "type": "hangup", "prompts": ["auth-thankyou"] },
      "bye": { "type": "hangup" }
    }
  }'),
  ('message', 'overflow after the maximum wait: the caller leaves a message', '{
    "start": "leave",
    "nodes": {
      "leave": { "type": "voicemail", "prompts": ["vm-nobodyavail"], "maxSec": 60 }
    }
  }');

-- After 5 minutes in a queue the caller may leave a message (A4 overflow, status 16).
INSERT INTO agent_groups (name, display_name, number, ring_timeout_sec, wrapup_sec, max_wait_sec, overflow_flow, survey_flow) VALUES
  ('sales', 'Sales', '600', 15, 0, 300, 'message', 'survey'),
  ('support', 'Support', '601', 15, 0, 300, 'message', 'survey');
-- Queue callback (issue 22): key 5 while queued; the callback dials 9 + the caller's number as the agent's phone would.
UPDATE agent_groups SET callback_key = '5', callback_dial_prefix = '9', callback_retries = 2, callback_retry_sec = 300 WHERE name IN ('sales', 'support');
INSERT INTO group_members (group_name, extension, priority) VALUES
  ('sales', '1001', 1), ('sales', '1002', 1), ('support', '1003', 1), ('support', '1004', 1);
-- Hot-desking (issue 19): agent ID 20011 (PIN 4321) logs in on any phone with *1120011*4321#;
-- while seated, that phone takes sales calls (the agent ID's group) instead of its own groups.
-- Nobody is seated at start: 1001-1004 stay their own agents, logged in on their own phones.
INSERT INTO agent_ids (agent_id, name, pin_hash) VALUES
  ('20011', 'Hot-desk agent 20011', 'scrypt$52vnkENyWa+tft5FypeGyg==$aKvzCsTiKZslF83Y+nFtnsg3jcgc6YIpHyyeCo9okhQ=');
INSERT INTO agent_id_groups (agent_id, group_name, priority) VALUES ('20011', 'sales', 1);

INSERT INTO trunks (name, host, port, username, password, register, inbound_context, caller_id_mode, caller_id_number) VALUES
  ('carrier-a', '127.0.0.2', 5060, '02566668888', 'carrierpass', 1, 'from-carrier', 'trunk', '02566668888'),
  ('carrier-b', '127.0.0.3', 5060, NULL, NULL, 0, 'from-carrier', 'trunk', '02566668888'),
  ('site2', '127.0.0.4', 5060, NULL, NULL, 0, 'from-site2', 'passthrough', NULL);

INSERT INTO trunk_groups (name, strategy) VALUES ('local', 'round_robin'), ('international', 'round_robin');
INSERT INTO trunk_group_members (group_name, trunk_name, position) VALUES ('local', 'carrier-a', 1), ('international', 'carrier-b', 1);

INSERT INTO dial_rules (id, context, pattern, route_type, target, description, call_class) VALUES
  (1, 'agents', '_1XXX', 'extension', '', 'local extensions', 'internal'),
  (2, 'agents', '_2XXX', 'site_trunk', 'site2', 'second site, number unchanged', 'internal'),
  (3, 'agents', '_9X.', 'trunk_group', 'local', '9 + number: local carrier, 9 stripped', 'local'),
  (4, 'agents', '_8X.', 'trunk_group', 'international', '8 + number: international carrier, 8 stripped, then 0 -> 0086', 'international'),
  (10, 'from-carrier', '_02566668888', 'flow', 'main', 'demo DID: IVR flow main', NULL),
  (20, 'from-site2', '_1XXX', 'extension', '', 'site2 calling our extensions', NULL);
-- Emergency numbers any agent may dial, even without outbound permission. Exact patterns
-- (_9110), not prefixes: a prefix 9110 would also let 9110xxxxxxx through.
DELETE FROM whitelist;
INSERT INTO whitelist (pattern, description) VALUES ('_9110', 'police'), ('_9119', 'fire'), ('_9120', 'ambulance');
INSERT INTO number_transforms (dial_rule_id, seq, op, start_pos, length, text) VALUES
  (3, 1, 'delete', 0, 1, ''),
  (4, 1, 'delete', 0, 1, '');

INSERT INTO normalization_rules (id, trunk_group, pattern) VALUES (1, 'international', '0'), (2, 'international', '00');
INSERT INTO number_transforms (normalization_rule_id, seq, op, start_pos, length, text) VALUES (1, 1, 'replace', 0, 1, '0086');
COMMIT;
