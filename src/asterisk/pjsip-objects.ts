/**
 * Renders the database's SIP accounts and trunks as PJSIP sorcery objects (pjsip_generated.conf).
 * Pure: data in, text out. A disabled account is simply absent, so Asterisk refuses its
 * REGISTER and INVITE alike after the next reload.
 */
import type { SipAccount, TrunkConfig } from '../domain';
import { checkCodecs } from './codecs';

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

/** Values come from the database: refuse anything that could break out of an option line. */
function safe(value: string, what: string): string {
  if (/[\r\n;\[\]]/.test(value)) throw new Error(`${what} holds a character not allowed in Asterisk config: ${JSON.stringify(value)}`);
  return value;
}

const mediaOptions = (codecs: string[], owner: string): [string, string][] => [
  ['disallow', 'all'],
  // One allow line in the configured order: that order is the order of our SDP offers.
  ['allow', checkCodecs(codecs, owner).join(',')],
  ['dtmf_mode', 'rfc4733'],
  ['direct_media', 'no'],
];

export function accountSections(a: SipAccount, o: PjsipOptions): Section[] {
  const ext = safe(a.extension, 'extension');
  const ipOnly = a.password === null;
  const out: Section[] = [];
  out.push(section(ext, 'endpoint', [
    ['transport', o.transport],
    ['context', o.context],
    ...mediaOptions(a.codecs, `account ${ext}`),
    ['callerid', `"${safe(a.displayName, 'display name').replace(/"/g, '')}" <${ext}>`],
    ['auth', ipOnly ? null : ext],
    ['aors', ext],
    // A device with an allowed IP may only send from there.
    ['deny', a.allowedIp ? '0.0.0.0/0.0.0.0' : null],
    ['permit', a.allowedIp ? `${safe(a.allowedIp, 'allowed IP')}/255.255.255.255` : null],
  ], PJSIP_TEMPLATES.phone));
  if (!ipOnly) {
    out.push(section(ext, 'auth', [['auth_type', 'digest'], ['username', ext], ['password', safe(a.password!, 'password')]]));
  }
  out.push(section(ext, 'aor', ipOnly
    ? [['contact', `sip:${ext}@${safe(a.allowedIp!, 'allowed IP')}:5060`]]
    : [['max_contacts', 1], ['remove_existing', 'yes']], PJSIP_TEMPLATES.phoneAor));
  if (a.allowedIp) out.push(section(`${ext}-ip`, 'identify', [['endpoint', ext], ['match', a.allowedIp]]));
  return out;
}

export function trunkSections(t: TrunkConfig, o: PjsipOptions): Section[] {
  const name = safe(t.name, 'trunk name');
  const host = `${safe(t.host, 'trunk host')}:${t.port}`;
  const hasAuth = !!(t.username && t.password);
  const out: Section[] = [];
  if (hasAuth) {
    out.push(section(`${name}-auth`, 'auth', [['auth_type', 'digest'], ['username', safe(t.username!, 'trunk user')], ['password', safe(t.password!, 'trunk password')]]));
  }
  if (t.register && hasAuth) {
    out.push(section(name, 'registration', [
      ['transport', o.transport],
      ['outbound_auth', `${name}-auth`],
      ['server_uri', `sip:${host}`],
      ['client_uri', `sip:${t.username}@${host}`],
      ['contact_user', t.username],
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
  out.push(section(name, 'aor', [['contact', `sip:${host}`]], PJSIP_TEMPLATES.trunkAor));
  out.push(section(name, 'endpoint', [
    ['transport', o.transport],
    ['context', o.context],
    ...mediaOptions(t.codecs, `trunk ${name}`),
    ['aors', name],
    ['outbound_auth', hasAuth ? `${name}-auth` : null],
    ['send_rpid', 'no'],
    ['send_pai', 'no'],
    ['trust_id_inbound', 'yes'],
  ], PJSIP_TEMPLATES.trunk));
  // Traffic from the trunk's address is the trunk: never challenged.
  out.push(section(`${name}-ip`, 'identify', [['endpoint', name], ['match', safe(t.host, 'trunk host')]]));
  return out;
}

export function renderPjsipObjects(data: { accounts: SipAccount[]; trunks: TrunkConfig[] }, o: PjsipOptions): string {
  const sections = [
    ...data.trunks.filter((t) => t.enabled && t.technology === 'pjsip').flatMap((t) => trunkSections(t, o)),
    ...data.accounts.filter((a) => a.enabled).flatMap((a) => accountSections(a, o)),
  ];
  const body = sections.map((s) => [`[${s.name}]${s.template ? `(${s.template})` : ''}`, `type = ${s.type}`, ...s.options.map(([k, v]) => `${k} = ${v}`)].join('\n'));
  return `; Generated from the database by the callcenter app. Do not edit: changes are overwritten.\n\n${body.join('\n\n')}\n`;
}
