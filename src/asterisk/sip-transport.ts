/**
 * Issue 20: how a trunk or phone is reached over SIP: UDP or TCP (transport-udp /
 * transport-tcp of asterisk-etc/pjsip.conf, sip.port / sip.tcpPort), and the IMS-style
 * operator options of the source's TvcVoip.ini [ChRegGroup0]: an outbound proxy every request
 * goes through (proxy=), the domain of the number (ServerIp=), an auth user of its own.
 * Pure: rows in, PJSIP option values out.
 */
export type SipTransport = 'udp' | 'tcp';

export const TRANSPORT_SECTIONS: Record<SipTransport, string> = { udp: 'transport-udp', tcp: 'transport-tcp' };

/** The transport section an endpoint or registration uses; UDP unless the row says tcp. */
export function transportSection(t: SipTransport | undefined): string {
  return TRANSPORT_SECTIONS[t ?? 'udp'];
}

/**
 * A URI parameter telling the far end (and PJSIP) the transport; none for UDP, so UDP trunks
 * render exactly as before. `;` must be escaped in Asterisk config values (it starts a comment).
 */
export function transportParam(t: SipTransport | undefined): string {
  return t === 'tcp' ? '\\;transport=tcp' : '';
}

const HOST_PORT = /^(?<host>[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?::(?<port>\d{1,5}))?$/;

/** "host" or "host:port" (IPv4 or a DNS name); throws naming the owner and field, never the value. */
export function parseHostPort(value: string, owner: string, field: string): { host: string; port: number | null } {
  const m = HOST_PORT.exec(value.trim());
  const port = m?.groups?.port ? Number(m.groups.port) : null;
  if (!m || (port !== null && (port < 1 || port > 65535))) throw new Error(`${owner}: ${field} must be a host name or IPv4 address, optionally with :port`);
  return { host: m.groups!.host, port };
}

export interface TrunkSipRow {
  name: string;
  host: string;
  port: number;
  transport?: SipTransport;
  outboundProxy?: string | null;
  sipDomain?: string | null;
  username: string | null;
  authUser?: string | null;
}

export interface TrunkSip {
  transport: string;
  /** The registrar (REGISTER Request-URI). */
  serverUri: string;
  /** The registered number's address of record (To/From of REGISTER). */
  clientUri: string | null;
  /** Where calls to the trunk are addressed (AOR contact: Request-URI host). */
  contact: string;
  /** `sip:proxy;lr` for endpoint, AOR (qualify) and registration; null without a proxy. */
  outboundProxy: string | null;
  /** From domain of calls; null: Asterisk's default (our address). */
  fromDomain: string | null;
  /** The digest user name. */
  authUser: string | null;
  /** The address requests from the trunk come from (identify, ACL): the proxy when there is one. */
  sourceHost: string;
}

export function trunkSip(t: TrunkSipRow): TrunkSip {
  const owner = `trunk ${t.name}`;
  const param = transportParam(t.transport);
  const registrar = `${t.host}:${t.port}`;
  const domain = t.sipDomain ? parseHostPort(t.sipDomain, owner, 'SIP domain').host : null;
  const proxy = t.outboundProxy ? parseHostPort(t.outboundProxy, owner, 'outbound proxy') : null;
  const aor = domain ?? registrar;
  return {
    transport: transportSection(t.transport),
    serverUri: `sip:${registrar}${param}`,
    clientUri: t.username ? `sip:${t.username}@${aor}` : null,
    contact: `sip:${aor}${param}`,
    outboundProxy: proxy ? `sip:${proxy.host}:${proxy.port ?? 5060}${param}\\;lr` : null,
    fromDomain: domain,
    authUser: t.authUser || t.username,
    sourceHost: proxy?.host ?? t.host,
  };
}
