/**
 * Uploaded prompts (source 002: 可自行设置、修改来电语音提示), pure: the format told by the file's
 * first bytes (never by its name), the prompt's name and language, where it goes in the prompt
 * folder and the sox command that converts it to what Asterisk plays best (WAV, 8 kHz, mono,
 * 16-bit signed PCM: Asterisk's `wav` format, transcoded to the call's codec without resampling).
 *
 * A flow plays `file:<name>` with the call's language: Asterisk looks for
 * `<prompt folder>/<language>/<name>.wav` first, then `<prompt folder>/<name>.wav` (its
 * language lookup for an absolute sound path), so an upload without a language is the default
 * for every language.
 */
export type AudioFormat = 'wav' | 'mp3' | 'ogg';

/** The format of an upload from its first bytes; null when it is none of WAV, MP3, OGG. */
export function sniffAudio(head: Buffer): AudioFormat | null {
  if (head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WAVE') return 'wav';
  if (head.length >= 4 && head.toString('latin1', 0, 4) === 'OggS') return 'ogg';
  if (head.length >= 3 && head.toString('latin1', 0, 3) === 'ID3') return 'mp3';
  // An MPEG audio frame without ID3 tag: 11 sync bits, layer III.
  if (head.length >= 2 && head[0] === 0xff && (head[1] & 0xe0) === 0xe0 && (head[1] & 0x06) === 0x02) return 'mp3';
  return null;
}

export const PROMPT_NAME = /^[A-Za-z0-9_-]{1,64}$/;
/** As the flows write languages ("en", "zh_CN"). */
export const PROMPT_LANGUAGE = /^[a-z]{2}(_[A-Z]{2})?$/;

/** The longest prompt kept (seconds): longer uploads are cut. */
export const MAX_PROMPT_SEC = 600;

/** The prompt's file relative to the prompt folder: `<language>/<name>.wav` or `<name>.wav` (every language). */
export function promptFile(name: string, language: string | null): string {
  if (!PROMPT_NAME.test(name)) throw new Error(`bad prompt name ${name}`);
  if (language !== null && !PROMPT_LANGUAGE.test(language)) throw new Error(`bad prompt language ${language}`);
  return language ? `${language}/${name}.wav` : `${name}.wav`;
}

/** sox arguments: input of the sniffed type, output 8 kHz mono 16-bit WAV, cut at MAX_PROMPT_SEC. */
export function soxArgs(input: string, format: AudioFormat, output: string): string[] {
  return ['-q', '-t', format, input, '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', '-t', 'wav', output, 'trim', '0', String(MAX_PROMPT_SEC)];
}

/** Decodes a base64 upload, refusing what is not base64 or too big (no partial decode). */
export function decodeUpload(base64: string, maxBytes: number): { ok: true; data: Buffer } | { ok: false; problem: string } {
  const clean = base64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) return { ok: false, problem: 'not base64' };
  if (clean.length === 0) return { ok: false, problem: 'empty' };
  const bytes = (clean.length / 4) * 3 - (clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0);
  if (bytes > maxBytes) return { ok: false, problem: `larger than ${maxBytes} bytes` };
  return { ok: true, data: Buffer.from(clean, 'base64') };
}
