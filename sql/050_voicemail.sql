-- Voicemail (issue 19, media): a message is a `recordings` row of kind 'voicemail' (written with
-- its call record, spooled like it). Its mailbox follows from the call record: the group's box
-- when the call was queued to a group (queue overflow to a voicemail flow), else the agent's box
-- when the call was for an agent, else the box 'general'. This table keeps what listeners did:
-- heard (MWI counts it as old) and deleted (the file is removed, the row stays for the reports).
CREATE TABLE voicemail_state (
  call_guid CHAR(36) NOT NULL PRIMARY KEY,
  heard_at DATETIME(3) NULL,
  heard_by VARCHAR(64) NULL,
  deleted_at DATETIME(3) NULL,
  deleted_by VARCHAR(64) NULL
) ENGINE=InnoDB;
