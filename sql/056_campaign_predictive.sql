-- Issue 22: live predictive dialling. Per campaign: answering-machine detection (Asterisk's AMD()
-- with its parameters), the safe-harbor message an answered customer hears when no agent is
-- ready within 2 s, and how long an agent's phone rings for an answered customer. A campaign
-- without a row uses the defaults (no AMD, the site's default message, 15 s).
CREATE TABLE campaign_predictive (
  campaign_id INT UNSIGNED NOT NULL PRIMARY KEY,
  amd TINYINT(1) NOT NULL DEFAULT 0 COMMENT 'run AMD() on answered customers; MACHINE ends the attempt as machine',
  amd_params VARCHAR(100) NOT NULL DEFAULT '' COMMENT 'AMD() arguments: initialSilence,greeting,afterGreetingSilence,totalAnalysisTime,minWordLength,betweenWordsSilence,maxWords,silenceThreshold,maxWordLength (ms); empty = amd.conf / built-in defaults',
  safe_harbor VARCHAR(255) NOT NULL DEFAULT 'im-sorry,please-try-call-later' COMMENT 'prompts, comma separated (sound names or file:<uploaded prompt>)',
  agent_ring_sec TINYINT UNSIGNED NOT NULL DEFAULT 15,
  FOREIGN KEY (campaign_id) REFERENCES campaigns(id) ON DELETE CASCADE
) ENGINE=InnoDB;
