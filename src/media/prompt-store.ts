/**
 * The site's uploaded prompts on disk: `<prompt folder>[/<language>]/<name>.wav`, converted from
 * WAV, MP3 or OGG by sox (Debian packages sox + libsox-fmt-mp3, installed by make install:
 * scripts/provision-media.sh). sox reads the upload in a private temporary folder; when the app
 * runs as root it runs as `nobody` (like Ghostscript for faxes), and its output is checked
 * (a WAV with samples) before it replaces the prompt, so a call never plays half a file.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unprivilegedIds } from '../fax/pdf-to-tiff';
import { writeFileNoFollow } from '../util/safe-write';
import { PROMPT_LANGUAGE, PROMPT_NAME, promptFile, sniffAudio, soxArgs } from './audio-format';

export interface PromptStoreOptions {
  /** The prompt folder as this process sees it. */
  dir: string;
  /** The sox program (on PATH by default). */
  sox: string;
  timeoutMs: number;
}

export class PromptError extends Error {
  constructor(readonly code: 'bad-audio' | 'converter-unavailable' | 'not-found', message: string) {
    super(message);
  }
}

export interface PromptInfo { name: string; language: string | null; bytes: number; durationSec: number; updatedAt: string; use: string }

function runSox(o: PromptStoreOptions, args: string[], as?: { uid: number; gid: number; cwd: string }): Promise<void> {
  return new Promise((done, fail) => {
    execFile(o.sox, args, { timeout: o.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1024 * 1024, ...(as ?? {}) }, (err, _stdout, stderr) => {
      if (!err) return done();
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EACCES') return fail(new PromptError('converter-unavailable', `sox (${o.sox}) cannot be run: ${code}`));
      if ((err as { killed?: boolean }).killed) return fail(new PromptError('bad-audio', `the audio was not converted within ${o.timeoutMs / 1000} s`));
      const reason = String(stderr).split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 2).join(' / ');
      fail(new PromptError('bad-audio', `the audio could not be converted: ${reason || `exit code ${String(code)}`}`));
    });
  });
}

/** Seconds of 8 kHz 16-bit mono audio in a WAV file (its size less the 44-byte header). */
function wavSeconds(bytes: number): number {
  return Math.max(0, bytes - 44) / 16000;
}

export class PromptStore {
  constructor(private readonly o: PromptStoreOptions) {}

  path(name: string, language: string | null): string {
    return join(this.o.dir, promptFile(name, language));
  }

  /** Converts and stores an upload; answers the stored prompt. Nothing is replaced when it fails. */
  async save(name: string, language: string | null, data: Buffer): Promise<PromptInfo> {
    const format = sniffAudio(data.subarray(0, 16));
    if (!format) throw new PromptError('bad-audio', 'the file is not WAV, MP3 or OGG (told by its first bytes)');
    const target = this.path(name, language);
    const work = mkdtempSync(join(tmpdir(), 'cc-prompt-'));
    try {
      const root = process.getuid?.() === 0;
      const ids = root ? unprivilegedIds() : null;
      const input = join(work, `in.${format}`);
      writeFileNoFollow(input, data, 0o600);
      const out = join(work, 'out.wav');
      if (ids) {
        chownSync(work, ids.uid, ids.gid);
        chownSync(input, ids.uid, ids.gid);
      }
      await runSox(this.o, soxArgs(input, format, out), ids ? { ...ids, cwd: work } : undefined);
      if (!existsSync(out) || statSync(out).size <= 44) throw new PromptError('bad-audio', 'the audio could not be converted: no sound in it');
      const wav = readFileSync(out);
      if (sniffAudio(wav.subarray(0, 16)) !== 'wav') throw new PromptError('bad-audio', 'the converter did not produce a WAV file');
      if (language) mkdirSync(join(this.o.dir, language), { recursive: true, mode: 0o755 });
      writeFileNoFollow(target, wav, 0o644);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    return this.info(name, language)!;
  }

  info(name: string, language: string | null): PromptInfo | null {
    const p = this.path(name, language);
    if (!existsSync(p)) return null;
    const st = statSync(p);
    if (!st.isFile()) return null;
    return { name, language, bytes: st.size, durationSec: Math.round(wavSeconds(st.size) * 100) / 100, updatedAt: st.mtime.toISOString(), use: `file:${name}` };
  }

  /** Every uploaded prompt: the default ones and each language's, by name. */
  list(): PromptInfo[] {
    const out: PromptInfo[] = [];
    const names = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []).filter((f) => f.endsWith('.wav')).map((f) => f.slice(0, -4)).filter((n) => PROMPT_NAME.test(n));
    for (const n of names(this.o.dir)) out.push(this.info(n, null)!);
    const langs = existsSync(this.o.dir) ? readdirSync(this.o.dir).filter((d) => PROMPT_LANGUAGE.test(d) && statSync(join(this.o.dir, d)).isDirectory()) : [];
    for (const l of langs) for (const n of names(join(this.o.dir, l))) out.push(this.info(n, l)!);
    return out.filter(Boolean).sort((a, b) => a.name.localeCompare(b.name) || (a.language ?? '').localeCompare(b.language ?? ''));
  }

  remove(name: string, language: string | null): void {
    const p = this.path(name, language);
    if (!existsSync(p)) throw new PromptError('not-found', `no prompt ${name}${language ? ` in ${language}` : ''}`);
    unlinkSync(p);
  }
}
