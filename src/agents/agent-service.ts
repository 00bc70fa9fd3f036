/**
 * Agents at run time (A1, A3): one state per SIP account, moved only by the pure agent state
 * machine. Each change is written to MySQL (in order, never blocking a call) and published to
 * listeners (the ACD now, the CTI WebSocket later). The same operations serve feature codes
 * and the API.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Pool } from '../db/pool';
import { BATCH_LINGER_MS, DurableWriter } from '../db/durable-writer';
import { loadAgentStates, saveAgentChange, saveAgentChanges, type AgentChange } from '../db/agent-repository';
import type { Logger } from '../log/logger';
import {
  agentStopRow, agentTransition, AgentStateError, initialAgentState, restoreAgent,
  type AgentEvent, type AgentState, type AgentStateRow, type PreviousRun, type SavedAgentStatus,
} from './agent-state';

/** How often the app notes that it is alive (where a crash's gap begins in the agent history). */
export const ALIVE_INTERVAL_MS = 5000;

/** Reads the previous run's alive file: stopped cleanly, alive until a time (crashed), or unknown. */
export function readPreviousRun(file: string | undefined): PreviousRun {
  if (!file) return { ended: 'unknown' };
  try {
    const j = JSON.parse(readFileSync(file, 'utf8')) as { aliveAt?: unknown; stopped?: unknown };
    if (j.stopped === true) return { ended: 'stopped' };
    const aliveAt = typeof j.aliveAt === 'string' ? Date.parse(j.aliveAt) : NaN;
    return Number.isFinite(aliveAt) ? { ended: 'crashed', aliveAt } : { ended: 'unknown' };
  } catch {
    return { ended: 'unknown' };
  }
}

export class UnknownAgentError extends Error {
  readonly code = 'unknown-agent';
  constructor(readonly agent: string) {
    super(`no agent with extension "${agent}"`);
  }
}

export interface AgentServiceDeps {
  pool: Pool;
  /** Where changes wait while MySQL is away (absent: changes MySQL refuses are only logged). */
  spoolFile?: string;
  log: Logger;
  /** An offer must be withdrawn (the agent logged out or went not ready while ringing). */
  cancelOffer: (guid: string, agent: string) => void;
  now?: () => number;
  /**
   * Where the app notes every ALIVE_INTERVAL_MS that it runs, and at a clean stop that it
   * stopped: the next start places a crash's gap in the agent history from it. One per site
   * (database); absent: a crash's gap is not recorded.
   */
  aliveFile?: string;
  /** The agent ID (工号) seated at a phone now (hot-desking); absent: the extension itself. */
  identity?: (extension: string) => string;
}

export class AgentService {
  private readonly agents = new Map<string, AgentState>();
  private readonly wrapUpTimers = new Map<string, NodeJS.Timeout>();
  private readonly listeners: ((c: AgentChange) => void)[] = [];
  private writes: Promise<void> = Promise.resolve();
  private readonly now: () => number;

  private readonly durable: DurableWriter<AgentChange> | null;
  private aliveTimer: NodeJS.Timeout | null = null;
  /** Set by load(): this run has restored the agents and now owns the alive file. */
  private loaded = false;
  /** Set by stop(): changes after the stop marker are not saved (the next start restores agent_status). */
  private stopped = false;

  constructor(private readonly deps: AgentServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.durable = deps.spoolFile
      ? new DurableWriter<AgentChange>('agent state change', deps.spoolFile, (c) => saveAgentChange(deps.pool, c), deps.log, 5000, (c) => ({ agent: c.agent, to: c.to }),
        (cs) => saveAgentChanges(deps.pool, cs), BATCH_LINGER_MS)
      : null;
    this.durable?.start();
  }

