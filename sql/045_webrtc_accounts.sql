-- Issue 21: the agent desktop in the browser. An account is a desk phone (SIP over UDP, as
-- before) or a browser (WebRTC: SIP over WebSocket on Asterisk's HTTP server, DTLS-SRTP, ICE,
-- rtcp-mux; src/asterisk/pjsip-objects.ts). auto_answer: the /agent page answers ACD and direct
-- calls by itself (click-to-call legs the agent started are always answered by the page).
ALTER TABLE sip_accounts
  ADD COLUMN webrtc TINYINT(1) NOT NULL DEFAULT 0 COMMENT '1: a browser (/agent page, WebRTC); 0: a desk phone or softphone over UDP',
  ADD COLUMN auto_answer TINYINT(1) NOT NULL DEFAULT 0 COMMENT '1: the /agent page answers calls by itself';
