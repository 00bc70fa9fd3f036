/**
 * User-defined timers 1-9 (D5; the source's 定时处理设置): each on/off with a period in ms
 * (> 100). Settings live in the MySQL table `timers`; a change through the API applies at
 * once, a change made by SQL (or by another app instance) within jobs.timerSyncMs.
 * When a timer fires it publishes the CTI event `timer.fired` (action 'event'), runs a named job
 * (action 'job'; the job runner never lets two runs of a job overlap), or starts a call (issue 20):
 * 'call' rings `agent`'s phone and dials `number` as the agent would (click-to-call), 'flow'
 * dials `number` as `agent`'s phone would and runs `flow` for whoever answers. Call and flow
 * timers also publish `timer.fired` with the call's GUID (null when it could not start).
 */
import type { RowDataPacket } from 'mysql2/promise';
import type { Pool } from '../db/pool';
import type { EventSink } from '../events/cti-events';
import type { Logger } from '../log/logger';
import type { JobRunner } from './job-runner';

export const TIMER_IDS = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
export const MIN_PERIOD_MS = 101;

export type TimerAction = 'event' | 'job' | 'call' | 'flow';
export interface TimerSetting {
  id: number; enabled: boolean; periodMs: number; action: TimerAction; job: string | null; description: string;
  /** For call / flow: the account whose phone rings (call) or whose dial rules place the call (flow). */
  agent: string | null;
  number: string | null;
  flow: string | null;
}
/** Starts the calls of 'call' and 'flow' timers; answers the call's GUID (src/cti/timer-calls.ts). */
export interface TimerCalls {
  call(agent: string, number: string): Promise<string>;
  flow(agent: string, number: string, flow: string): Promise<string>;
  /** Problems with these settings in the running configuration (unknown account or flow). */
  problems(s: Pick<TimerSetting, 'action' | 'agent' | 'number' | 'flow'>): string[];
}
export interface TimerView extends TimerSetting { fired: number; lastFiredAt: string | null }
export type TimerPatch = Partial<Omit<TimerSetting, 'id'>>;

export class TimerError extends Error {}

interface Running { setting: TimerSetting; handle: NodeJS.Timeout | null; fired: number; lastFiredAt: string | null }

const same = (a: TimerSetting, b: TimerSetting) => JSON.stringify(a) === JSON.stringify(b);

export class TimerService {
  private readonly timers = new Map<number, Running>();
  private syncHandle: NodeJS.Timeout | null = null;
  private syncing: Promise<void> = Promise.resolve();
  private calls: TimerCalls | null = null;

  constructor(private readonly pool: Pool, private readonly runner: JobRunner, private readonly events: EventSink, private readonly log: Logger, private readonly syncMs: number) {}

  /** Arms the timers; if MySQL does not answer now, the next periodic sync arms them. */
  async start(): Promise<void> {
    const sync = () => this.sync().catch((err) => this.log.warn({ err: (err as Error).message }, 'timer settings not read; retrying at the next sync'));
    this.syncHandle = setInterval(() => void sync(), this.syncMs);
    await sync();
  }

  /** Call and flow timers need the call machinery, made after the jobs. */
  useCalls(calls: TimerCalls): void {
    this.calls = calls;
  }

  stop(): void {
    if (this.syncHandle) clearInterval(this.syncHandle);
    this.syncHandle = null;
    for (const t of this.timers.values()) this.disarm(t);
  }

  list(): TimerView[] {
    return [...this.timers.values()].sort((a, b) => a.setting.id - b.setting.id).map((t) => ({ ...t.setting, fired: t.fired, lastFiredAt: t.lastFiredAt }));
  }

  get(id: number): TimerView | undefined {
    return this.list().find((t) => t.id === id);
  }

  /** Checks a change against the rules that the table's constraints cannot express. */
  problems(current: TimerSetting, patch: TimerPatch): string[] {
    const next = { ...current, ...patch };
    const out: string[] = [];
    if (next.periodMs < MIN_PERIOD_MS) out.push(`periodMs: must be more than 100 ms`);
    if (next.action === 'job' && (!next.job || !this.runner.has(next.job))) out.push(`job: action 'job' needs one of ${this.runner.names().join(', ')}`);
    if (next.action === 'call' || next.action === 'flow') {
      if (!next.agent) out.push(`agent: action '${next.action}' needs the account that places the call`);
      if (!next.number) out.push(`number: action '${next.action}' needs the number to dial`);
      if (next.action === 'flow' && !next.flow) out.push(`flow: action 'flow' needs the flow to run`);
      if (!this.calls) out.push(`action: '${next.action}' timers are not available in this process`);
      else if (next.agent && next.number && (next.action === 'call' || next.flow)) out.push(...this.calls.problems(next));
    }
    return out;
  }

