/** Product processes as real child processes (FastAGI, the app), for fault tests that kill them. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { TEST_DB } from './product';
import { until } from './wait';

const ROOT = resolve(__dirname, '../../../..');
export const AGI_TEST_SPOOL = resolve(ROOT, 'var/spool/test-agi-call-records.jsonl');
const TEST_ENV = { CC_DB_NAME: TEST_DB, CC_ASTERISK_INSTANCE: 'test', CC_LOG_LEVEL: 'debug' };

export function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((done) => {
    const s = connect(port, host, () => { s.destroy(); done(true); });
    s.on('error', () => done(false));
  });
}

/** A node script of the product run as a child process against the test instance. */
class ChildProcessRunner {
  private child: ChildProcess | null = null;

  constructor(private readonly script: string, private readonly logName: string, private readonly env: Record<string, string>, private readonly ready: () => Promise<boolean>, private readonly what: string) {}

  async start(): Promise<void> {
    const log = createWriteStream(resolve(ROOT, `var/log/${this.logName}`), { flags: 'a' });
    this.child = spawn(process.execPath, [resolve(ROOT, this.script)], { env: { ...process.env, ...TEST_ENV, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.pipe(log);
    this.child.stderr!.pipe(log);
    await until(this.what, 20000, this.ready, 150);
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

export class FastAgiProcess extends ChildProcessRunner {
  /** `env`: more settings for the process (e.g. CC_CONFIG with radius on). */
  constructor(port = 4573, env: Record<string, string> = {}) {
    super('dist/src/agi/main.js', 'test-fastagi.log', { CC_AGI_SPOOL: AGI_TEST_SPOOL, ...env }, () => portOpen(port), 'FastAGI listening');
  }

  override async start(): Promise<void> {
    rmSync(AGI_TEST_SPOOL, { force: true });
    rmSync(AGI_TEST_SPOOL.replace(/\.jsonl$/, '.radius.jsonl'), { force: true });
    await super.start();
  }
}

/** The app itself (node dist/src/main.js), healthy once its links are up. */
export class AppProcess extends ChildProcessRunner {
  constructor() {
    super('dist/src/main.js', 'test-app-process.log', { CC_ACD_NO_ANSWER_LOGOFF_SEC: '5' }, async () => {
      const res = await fetch('http://127.0.0.1:8080/api/v1/health', { signal: AbortSignal.timeout(1000) }).catch(() => null);
      return res?.status === 200;
    }, 'the app process healthy');
  }
}
