-- Issue 22: wrap-up codes for campaign calls. A disposition saved on the /agent page for a
-- campaign call ends the attempt and drives the retry as the campaigns API's does: the
-- campaign's retry rules map a code to minutes until the next try ("callback": 60 by default),
-- any other code ends the contact, and "do-not-call" also puts the number on the campaign's own
-- do-not-call list (docs/CAMPAIGNS.md).
INSERT INTO disposition_codes (code, label, sort_order) VALUES
  ('not-interested', 'Not interested', 70),
  ('do-not-call', 'Do not call again', 80)
ON DUPLICATE KEY UPDATE code = code;