  /** Saves a change in MySQL, then applies it at once. */
  async update(id: number, patch: TimerPatch): Promise<TimerView> {
    await this.syncing;
    const current = this.timers.get(id)?.setting;
    if (!current) throw new TimerError(`no timer ${id}`);
    const problems = this.problems(current, patch);
    if (problems.length) throw new TimerError(problems.join('; '));
    const next: TimerSetting = { ...current, ...patch };
    await this.pool.execute('UPDATE timers SET enabled = ?, period_ms = ?, action = ?, job = ?, description = ?, agent = ?, number = ?, flow = ? WHERE id = ?',
      [next.enabled ? 1 : 0, next.periodMs, next.action, next.job, next.description, next.agent, next.number, next.flow, id]);
    await this.sync();
    return this.get(id)!;
  }

  /** Reads the table and re-arms every timer whose settings changed. */
  sync(): Promise<void> {
    const run = this.syncing.then(() => this.load());
    this.syncing = run.catch(() => undefined);
    return run;
  }

  private async load(): Promise<void> {
    {
      const [rows] = await this.pool.query<RowDataPacket[]>('SELECT id, enabled, period_ms, action, job, description, agent, number, flow FROM timers ORDER BY id');
      for (const r of rows) {
        const setting: TimerSetting = {
          id: r.id, enabled: !!r.enabled, periodMs: Number(r.period_ms), action: r.action, job: r.job, description: r.description,
          agent: r.agent ?? null, number: r.number ?? null, flow: r.flow ?? null,
        };
        const t = this.timers.get(setting.id);
        if (t && same(t.setting, setting)) continue;
        if (t) this.disarm(t);
        const next: Running = { setting, handle: null, fired: t?.fired ?? 0, lastFiredAt: t?.lastFiredAt ?? null };
        this.timers.set(setting.id, next);
        this.arm(next);
        this.log.info({ timer: setting.id, enabled: setting.enabled, periodMs: setting.periodMs, action: setting.action, job: setting.job }, `timer ${setting.id}: ${setting.enabled ? `on, every ${setting.periodMs} ms` : 'off'}`);
      }
    }
  }

  private arm(t: Running): void {
    const s = t.setting;
    if (!s.enabled || s.periodMs < MIN_PERIOD_MS) return;
    if (s.action === 'job' && (!s.job || !this.runner.has(s.job))) {
      this.log.warn({ timer: s.id, job: s.job }, `timer ${s.id}: unknown job, not started`);
      return;
    }
    t.handle = setInterval(() => this.fire(t), s.periodMs);
  }

  private disarm(t: Running): void {
    if (t.handle) clearInterval(t.handle);
    t.handle = null;
  }

  private fire(t: Running): void {
    const s = t.setting;
    t.fired += 1;
    t.lastFiredAt = new Date().toISOString();
    if (s.action === 'event') {
      this.events.publish({ type: 'timer.fired', timer: s.id, periodMs: s.periodMs });
    } else if (s.action === 'job' && s.job) {
      void this.runner.run(s.job, `timer ${s.id}`);
    } else if ((s.action === 'call' || s.action === 'flow') && s.agent && s.number) {
      void this.startCall(s, s.agent, s.number);
    }
  }

  private async startCall(s: TimerSetting, agent: string, number: string): Promise<void> {
    let guid: string | null = null;
    try {
      if (!this.calls) throw new Error('call timers are not available in this process');
      guid = s.action === 'flow' ? await this.calls.flow(agent, number, s.flow ?? '') : await this.calls.call(agent, number);
      this.log.info({ timer: s.id, guid, agent, number, flow: s.flow }, `timer ${s.id}: ${s.action} started`);
    } catch (err) {
      this.log.warn({ timer: s.id, agent, number, flow: s.flow, err: (err as Error).message }, `timer ${s.id}: ${s.action} not started`);
    }
    this.events.publish({ type: 'timer.fired', timer: s.id, periodMs: s.periodMs, action: s.action, guid });
  }
}
