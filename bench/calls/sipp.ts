/**
 * SIPp (Debian's sip-tester) as the bench's SIP user agents: one long-running UAS playing
 * every callee, and a UAC per measured run. Counts come from SIPp's own statistics file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BENCH } from './bench-config';

export const WORK_DIR = resolve(__dirname, '../../../var/bench');
const SCENARIOS = resolve(__dirname, '../../../bench/calls/scenarios');

export interface UacRun {
  /** Address the UAC binds (decides which endpoint Asterisk sees). */
  from: string;
  /** [callee, caller] per call; SIPp walks the list in order. */
  calls: [string, string][];
  ratePerSec: number;
  holdMs: number;
  /** Send RTP during the hold. */
  media?: boolean;
  /** Concurrent-call limit (default: no practical limit). */
  limit?: number;
  /** Stop placing calls at the first failed one (SIPp's soft exit: calls up are finished). */
  stopOnFailure?: boolean;
  /** How long SIPp waits for an expected message before it fails the call (default 15 s). */
  recvTimeoutMs?: number;
  label: string;
}

export interface UacResult {
  successful: number;
  failed: number;
  failures: Record<string, number>;
  elapsedMs: number;
  statFile: string;
  /** stopOnFailure cut the run short: fewer calls than listed were placed. */
  stoppedEarly: boolean;
}

/** SIPp's final counters, read from its -trace_stat CSV (semicolon separated, header first). */
export function parseStatFile(text: string): { successful: number; failed: number; failures: Record<string, number> } {
  const lines = text.trim().split('\n').filter((l) => l.trim() !== '');
  if (lines.length < 2) throw new Error('SIPp statistics file has no data row');
  const head = lines[0].split(';');
  const last = lines[lines.length - 1].split(';');
  const col = (name: string) => {
    const i = head.indexOf(name);
    if (i < 0) throw new Error(`SIPp statistics file has no column ${name}`);
    return Number(last[i]);
  };
  // Why calls failed: SIPp's Failed<Reason>(C) counters that are not zero.
  const failures: Record<string, number> = {};
  head.forEach((name, i) => {
    const m = /^Failed(\w+)\(C\)$/.exec(name);
    if (m && m[1] !== 'Call' && Number(last[i]) > 0) failures[m[1]] = Number(last[i]);
  });
  return { successful: col('SuccessfulCall(C)'), failed: col('FailedCall(C)'), failures };
}

function mediaScenario(): string {
  mkdirSync(WORK_DIR, { recursive: true });
  const rtp = join(WORK_DIR, 'tone.ulaw.wav');
  writeFileSync(rtp, ulawToneWav(1));
  const file = join(WORK_DIR, 'uac-media.xml');
  writeFileSync(file, readFileSync(join(SCENARIOS, 'uac-media.xml'), 'utf8').replaceAll('RTP_FILE', rtp));
  return file;
}

/** A 440 Hz tone, G.711 u-law in a WAV container, `seconds` long: what the caller "says". */
export function ulawToneWav(seconds: number): Buffer {
  const n = 8000 * seconds;
  const data = Buffer.alloc(n);
  for (let i = 0; i < n; i++) data[i] = linearToUlaw(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000)));
  const h = Buffer.alloc(44);
  h.write('RIFF', 0); h.writeUInt32LE(36 + n, 4); h.write('WAVE', 8); h.write('fmt ', 12);
  h.writeUInt32LE(16, 16); h.writeUInt16LE(7, 20); h.writeUInt16LE(1, 22); h.writeUInt32LE(8000, 24);
  h.writeUInt32LE(8000, 28); h.writeUInt16LE(1, 32); h.writeUInt16LE(8, 34); h.write('data', 36); h.writeUInt32LE(n, 40);
  return Buffer.concat([h, data]);
}

