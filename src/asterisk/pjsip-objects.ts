/**
 * Renders the database's SIP accounts and trunks as PJSIP sorcery objects (pjsip_generated.conf).
 * Pure: data in, text out. A disabled account is simply absent, so Asterisk refuses its
 * REGISTER and INVITE alike after the next reload.
 */
import { isIP } from 'node:net';
import type { SipAccount, TrunkConfig } from '../domain';
import { checkCodecs } from './codecs';
import { transportParam, transportSection, trunkSip } from './sip-transport';

export interface PjsipOptions {
  transport: string;
  context: string;
}

/**
 * `template`: a section of asterisk-etc/pjsip.conf the object inherits (NAT, keep-alives and
 * offer order from the site config), so the generated file stays config-independent.
 */
type Section = { name: string; type: string; template?: string; options: [string, string | number][] };

/** Templates defined in asterisk-etc/pjsip.conf. */
export const PJSIP_TEMPLATES = { phone: 'cc-phone', phoneAor: 'cc-phone-aor', trunk: 'cc-trunk', trunkAor: 'cc-trunk-aor' } as const;

function section(name: string, type: string, options: [string, string | number | null | undefined][], template?: string): Section {
  return { name, type, template, options: options.filter((o): o is [string, string | number] => o[1] !== null && o[1] !== undefined && o[1] !== '') };
}

/**
 * Values come from the database: refuse anything that could break out of an option line. The
 * message names the owner and the field, never the value: a refused password would otherwise
 * reach the log and the open /api/v1/health (issue 16, 3.7).
 */
function safe(value: string, owner: string, field: string): string {
  if (/[\r\n;\[\]]/.test(value)) throw new Error(`${owner}: ${field} may not hold ; [ ] or a line break`);
  return value;
}

const mediaOptions = (codecs: string[], owner: string): [string, string][] => [
  ['disallow', 'all'],
  // One allow line in the configured order: that order is the order of our SDP offers.
  ['allow', checkCodecs(codecs, owner).join(',')],
  ['dtmf_mode', 'rfc4733'],
  ['direct_media', 'no'],
];

/**
 * Issue 21: a browser endpoint. `webrtc = yes` is Asterisk's bundle of use_avpf, DTLS-SRTP with
 * an auto-generated certificate and fingerprint verification, ICE, rtcp-mux and
 * media_use_received_transport; the contact of a WebSocket client is only reachable through
 * its connection (rewrite_contact). Codecs: opus first (codec_opus in the chroot), then G.711.
 */
export const WEBRTC_OPTIONS: [string, string][] = [
  ['webrtc', 'yes'],
  ['rewrite_contact', 'yes'],
  ['force_rport', 'yes'],
];

/** Browsers speak opus and G.711: other configured codecs are dropped, opus is offered first. */
export function webrtcCodecs(codecs: string[]): string[] {
  const g711 = codecs.filter((c) => c === 'ulaw' || c === 'alaw');
  return ['opus', ...(g711.length ? g711 : ['ulaw', 'alaw'])];
}

export function accountSections(a: SipAccount, o: PjsipOptions): Section[] {
  const ext = safe(a.extension, 'an account', 'extension');
  const owner = `account ${ext}`;
  const ipOnly = a.password === null;
  // An auth section without a password accepts the digest of an empty one.
  if (a.password === '') throw new Error(`${owner}: the password is empty; set one, or NULL with allowed_ip for a device trusted by its address`);
  const out: Section[] = [];
  if (a.webrtc && ipOnly) throw new Error(`${owner}: a browser account needs a password (it signs in to /agent with it)`);
  out.push(section(ext, 'endpoint', [
    // A browser reaches Asterisk over its own WebSocket: Asterisk answers on that connection.
    ['transport', a.webrtc ? null : a.transport === 'tcp' ? transportSection('tcp') : o.transport],
    ['context', o.context],
    ...mediaOptions(a.webrtc ? webrtcCodecs(a.codecs) : a.codecs, `account ${ext}`),
    ...(a.webrtc ? WEBRTC_OPTIONS : []),
    ['callerid', `"${safe(a.displayName, owner, 'display name').replace(/"/g, '')}" <${ext}>`],
    ['auth', ipOnly ? null : ext],
    ['aors', ext],
    // A device with an allowed IP may only send from there.
    ['deny', a.allowedIp ? '0.0.0.0/0.0.0.0' : null],
    ['permit', a.allowedIp ? `${safe(a.allowedIp, owner, 'allowed IP')}/255.255.255.255` : null],
  ], PJSIP_TEMPLATES.phone));
  if (!ipOnly) {
    out.push(section(ext, 'auth', [['auth_type', 'digest'], ['username', ext], ['password', safe(a.password!, owner, 'password')]]));
  }
  out.push(section(ext, 'aor', ipOnly
    ? [['contact', `sip:${ext}@${safe(a.allowedIp!, owner, 'allowed IP')}:5060${transportParam(a.transport)}`]]
    : [['max_contacts', 1], ['remove_existing', 'yes']], PJSIP_TEMPLATES.phoneAor));
  if (a.allowedIp) out.push(section(`${ext}-ip`, 'identify', [['endpoint', ext], ['match', a.allowedIp]]));
  return out;
}