  /** Returns the disposer. */
  onChange(listener: (c: AgentChange) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /**
   * Adopts the accounts of a configuration at start-up: restores each agent's saved state as it
   * was (state, reason, since; a state saved during a call is read as ready: the call did not
   * survive the restart), logs the restart (restoreAgent), logs in auto-ready agents that have
   * no saved state, and logs out agents whose account was removed or disabled.
   */
  async load(accounts: readonly { extension: string; enabled: boolean; autoReady: boolean }[]): Promise<void> {
    await this.durable?.flush(); // changes spooled by the previous run first: agent_status is then its last word
    let saved = new Map<string, SavedAgentStatus>();
    try {
      saved = new Map((await loadAgentStates(this.deps.pool)).map((s) => [s.extension, { state: s.state, reason: s.reason, since: s.since.getTime() }]));
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message }, 'agent states not readable; agents start from their defaults');
    }
    const previous = readPreviousRun(this.deps.aliveFile);
    const now = this.now();
    for (const a of accounts) {
      if (!a.enabled || this.agents.has(a.extension)) continue;
      const { state, rows } = restoreAgent(saved.get(a.extension), a.autoReady, previous, now);
      this.agents.set(a.extension, state);
      for (const row of rows) this.record(a.extension, row, row.logOnly ? 'app-down' : saved.has(a.extension) ? 'restart' : 'login');
    }
    if (previous.ended !== 'unknown') this.deps.log.info({ previous: previous.ended }, 'agent states restored');
    this.sync(accounts);
    this.loaded = true;
    this.noteAlive(false);
    if (this.deps.aliveFile && !this.aliveTimer) {
      this.aliveTimer = setInterval(() => this.noteAlive(false), ALIVE_INTERVAL_MS);
      this.aliveTimer.unref();
    }
  }

  /** Follows a configuration reload: new accounts appear (auto-ready ones logged in), removed or disabled ones log out. */
  sync(accounts: readonly { extension: string; enabled: boolean; autoReady: boolean }[]): void {
    const now = this.now();
    const enabled = new Set(accounts.filter((a) => a.enabled).map((a) => a.extension));
    for (const a of accounts) {
      if (!a.enabled || this.agents.has(a.extension)) continue;
      this.agents.set(a.extension, initialAgentState(now));
      if (a.autoReady) this.apply(a.extension, { type: 'login' });
    }
    for (const ext of [...this.agents.keys()]) {
      if (enabled.has(ext)) continue;
      const s = this.agents.get(ext)!;
      if (s.name !== 'logged_out' && s.name !== 'on_call') this.apply(ext, { type: 'logout', reason: 'account-removed' });
      if (this.agents.get(ext)!.name === 'logged_out') this.agents.delete(ext);
    }
  }

  get(agent: string): AgentState | undefined {
    return this.agents.get(agent);
  }

  all(): [string, AgentState][] {
    return [...this.agents.entries()];
  }

  has(agent: string): boolean {
    return this.agents.has(agent);
  }

  /** Applies one event; throws UnknownAgentError or AgentStateError and then changes nothing. */
  apply(agent: string, event: AgentEvent): AgentState {
    const before = this.agents.get(agent);
    if (!before) throw new UnknownAgentError(agent);
    const now = this.now();
    const { state, effects } = agentTransition(before, event, now);
    this.agents.set(agent, state);
    for (const e of effects) {
      switch (e.do) {
        case 'start-wrap-up':
          this.clearWrapUp(agent);
          this.wrapUpTimers.set(agent, setTimeout(() => {
            this.wrapUpTimers.delete(agent);
            this.apply(agent, { type: 'wrap-up-done' });
          }, e.ms));
          break;
        case 'clear-wrap-up':
          this.clearWrapUp(agent);
          break;
        case 'cancel-offer':
          this.deps.cancelOffer(e.guid, agent);
          break;
      }
    }
    if (before.name !== state.name || before.reason !== state.reason) {
      this.record(agent, { from: before.name, to: state.name, reason: state.reason, at: now }, event.type, state.callGuid ?? before.callGuid);
    }
    return state;
  }

  /** Logs, saves and publishes one change. */
  private record(agent: string, row: AgentStateRow, why: string, callGuid: string | null = null): void {
    const agentId = this.deps.identity?.(agent) ?? agent;
    const change: AgentChange = {
      agent, ...(agentId !== agent ? { agentId } : {}), from: row.from, to: row.to, reason: row.reason, callGuid, at: new Date(row.at),
      ...(row.since !== undefined ? { since: new Date(row.since) } : {}), ...(row.logOnly ? { logOnly: true } : {}),
    };
    this.deps.log.info({ agent, agentId: agentId !== agent ? agentId : undefined, guid: callGuid ?? undefined }, `agent ${agent}${agentId !== agent ? ` (agent ID ${agentId})` : ''}: ${row.from} -[${why}]-> ${row.to}${row.reason ? ` (${row.reason})` : ''}`);
    if (this.stopped) return; // after the stop marker: agent_status keeps the state the next start restores
    this.persist(change);
    for (const l of this.listeners) l(change);
  }

  /**
   * For what calls report about phones: an unknown extension (not an agent) or an event the
   * agent's state does not allow (a logged-out agent's direct call) changes nothing.
   */
  applyIfAllowed(agent: string, event: AgentEvent): AgentState | null {
    if (!this.agents.has(agent)) return null;
    try {
      return this.apply(agent, event);
    } catch (err) {
      if (err instanceof AgentStateError) return null;
      throw err;
    }
  }

  /** Resolves when every change so far is written (tests and shutdown). */
  flush(): Promise<void> {
    return this.writes;
  }

  /**
   * A clean stop: logs every logged-in agent out of the history (reason app-stopped, agent_status
   * keeps the state for the next start), notes the stop in the alive file and saves nothing
   * more. flush() then resolves when the rows are written.
   */
  stop(): void {
    for (const t of this.wrapUpTimers.values()) clearTimeout(t);
    this.wrapUpTimers.clear();
    if (this.aliveTimer) clearInterval(this.aliveTimer);
    this.aliveTimer = null;
    if (this.loaded && !this.stopped) {
      const now = this.now();
      for (const [agent, s] of this.agents) {
        const row = agentStopRow(s, now);
        if (row) this.record(agent, row, 'app-stop', s.callGuid);
      }
      this.noteAlive(true);
    }
    this.stopped = true;
    void this.durable?.stop();
  }

  /** Writes the alive file (atomically: a crash mid-write leaves the previous one). */
  private noteAlive(stopped: boolean): void {
    const file = this.deps.aliveFile;
    if (!file || !this.loaded) return;
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(`${file}.tmp`, `${JSON.stringify({ aliveAt: new Date(this.now()).toISOString(), stopped })}\n`);
      renameSync(`${file}.tmp`, file);
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message, file }, 'alive file not written');
    }
  }

  private clearWrapUp(agent: string): void {
    const t = this.wrapUpTimers.get(agent);
    if (t) clearTimeout(t);
    this.wrapUpTimers.delete(agent);
  }

  private persist(change: AgentChange): void {
    const item = { ...change, key: randomUUID() };
    if (this.durable) {
      this.writes = this.durable.write(item);
      return;
    }
    this.writes = this.writes.then(() => saveAgentChange(this.deps.pool, item)).catch((err) => {
      this.deps.log.warn({ agent: change.agent, err: (err as Error).message }, 'agent state change not saved');
    });
  }
}
