/**
 * S8: H.323 gateways as trunks (ooh323_generated.conf, included by asterisk-etc/ooh323.conf).
 * Each enabled `ooh323` trunk becomes two chan_ooh323 objects:
 *  - a peer named after the trunk, for our calls to it: OOH323/<number>@<trunk>;
 *  - a user for its calls to us, matched by its address: they enter [callcenter-h323], where the
 *    accountcode (the trunk name) tells the app which trunk called.
 * Issue 16, 3.1: chan_ooh323 takes an incoming call for a user when the caller's address equals
 * the user's ip OR when the caller's display name / H.323 ID equals the user's name, and the
 * dialplan cannot read the caller's address (chan_ooh323 exposes none). So the user's name is
 * one no caller can know: `in-` + an HMAC of the trunk name under a per-install key (stable, so
 * the file only changes with the trunks). Pure: data in, text out.
 */
import { createHmac } from 'node:crypto';
import type { TrunkConfig } from '../domain';
import { checkCodecs } from './codecs';

export const H323_CONTEXT = 'callcenter-h323';

const SAFE_NAME = /^[a-z0-9_-]+$/;
const SAFE_HOST = /^[A-Za-z0-9.:-]+$/;
/** chan_ooh323 keeps 19 characters of a user's accountcode: a longer trunk name would arrive cut. */
const MAX_NAME = 19;

/** The name of the trunk's inbound user: not derivable from the trunk name without the key. */
export function inboundUserName(trunk: string, key: string): string {
  return `in-${createHmac('sha256', key).update(trunk).digest('hex').slice(0, 24)}`;
}

export function renderOoh323Peers(trunks: TrunkConfig[], inboundKey: string): string {
  if (inboundKey.length < 32) throw new Error('the H.323 inbound key must have 32+ characters');
  const sections = trunks.filter((t) => t.enabled && t.technology === 'ooh323').map((t) => {
    if (!SAFE_NAME.test(t.name)) throw new Error('an H.323 trunk: name may only hold a-z, 0-9, _ and -');
    if (t.name.length > MAX_NAME) throw new Error(`H.323 trunk ${t.name}: the name may have ${MAX_NAME} characters at most (chan_ooh323's account code)`);
    if (!SAFE_HOST.test(t.host)) throw new Error(`H.323 trunk ${t.name}: host is not an address (letters, digits, . : -)`);
    const media = [
      'disallow = all',
      // chan_ooh323 keeps one allow per codec, in preference order.
      ...checkCodecs(t.codecs, `trunk ${t.name}`).map((c) => `allow = ${c}`),
      // DTMF as H.245 UserInputIndication signals, not RFC 2833: with a telephone-event payload
      // mapped, Debian's chan_ooh323 (Asterisk 22) sends no audio at all (docs/INTEROP.md, S8).
      'dtmfmode = h245signal',
      'faststart = yes',
      'h245tunneling = yes',
      'directmedia = no',
    ];
    return [
      `[${t.name}]`,
      'type = peer',
      `ip = ${t.host}`,
      `port = ${t.port}`,
      `accountcode = ${t.name}`,
      ...media,
      '',
      `; calls from ${t.name}, recognised by its address only`,
      `[${inboundUserName(t.name, inboundKey)}]`,
      'type = user',
      `ip = ${t.host}`,
      `context = ${H323_CONTEXT}`,
      `accountcode = ${t.name}`,
      ...media,
      '',
    ].join('\n');
  });
  return `; Generated from the database (trunks with technology ooh323) by the callcenter app. Do not edit.\n\n${sections.join('\n')}`;
}
