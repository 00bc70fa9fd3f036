/**
 * Fax pages as TIFF files: a minimal one-page bilevel TIFF for sending (1728 pels wide, fax
 * resolution 204 x 196 dpi, uncompressed: spandsp re-encodes it for the line); received files
 * are read back with the product's own reader (src/fax/tiff-info.ts).
 */
import { writeFileSync } from 'node:fs';

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

export { readTiffInfo, type TiffInfo } from '../../../src/fax/tiff-info';