export function trunkSections(t: TrunkConfig, o: PjsipOptions): Section[] {
  const name = safe(t.name, 'a trunk', 'name');
  const owner = `trunk ${name}`;
  // Issue 20: UDP or TCP, and the IMS-style options (outbound proxy, domain, auth user): sip-transport.ts.
  const sip = trunkSip({ ...t, host: safe(t.host, owner, 'host'), username: t.username && safe(t.username, owner, 'user name'), authUser: t.authUser && safe(t.authUser, owner, 'auth user') });
  const transport = t.transport === 'tcp' ? sip.transport : o.transport;
  const hasAuth = !!(t.username && t.password);
  const out: Section[] = [];
  if (hasAuth) {
    out.push(section(`${name}-auth`, 'auth', [['auth_type', 'digest'], ['username', sip.authUser], ['password', safe(t.password!, owner, 'password')]]));
  }
  if (t.register && hasAuth) {
    out.push(section(name, 'registration', [
      ['transport', transport],
      ['outbound_auth', `${name}-auth`],
      ['server_uri', sip.serverUri],
      ['client_uri', sip.clientUri],
      ['contact_user', t.username],
      ['outbound_proxy', sip.outboundProxy],
      // The registrar's granted expiry is honoured and refreshed before it lapses;
      // failures of any kind are retried every 20 s, for ever.
      ['expiration', t.registrationExpiry],
      ['retry_interval', 20],
      ['forbidden_retry_interval', 20],
      ['fatal_retry_interval', 20],
      ['max_retries', 1000000],
      ['auth_rejection_permanent', 'no'],
      ['line', 'yes'],
      ['endpoint', name],
    ]));
  }
  out.push(section(name, 'aor', [['contact', sip.contact], ['outbound_proxy', sip.outboundProxy]], PJSIP_TEMPLATES.trunkAor));
  out.push(section(name, 'endpoint', [
    ['transport', transport],
    ['context', o.context],
    ...mediaOptions(t.codecs, `trunk ${name}`),
    ['aors', name],
    ['outbound_auth', hasAuth ? `${name}-auth` : null],
    ['outbound_proxy', sip.outboundProxy],
    ['from_domain', sip.fromDomain],
    ['send_rpid', 'no'],
    ['send_pai', 'no'],
    // The caller's number (From, P-Asserted-Identity) is taken as sent: only carriers reach here.
    ['trust_id_inbound', 'yes'],
    // Issue 16, 3.1: a trunk has no inbound auth, so it is the trunk's address or nothing. With
    // Asterisk's default (username,ip) any host naming the trunk in From was taken for it.
    ['identify_by', 'ip'],
    ...trunkAcl(sip.sourceHost),
  ], PJSIP_TEMPLATES.trunk));
  // Traffic from the trunk's address (its outbound proxy's, when it has one) is the trunk: never challenged.
  out.push(section(`${name}-ip`, 'identify', [['endpoint', name], ['match', sip.sourceHost]]));
  return out;
}

/**
 * Requests for the trunk's endpoint from anywhere but its host are refused (FailedACL, counted
 * by the brute-force guard). A host name gets none: identify resolves names, an ACL cannot.
 */
function trunkAcl(host: string): [string, string][] {
  switch (isIP(host)) {
    case 4: return [['deny', '0.0.0.0/0.0.0.0'], ['permit', `${host}/255.255.255.255`]];
    case 6: return [['deny', '::/0'], ['permit', `${host}/128`]];
    default: return [];
  }
}

export function renderPjsipObjects(data: { accounts: SipAccount[]; trunks: TrunkConfig[] }, o: PjsipOptions): string {
  const sections = [
    ...data.trunks.filter((t) => t.enabled && t.technology === 'pjsip').flatMap((t) => trunkSections(t, o)),
    ...data.accounts.filter((a) => a.enabled).flatMap((a) => accountSections(a, o)),
  ];
  const body = sections.map((s) => [`[${s.name}]${s.template ? `(${s.template})` : ''}`, `type = ${s.type}`, ...s.options.map(([k, v]) => `${k} = ${v}`)].join('\n'));
  return `; Generated from the database by the callcenter app. Do not edit: changes are overwritten.\n\n${body.join('\n\n')}\n`;
}