function linearToUlaw(sample: number): number {
  const BIAS = 0x84;
  const sign = sample < 0 ? 0x80 : 0;
  let s = Math.min(Math.abs(sample), 32635) + BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

function waitExit(child: ChildProcess, timeoutMs: number, what: string): Promise<number> {
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`${what} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      done(code ?? -1);
    });
  });
}

export async function runUac(run: UacRun): Promise<UacResult> {
  mkdirSync(WORK_DIR, { recursive: true });
  const csv = join(WORK_DIR, `${run.label}.csv`);
  writeFileSync(csv, ['SEQUENTIAL', ...run.calls.map(([callee, caller]) => `${callee};${caller}`)].join('\n') + '\n');
  const statFile = join(WORK_DIR, `${run.label}.stat.csv`);
  // A file of an earlier run with the same label must not be read as this run's (stopOnFailure, counts).
  rmSync(statFile, { force: true });
  const scenario = run.media ? mediaScenario() : join(SCENARIOS, 'uac.xml');
  const expectedMs = (run.calls.length / run.ratePerSec) * 1000 + run.holdMs;
  const args = [`${BENCH.asterisk}:5060`, '-sf', scenario, '-i', run.from, '-p', '5060', '-inf', csv,
    '-r', String(run.ratePerSec), '-rp', '1000', '-m', String(run.calls.length), '-l', String(run.limit ?? 5000),
    '-d', String(run.holdMs), '-recv_timeout', String(run.recvTimeoutMs ?? 15000), '-nostdin', '-trace_stat', '-stf', statFile, '-fd', '1',
    '-timeout', `${Math.ceil(expectedMs / 1000) + 60}s`, '-timeout_error'];
  if (run.media) args.push('-mp', '20000');
  const t0 = Date.now();
  const child = spawn('sipp', args, { stdio: ['ignore', 'ignore', 'pipe'], cwd: WORK_DIR });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  // SIPp rewrites its statistics each second (-fd 1): a failure shows there within a second.
  let stoppedEarly = false;
  const watch = run.stopOnFailure ? setInterval(() => {
    try {
      if (!stoppedEarly && existsSync(statFile) && parseStatFile(readFileSync(statFile, 'utf8')).failed > 0) {
        stoppedEarly = true;
        child.kill('SIGUSR1');
      }
    } catch {
      // no data row yet
    }
  }, 1000) : null;
  let code: number;
  try {
    code = await waitExit(child, expectedMs + 90000, `SIPp UAC ${run.label}`);
  } finally {
    if (watch) clearInterval(watch);
  }
  const elapsedMs = Date.now() - t0;
  let counts;
  try {
    counts = parseStatFile(readFileSync(statFile, 'utf8'));
  } catch (err) {
    throw new Error(`SIPp UAC ${run.label} exited ${code} without statistics (${(err as Error).message}): ${stderr.trim().slice(0, 500)}`);
  }
  return { ...counts, elapsedMs, statFile, stoppedEarly };
}

/** The callee side for the whole bench: answers everything, echoes RTP. */
export class Uas {
  private constructor(private readonly child: ChildProcess, private readonly errors: () => string) {}

  static start(): Uas {
    mkdirSync(WORK_DIR, { recursive: true });
    // A UAS left by an interrupted run still holds the callee address: stop it first.
    const pidFile = join(WORK_DIR, 'uas.pid');
    if (existsSync(pidFile)) {
      try {
        process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
      } catch {
        // already gone
      }
    }
    const args = ['-sf', join(SCENARIOS, 'uas.xml'), '-i', BENCH.callee, '-p', '5060', '-aa', '-rtp_echo', '-mp', '6000', '-nostdin', '-bind_local'];
    const child = spawn('sipp', args, { stdio: ['ignore', 'ignore', 'pipe'], cwd: WORK_DIR });
    writeFileSync(pidFile, String(child.pid));
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    return new Uas(child, () => stderr);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  assertRunning(): void {
    if (!this.running) throw new Error(`the SIPp UAS stopped (exit ${this.child.exitCode}): ${this.errors().trim().slice(0, 500)}`);
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    const exited = waitExit(this.child, 5000, 'SIPp UAS').catch(() => -1);
    this.child.kill('SIGTERM');
    await exited;
  }
}
