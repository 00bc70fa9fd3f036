-- Issue 16, 3.2: a new SIP account may make internal calls only until someone grants it more.
-- (008 made every account international by default: a forgotten or guessed account was a free
-- line abroad.) Existing accounts keep their class; the demo seed sets 1001-1004 explicitly.
ALTER TABLE sip_accounts
  ALTER COLUMN call_class SET DEFAULT 'internal';
