/**
 * S8: H.323 gateways as trunks. Each enabled `ooh323` trunk becomes a chan_ooh323 friend
 * (ooh323_generated.conf, included by asterisk-etc/ooh323.conf): calls to it dial
 * OOH323/<number>@<trunk>; calls from its address enter [callcenter-h323], where the peer's
 * accountcode (the trunk name) tells the app which trunk called. Pure: data in, text out.
 */
import type { TrunkConfig } from '../domain';
import { checkCodecs } from './codecs';

export const H323_CONTEXT = 'callcenter-h323';

const SAFE_NAME = /^[a-z0-9_-]+$/;
const SAFE_HOST = /^[A-Za-z0-9.:-]+$/;

export function renderOoh323Peers(trunks: TrunkConfig[]): string {
  const sections = trunks.filter((t) => t.enabled && t.technology === 'ooh323').map((t) => {
    if (!SAFE_NAME.test(t.name)) throw new Error(`H.323 trunk name ${JSON.stringify(t.name)} is not allowed`);
    if (!SAFE_HOST.test(t.host)) throw new Error(`H.323 trunk ${t.name}: host ${JSON.stringify(t.host)} is not an address`);
    return [
      `[${t.name}]`,
      'type = friend',
      `ip = ${t.host}`,
      `port = ${t.port}`,
      `context = ${H323_CONTEXT}`,
      `accountcode = ${t.name}`,
      'disallow = all',
      // chan_ooh323 keeps one allow per codec, in preference order.
      ...checkCodecs(t.codecs, `trunk ${t.name}`).map((c) => `allow = ${c}`),
      // DTMF as H.245 UserInputIndication signals, not RFC 2833: with a telephone-event payload
      // mapped, Debian's chan_ooh323 (Asterisk 22) sends no audio at all (docs/INTEROP.md, S8).
      'dtmfmode = h245signal',
      'faststart = yes',
      'h245tunneling = yes',
      'directmedia = no',
      '',
    ].join('\n');
  });
  return `; Generated from the database (trunks with technology ooh323) by the callcenter app. Do not edit.\n\n${sections.join('\n')}`;
}
