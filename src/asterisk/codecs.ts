/**
 * S5: codec lists of accounts and trunks. The order is the preference order offered in SDP;
 * DTMF always travels as RFC 4733 telephone-event (dtmf_mode = rfc4733), never as a codec.
 * Pure: a list in, a checked list out.
 */

/** Asterisk format names an integrator may list. g729 is pass-through only unless a licensed codec module is installed. */
export const KNOWN_CODECS = ['ulaw', 'alaw', 'gsm', 'g722', 'g729', 'g726', 'ilbc', 'speex', 'opus', 'slin'] as const;
export type CodecName = (typeof KNOWN_CODECS)[number];

export class CodecListError extends Error {}

/** Checks a codec list (e.g. the `codecs` column): known names, no repeats, at least one. */
export function checkCodecs(codecs: readonly string[], owner: string): CodecName[] {
  if (codecs.length === 0) throw new CodecListError(`${owner}: the codec list is empty`);
  const seen = new Set<string>();
  for (const c of codecs) {
    if (c === 'telephone-event') throw new CodecListError(`${owner}: telephone-event is not a codec here; DTMF is always RFC 4733`);
    if (!(KNOWN_CODECS as readonly string[]).includes(c)) throw new CodecListError(`${owner}: unknown codec "${c}" (known: ${KNOWN_CODECS.join(', ')})`);
    if (seen.has(c)) throw new CodecListError(`${owner}: codec "${c}" is listed twice`);
    seen.add(c);
  }
  return codecs as CodecName[];
}

/** RTP payload types of the static codecs (RFC 3551); dynamic ones (g722 is static 9) are negotiated. */
export const STATIC_PAYLOAD_TYPES: Partial<Record<CodecName, number>> = { ulaw: 0, gsm: 3, alaw: 8, g722: 9, g729: 18 };
