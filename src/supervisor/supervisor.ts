/**
 * Keeps the product's processes up beside Asterisk (`make run`): the app and FastAGI each run as
 * a child; one that exits unexpectedly is restarted with back-off (backoff.ts) and the restart is
 * logged, while Asterisk and the other child stay up, so talking calls keep talking and FastAGI
 * (or the app) routes new ones. Only stop() (SIGINT/SIGTERM to the supervisor: Ctrl-C, make stop)
 * ends them: TERM, then KILL after a grace period. systemd does the same job in production
 * (make install-service). Children get their own process group, so a terminal's Ctrl-C reaches
 * them only through stop().
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import type { Logger } from '../log/logger';
import { DEFAULT_BACKOFF, onExit, type BackoffPolicy } from './backoff';
import { commandFor, type RunAs } from './run-as';

export interface ChildSpec {
  name: string;
  /** The node script to run (absolute path). */
  script: string;
  env?: Record<string, string>;
}

interface Running {
  spec: ChildSpec;
  child: ChildProcess | null;
  startedAt: number;
  crashes: number;
  restartTimer: NodeJS.Timeout | null;
}

export class Supervisor {
  private readonly running = new Map<string, Running>();
  private stopping = false;
  private gaveUp: ((why: string) => void) | null = null;

  constructor(
    private readonly specs: ChildSpec[],
    private readonly runDir: string,
    private readonly log: Logger,
    private readonly policy: BackoffPolicy = DEFAULT_BACKOFF,
    private readonly graceMs = 10000,
    /** The unprivileged user the children run as (run-as.ts); null: as the supervisor. */
    private readonly runAs: RunAs | null = null,
  ) {}

  /** Starts every child; `onGiveUp` is called when a child cannot be kept up (the caller stops). */
  start(onGiveUp: (why: string) => void): void {
    this.gaveUp = onGiveUp;
    for (const spec of this.specs) {
      const r: Running = { spec, child: null, startedAt: 0, crashes: 0, restartTimer: null };
      this.running.set(spec.name, r);
      this.launch(r);
    }
  }

  private launch(r: Running): void {
    r.restartTimer = null;
    if (this.stopping) return;
    const [cmd, args] = commandFor(this.runAs, process.execPath, r.spec.script);
    const child = spawn(cmd, args, { env: { ...process.env, ...r.spec.env }, stdio: 'inherit', detached: true });
    r.child = child;
    r.startedAt = Date.now();
    if (child.pid) writeFileSync(join(this.runDir, `${r.spec.name}.pid`), `${child.pid}\n`);
    this.log.info({ child: r.spec.name, pid: child.pid, user: this.runAs?.user ?? userInfo().username }, `${r.spec.name} started`);
    child.once('exit', (code, signal) => this.exited(r, child, code, signal));
  }

  private exited(r: Running, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (r.child !== child) return;
    r.child = null;
    if (this.stopping) return;
    const uptimeMs = Date.now() - r.startedAt;
    const d = onExit(code, signal, uptimeMs, r.crashes, this.policy);
    if (d.action === 'give-up') {
      this.log.error({ child: r.spec.name, code }, `${r.spec.name} exited: ${d.why}`);
      this.gaveUp?.(`${r.spec.name}: ${d.why}`);
      return;
    }
    r.crashes = d.crashes;
    this.log.error({ child: r.spec.name, code, signal, uptimeSec: Math.round(uptimeMs / 1000), restartInMs: d.delayMs, crashes: d.crashes },
      `${r.spec.name} exited unexpectedly; restarting it in ${d.delayMs / 1000} s (Asterisk and the other processes keep running)`);
    r.restartTimer = setTimeout(() => this.launch(r), d.delayMs);
  }

  /** Stops every child: TERM, then KILL whatever is still up after the grace period. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.running.values()].map(async (r) => {
      if (r.restartTimer) clearTimeout(r.restartTimer);
      const child = r.child;
      if (child && child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        const timer = setTimeout(() => {
          this.log.warn({ child: r.spec.name }, `${r.spec.name} did not stop within ${this.graceMs / 1000} s; killing it`);
          child.kill('SIGKILL');
        }, this.graceMs);
        await gone;
        clearTimeout(timer);
      }
      rmSync(join(this.runDir, `${r.spec.name}.pid`), { force: true });
      this.log.info({ child: r.spec.name }, `${r.spec.name} stopped`);
    }));
  }
}
