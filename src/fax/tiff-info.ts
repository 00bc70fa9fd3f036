/**
 * C8: the page count and first-page geometry of a TIFF, read from its directories (no
 * library): the fax sender checks a file before it dials, and after a PDF conversion.
 */
import { readFileSync } from 'node:fs';

export interface TiffInfo { pages: number; width: number; height: number; compression: number; xResolution: number }

/** Throws when the file is not a TIFF or its directories run past the end of the file. */
export function readTiffInfo(path: string): TiffInfo {
  const b = readFileSync(path);
  const le = b.toString('ascii', 0, 2) === 'II';
  if (!le && b.toString('ascii', 0, 2) !== 'MM') throw new Error(`${path} is not a TIFF (no II/MM byte order mark)`);
  const u16 = (o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  if (u16(2) !== 42) throw new Error(`${path} is not a TIFF (magic ${u16(2)})`);
  let offset = u32(4);
  const first = new Map<number, number>();
  let pages = 0;
  while (offset !== 0 && pages < 1000) {
    const n = u16(offset);
    for (let i = 0; i < n; i++) {
      const o = offset + 2 + i * 12;
      const type = u16(o + 2);
      const value = type === 3 ? u16(o + 8) : u32(o + 8);
      if (pages === 0) first.set(u16(o), type === 5 ? u32(value) / u32(value + 4) : value);
    }
    pages++;
    offset = u32(offset + 2 + n * 12);
  }
  return { pages, width: first.get(256) ?? 0, height: first.get(257) ?? 0, compression: first.get(259) ?? 0, xResolution: first.get(282) ?? 0 };
}
