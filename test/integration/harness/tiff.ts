/**
 * Fax pages as TIFF files: a minimal one-page bilevel TIFF for sending (1728 pels wide, fax
 * resolution 204 x 196 dpi, uncompressed: spandsp re-encodes it for the line), and a reader
 * of the first directory of a received file.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const WIDTH = 1728;

/** Writes a page of `rows` lines with black bars every 40 lines. */
export function writeFaxTiff(path: string, rows = 400): void {
  const rowBytes = WIDTH / 8;
  const entries: [number, number, number, number][] = []; // tag, type, count, value
  const ifdOffset = 8;
  const entryCount = 13;
  const ifdSize = 2 + entryCount * 12 + 4;
  const xResOffset = ifdOffset + ifdSize;
  const yResOffset = xResOffset + 8;
  const dataOffset = yResOffset + 8;
  const SHORT = 3;
  const LONG = 4;
  const RATIONAL = 5;
  entries.push([256, LONG, 1, WIDTH], [257, LONG, 1, rows], [258, SHORT, 1, 1], [259, SHORT, 1, 1], [262, SHORT, 1, 0], [266, SHORT, 1, 1],
    [273, LONG, 1, dataOffset], [277, SHORT, 1, 1], [278, LONG, 1, rows], [279, LONG, 1, rows * rowBytes],
    [282, RATIONAL, 1, xResOffset], [283, RATIONAL, 1, yResOffset], [296, SHORT, 1, 2]);
  const buf = Buffer.alloc(dataOffset + rows * rowBytes);
  buf.write('II', 0, 'ascii');
  buf.writeUInt16LE(42, 2);
  buf.writeUInt32LE(ifdOffset, 4);
  buf.writeUInt16LE(entries.length, ifdOffset);
  entries.forEach(([tag, type, count, value], i) => {
    const o = ifdOffset + 2 + i * 12;
    buf.writeUInt16LE(tag, o);
    buf.writeUInt16LE(type, o + 2);
    buf.writeUInt32LE(count, o + 4);
    if (type === SHORT) buf.writeUInt16LE(value, o + 8);
    else buf.writeUInt32LE(value, o + 8);
  });
  buf.writeUInt32LE(0, ifdOffset + 2 + entries.length * 12); // no next page
  buf.writeUInt32LE(204, xResOffset);
  buf.writeUInt32LE(1, xResOffset + 4);
  buf.writeUInt32LE(196, yResOffset);
  buf.writeUInt32LE(1, yResOffset + 4);
  // WhiteIsZero: 0 bits are white; every 40th band of 8 lines is black.
  for (let r = 0; r < rows; r++) if (r % 40 < 8) buf.fill(0xff, dataOffset + r * rowBytes, dataOffset + (r + 1) * rowBytes);
  writeFileSync(path, buf);
}

export interface TiffInfo { pages: number; width: number; height: number; compression: number; xResolution: number }

/** Reads the directories of a TIFF; throws when the file is not one. */
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
