/**
 * Sends one media file over HTTP (recordings, voicemail, prompts, faxes) with Range support:
 * 200 with Accept-Ranges, 206 with Content-Range, 416 for a range past the end; HEAD answers
 * the headers only. The file must be a regular file directly in one of the allowed folders,
 * opened without following a symbolic link (O_NOFOLLOW), so a row or a name can never make
 * the API read a file elsewhere.
 */
import { closeSync, constants, createReadStream, fstatSync, openSync, realpathSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Request, Response } from 'express';
import { ApiError } from '../api/errors';
import { byteRange } from './byte-range';

export const MEDIA_TYPES: Record<string, string> = {
  wav: 'audio/wav', gsm: 'audio/gsm', mp3: 'audio/mpeg', ogg: 'audio/ogg', tif: 'image/tiff', tiff: 'image/tiff', pdf: 'application/pdf',
};

function realDir(dir: string): string | null {
  try {
    return realpathSync(dir);
  } catch {
    return null;
  }
}

/** Opens `path` for reading when it is a regular file right inside one of `dirs`; null otherwise. */
export function openConfined(path: string, dirs: readonly string[]): { fd: number; size: number } | null {
  const parent = realDir(dirname(path));
  if (!parent || !dirs.some((d) => realDir(d) === parent)) return null;
  let fd: number;
  try {
    fd = openSync(`${parent}/${basename(path)}`, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return null;
  }
  const st = fstatSync(fd);
  if (!st.isFile()) {
    closeSync(fd);
    return null;
  }
  return { fd, size: st.size };
}

export interface SendOptions {
  /** The folders the file may be in (as this process sees them). */
  dirs: readonly string[];
  /** Content-Disposition: attachment with this file name (download), else inline (play in the page). */
  downloadAs?: string;
  /** What the 404 says. */
  what: string;
}

export function sendMediaFile(req: Request, res: Response, path: string, o: SendOptions): void {
  const file = openConfined(path, o.dirs);
  if (!file) throw new ApiError(404, 'no-file', `${o.what}: the file is not there (deleted by retention, or never written)`);
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1].toLowerCase() ?? '';
  res.setHeader('Content-Type', MEDIA_TYPES[ext] ?? 'application/octet-stream');
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('Cache-Control', 'private, no-store');
  const name = (o.downloadAs ?? basename(path)).replace(/[^A-Za-z0-9_.-]/g, '_');
  res.setHeader('Content-Disposition', `${o.downloadAs ? 'attachment' : 'inline'}; filename="${name}"`);
  const range = byteRange(typeof req.headers.range === 'string' ? req.headers.range : undefined, file.size);
  if (range.kind === 'unsatisfiable') {
    closeSync(file.fd);
    res.status(416).setHeader('Content-Range', `bytes */${file.size}`);
    res.end();
    return;
  }
  const [start, end] = range.kind === 'partial' ? [range.start, range.end] : [0, file.size - 1];
  if (range.kind === 'partial') {
    res.status(206).setHeader('Content-Range', `bytes ${start}-${end}/${file.size}`);
  }
  res.setHeader('Content-Length', String(Math.max(0, end - start + 1)));
  if (req.method === 'HEAD' || file.size === 0) {
    closeSync(file.fd);
    res.end();
    return;
  }
  const stream = createReadStream('', { fd: file.fd, start, end, autoClose: true });
  stream.on('error', () => res.destroy());
  res.on('close', () => stream.destroy());
  stream.pipe(res);
}
