-- Issue 20, trunks and SIP: SIP over TCP beside UDP, and IMS-style operator registration
-- (the source's TvcVoip.ini [ChRegGroup0]: ServerIp = the registrar/domain, proxy = the
-- outbound proxy, user/telcode = the number, an auth user of its own).
--
-- trunks.transport / sip_accounts.transport: the transport Asterisk uses towards the trunk or
-- the phone (transport-udp or transport-tcp, sip.tcpPort). A phone that registers over TCP
-- needs its account set to tcp: requests to it leave on the endpoint's transport.
-- trunks.outbound_proxy: every request to the trunk (REGISTER, INVITE, OPTIONS) is sent there
-- with a Route header (loose routing); calls from the trunk come from there, so the trunk is
-- recognised by the proxy's address. trunks.sip_domain: the domain of the registered number
-- (To/From of REGISTER, From and Request-URI of calls) when the registrar's address is not it.
-- trunks.auth_user: the digest user name when the operator's differs from the number (username).
ALTER TABLE trunks
  ADD COLUMN transport ENUM('udp','tcp') NOT NULL DEFAULT 'udp' COMMENT 'SIP transport towards the trunk' AFTER port,
  ADD COLUMN outbound_proxy VARCHAR(255) NULL COMMENT 'host[:port] every request goes through (IMS P-CSCF); NULL: none' AFTER transport,
  ADD COLUMN sip_domain VARCHAR(255) NULL COMMENT 'domain of the number in From/To/Request-URI; NULL: host' AFTER outbound_proxy,
  ADD COLUMN auth_user VARCHAR(64) NULL COMMENT 'digest user name; NULL: username (the number)' AFTER username;

ALTER TABLE sip_accounts
  ADD COLUMN transport ENUM('udp','tcp') NOT NULL DEFAULT 'udp' COMMENT 'SIP transport towards the phone (tcp: the phone registers over TCP)';
