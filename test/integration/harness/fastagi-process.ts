/** The FastAGI fallback as a real child process (node dist/src/agi/main.js), for fault tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { TEST_DB } from './product';
import { until } from './wait';

const ROOT = resolve(__dirname, '../../../..');
export const AGI_TEST_SPOOL = resolve(ROOT, 'var/spool/test-agi-call-records.jsonl');

export function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((done) => {
    const s = connect(port, host, () => { s.destroy(); done(true); });
    s.on('error', () => done(false));
  });
}

export class FastAgiProcess {
  private child: ChildProcess | null = null;

  constructor(readonly port = 4573) {}

  async start(): Promise<void> {
    rmSync(AGI_TEST_SPOOL, { force: true });
    const log = createWriteStream(resolve(ROOT, 'var/log/test-fastagi.log'), { flags: 'a' });
    this.child = spawn(process.execPath, [resolve(ROOT, 'dist/src/agi/main.js')], {
      env: { ...process.env, CC_DB_NAME: TEST_DB, CC_ASTERISK_INSTANCE: 'test', CC_LOG_LEVEL: 'debug', CC_AGI_SPOOL: AGI_TEST_SPOOL },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.pipe(log);
    this.child.stderr!.pipe(log);
    await until('FastAGI listening', 15000, () => portOpen(this.port), 100);
  }

  /** SIGKILL: no clean-up, as a crash. */
  async kill(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null) return;
    const gone = new Promise((done) => c.once('exit', done));
    c.kill('SIGKILL');
    await gone;
    this.child = null;
  }
}

/** The app itself as a real child process (node dist/src/main.js) against the test instance. */
export class AppProcess {
  private child: ChildProcess | null = null;

  async start(): Promise<void> {
    const log = createWriteStream(resolve(ROOT, 'var/log/test-app-process.log'), { flags: 'a' });
    this.child = spawn(process.execPath, [resolve(ROOT, 'dist/src/main.js')], {
      env: { ...process.env, CC_DB_NAME: TEST_DB, CC_ASTERISK_INSTANCE: 'test', CC_LOG_LEVEL: 'debug', CC_ACD_NO_ANSWER_LOGOFF_SEC: '5' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.pipe(log);
    this.child.stderr!.pipe(log);
    await until('the app process healthy', 20000, async () => {
      const res = await fetch('http://127.0.0.1:8080/api/v1/health', { signal: AbortSignal.timeout(1000) }).catch(() => null);
      return res?.status === 200;
    }, 200);
  }

  async kill(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null) return;
    const gone = new Promise((done) => c.once('exit', done));
    c.kill('SIGKILL');
    await gone;
    this.child = null;
  }
}
