/**
 * HTTP Range (RFC 9110, section 14) for one byte range, pure: what part of a file of `size`
 * bytes a `Range` header asks for. Several ranges in one header are answered with the whole
 * file (allowed by the RFC), as players ask for one range at a time.
 */
export type RangeAnswer =
  | { kind: 'whole' }
  | { kind: 'partial'; start: number; end: number }
  | { kind: 'unsatisfiable' };

export function byteRange(header: string | undefined, size: number): RangeAnswer {
  if (header === undefined) return { kind: 'whole' };
  const m = /^\s*bytes\s*=\s*([^,]*)$/i.exec(header);
  // Another unit, garbage, or several ranges: the RFC lets a server ignore the header.
  if (!m) return { kind: 'whole' };
  const spec = /^\s*(\d*)\s*-\s*(\d*)\s*$/.exec(m[1]);
  if (!spec || (spec[1] === '' && spec[2] === '')) return { kind: 'whole' };
  if (spec[1] === '') {
    // bytes=-N: the last N bytes.
    const n = Number(spec[2]);
    if (n === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(spec[1]);
  const end = spec[2] === '' ? size - 1 : Math.min(Number(spec[2]), size - 1);
  if (spec[2] !== '' && Number(spec[2]) < start) return { kind: 'whole' }; // invalid range: ignored
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end };
}
