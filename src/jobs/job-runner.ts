/**
 * Runs named jobs on cron schedules (node-cron) and on demand (API, timers). Two runs of one
 * job never overlap: a run that finds the job still busy is skipped and logged. A failing run
 * logs why; the schedule stays, so the job runs again next time.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../log/logger';

export type JobFn = (now: Date) => Promise<string | void>;

export interface JobStatus {
  name: string;
  schedule: string | null;
  running: boolean;
  lastStart: string | null;
  lastEnd: string | null;
  lastResult: 'ok' | 'failed' | 'skipped' | null;
  lastMessage: string | null;
  runs: number;
  failures: number;
}

export type RunOutcome = { outcome: 'ok'; message: string | null } | { outcome: 'failed'; message: string } | { outcome: 'skipped'; message: string };

interface Job { fn: JobFn; status: JobStatus; running: Promise<unknown> | null; task: ScheduledTask | null }

export class JobRunner {
  private readonly jobs = new Map<string, Job>();
  private stopped = false;

  constructor(private readonly log: Logger, private readonly timezone: string | null = null, private readonly clock: () => Date = () => new Date()) {}

  /** Registers a job; with a cron expression it is scheduled when start() is called. */
  add(name: string, fn: JobFn, schedule: string | null): void {
    if (this.jobs.has(name)) throw new Error(`job ${name} registered twice`);
    if (schedule !== null && !cron.validate(schedule)) throw new Error(`job ${name}: invalid cron expression "${schedule}"`);
    this.jobs.set(name, {
      fn, running: null, task: null,
      status: { name, schedule, running: false, lastStart: null, lastEnd: null, lastResult: null, lastMessage: null, runs: 0, failures: 0 },
    });
  }

  has(name: string): boolean {
    return this.jobs.has(name);
  }

  names(): string[] {
    return [...this.jobs.keys()];
  }

  start(): void {
    for (const [name, job] of this.jobs) {
      if (job.status.schedule === null) continue;
      job.task = cron.schedule(job.status.schedule, () => void this.run(name, 'schedule'), {
        name: `callcenter-${name}`, ...(this.timezone ? { timezone: this.timezone } : {}),
      });
    }
  }

  status(): JobStatus[] {
    return [...this.jobs.values()].map((j) => ({ ...j.status }));
  }

  /** Runs a job now unless it is already running (then 'skipped'). Never throws. */
  async run(name: string, reason: string): Promise<RunOutcome> {
    const job = this.jobs.get(name);
    if (!job) return { outcome: 'failed', message: `no job ${name}` };
    if (this.stopped) return { outcome: 'skipped', message: 'the job runner is stopped' };
    const s = job.status;
    if (job.running) {
      this.log.warn({ job: name, reason, since: s.lastStart }, `job ${name}: previous run still busy, this run skipped`);
      return { outcome: 'skipped', message: `job ${name} is still running (since ${s.lastStart})` };
    }
    const started = this.clock();
    s.running = true;
    s.lastStart = started.toISOString();
    s.runs += 1;
    let outcome: RunOutcome;
    const work = (async () => job.fn(started))();
    job.running = work.catch(() => undefined);
    try {
      const message = (await work) ?? null;
      outcome = { outcome: 'ok', message };
      this.log.info({ job: name, reason, ms: Date.now() - started.getTime(), result: message ?? undefined }, `job ${name}: done`);
    } catch (err) {
      const message = (err as Error).message;
      s.failures += 1;
      outcome = { outcome: 'failed', message };
      this.log.error({ job: name, reason, err: message }, `job ${name} failed; it runs again at its next time`);
    } finally {
      job.running = null;
      s.running = false;
      s.lastEnd = new Date().toISOString();
    }
    s.lastResult = outcome.outcome === 'ok' ? 'ok' : 'failed';
    s.lastMessage = outcome.message;
    return outcome;
  }

  /** Stops the schedules and waits for runs in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const j of this.jobs.values()) {
      if (j.task) await j.task.destroy();
      j.task = null;
    }
    await Promise.all([...this.jobs.values()].map((j) => j.running));
  }
}
