/**
 * C8: turns a PDF into a fax TIFF with Ghostscript (Debian package ghostscript, installed on
 * the host by scripts/provision-fax.sh): G4 compression, 204 x 196 dpi (fine resolution),
 * 1728 pels wide, each page scaled to fit A4 at that resolution. The TIFF is written under a
 * temporary name and renamed when it is checked, so Asterisk never sees half a file.
 *
 * Least privilege: only a file starting with `%PDF-` reaches Ghostscript, and when the app runs as
 * root Ghostscript does not: it runs as `nobody` in a private folder holding a copy of the PDF
 * (read without following links), and its TIFF is copied out without following links.
 */
import { execFile } from 'node:child_process';
import { chownSync, closeSync, constants, existsSync, mkdtempSync, openSync, readFileSync, readSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileNoFollow } from '../util/safe-write';
import { readTiffInfo } from './tiff-info';

export const FAX_WIDTH = 1728;
/** A4 (297 mm) at 196 lines per inch. */
const FAX_HEIGHT = 2292;

export interface PdfConverterOptions {
  /** The Ghostscript program (config fax.ghostscript). */
  gs: string;
  timeoutMs: number;
}

export class FaxConversionError extends Error {
  constructor(readonly code: 'not-a-pdf' | 'conversion-failed' | 'converter-unavailable', message: string) {
    super(message);
  }
}

/** A PDF starts with `%PDF-` within its first 1024 bytes (what PDF readers accept). */
export function looksLikePdf(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(1024);
    const n = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, n).includes('%PDF-');
  } finally {
    closeSync(fd);
  }
}

export function ghostscriptArgs(pdf: string, tiff: string): string[] {
  return [
    '-q', '-dSAFER', '-dBATCH', '-dNOPAUSE',
    '-sDEVICE=tiffg4', '-r204x196', `-g${FAX_WIDTH}x${FAX_HEIGHT}`, '-dFIXEDMEDIA', '-dPDFFitPage',
    `-sOutputFile=${tiff}`, '-f', pdf,
  ];
}

/** The unprivileged user Ghostscript runs as when the app is root (nobody), from /etc/passwd. */
export function unprivilegedIds(passwd = '/etc/passwd'): { uid: number; gid: number } {
  const line = (existsSync(passwd) ? readFileSync(passwd, 'utf8') : '').split('\n').find((l) => l.startsWith('nobody:'));
  const [, , uid, gid] = (line ?? 'nobody:x:65534:65534').split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function run(o: PdfConverterOptions, args: string[], as?: { uid: number; gid: number; cwd: string }): Promise<void> {
  return new Promise((done, fail) => {
    execFile(o.gs, args, { timeout: o.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1024 * 1024, ...(as ?? {}) }, (err, stdout, stderr) => {
      if (!err) return done();
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EACCES') return fail(new FaxConversionError('converter-unavailable', `Ghostscript (${o.gs}) cannot be run: ${code}`));
      if ((err as { killed?: boolean }).killed) return fail(new FaxConversionError('conversion-failed', `the PDF was not converted within ${o.timeoutMs / 1000} s`));
      const reason = `${stderr}\n${stdout}`.split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 3).join(' / ');
      fail(new FaxConversionError('conversion-failed', `the PDF could not be converted: ${reason || `exit code ${String(code)}`}`));
    });
  });
}

/** Converts `pdf` to the fax TIFF `tiff`; answers its page count. Leaves no file behind on failure. */
export async function pdfToFaxTiff(o: PdfConverterOptions, pdf: string, tiff: string): Promise<{ pages: number }> {
  if (!looksLikePdf(pdf)) throw new FaxConversionError('not-a-pdf', 'the file is not a PDF (no %PDF- header)');
  if (process.getuid?.() === 0) return convertUnprivileged(o, pdf, tiff);
  return convert(o, pdf, tiff);
}

/** As root: Ghostscript as nobody in a private folder; the result is checked, then copied out. */
async function convertUnprivileged(o: PdfConverterOptions, pdf: string, tiff: string): Promise<{ pages: number }> {
  const ids = unprivilegedIds();
  const dir = mkdtempSync(join(tmpdir(), 'cc-fax-'));
  try {
    chownSync(dir, ids.uid, ids.gid);
    let fd: number;
    try {
      fd = openSync(pdf, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ELOOP') throw new FaxConversionError('not-a-pdf', 'the file is a symbolic link: send the file itself');
      throw err;
    }
    let data: Buffer;
    try { data = readFileSync(fd); } finally { closeSync(fd); }
    const input = join(dir, 'in.pdf');
    writeFileNoFollow(input, data, 0o600);
    chownSync(input, ids.uid, ids.gid);
    const out = join(dir, 'out.tif');
    const { pages } = await convert(o, input, out, { ...ids, cwd: dir });
    writeFileNoFollow(tiff, readFileSync(out), 0o644);
    return { pages };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function convert(o: PdfConverterOptions, pdf: string, tiff: string, as?: { uid: number; gid: number; cwd: string }): Promise<{ pages: number }> {
  const part = `${tiff}.part`;
  try {
    await run(o, ghostscriptArgs(pdf, part), as);
    // Ghostscript repairs what it can and exits 0 even when no page could be drawn.
    if (!existsSync(part)) throw new FaxConversionError('conversion-failed', 'the PDF could not be converted: no page was produced');
    let info;
    try {
      info = readTiffInfo(part);
    } catch (err) {
      throw new FaxConversionError('conversion-failed', `the converted file is not a valid TIFF: ${(err as Error).message}`);
    }
    if (info.pages < 1 || info.width !== FAX_WIDTH) throw new FaxConversionError('conversion-failed', `the converted file has ${info.pages} pages ${info.width} pels wide`);
    renameSync(part, tiff);
    return { pages: info.pages };
  } finally {
    if (existsSync(part)) unlinkSync(part);
  }
}

