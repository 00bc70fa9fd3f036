/**
 * Agents at run time (A1, A3): one state per SIP account, moved only by the pure agent state
 * machine. Each change is written to MySQL (in order, never blocking a call) and published to
 * listeners (the ACD now, the CTI WebSocket later). The same operations serve feature codes
 * and the API.
 */
import { randomUUID } from 'node:crypto';
import type { Pool } from '../db/pool';
import { BATCH_LINGER_MS, DurableWriter } from '../db/durable-writer';
import { loadAgentStates, saveAgentChange, saveAgentChanges, type AgentChange } from '../db/agent-repository';
import type { Logger } from '../log/logger';
import { agentTransition, AgentStateError, initialAgentState, type AgentEvent, type AgentState } from './agent-state';

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
}

export class AgentService {
  private readonly agents = new Map<string, AgentState>();
  private readonly wrapUpTimers = new Map<string, NodeJS.Timeout>();
  private readonly listeners: ((c: AgentChange) => void)[] = [];
  private writes: Promise<void> = Promise.resolve();
  private readonly now: () => number;

  private readonly durable: DurableWriter<AgentChange> | null;

  constructor(private readonly deps: AgentServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.durable = deps.spoolFile
      ? new DurableWriter<AgentChange>('agent state change', deps.spoolFile, (c) => saveAgentChange(deps.pool, c), deps.log, 5000, (c) => ({ agent: c.agent, to: c.to }),
        (cs) => saveAgentChanges(deps.pool, cs), BATCH_LINGER_MS)
      : null;
    this.durable?.start();
  }

  onChange(listener: (c: AgentChange) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Adopts the accounts of a configuration: restores saved presence (a state saved during a
   * call is read as ready: the call did not survive the restart), logs in auto-ready agents
   * that have no saved state, and logs out agents whose account was removed or disabled.
   */
  async load(accounts: readonly { extension: string; enabled: boolean; autoReady: boolean }[]): Promise<void> {
    let saved = new Map<string, { state: string; reason: string | null }>();
    try {
      saved = new Map((await loadAgentStates(this.deps.pool)).map((s) => [s.extension, s]));
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message }, 'agent states not readable; agents start from their defaults');
    }
    this.sync(accounts, saved);
  }

  /** Follows a configuration reload: new accounts appear, removed or disabled ones log out. */
  sync(accounts: readonly { extension: string; enabled: boolean; autoReady: boolean }[], saved = new Map<string, { state: string; reason: string | null }>()): void {
    const now = this.now();
    const enabled = new Set(accounts.filter((a) => a.enabled).map((a) => a.extension));
    for (const a of accounts) {
      if (!a.enabled || this.agents.has(a.extension)) continue;
      const state = initialAgentState(now);
      this.agents.set(a.extension, state);
      const s = saved.get(a.extension);
      const loggedIn = s ? s.state !== 'logged_out' : a.autoReady;
      if (loggedIn) this.apply(a.extension, { type: 'login' });
      if (s?.state === 'not_ready') this.apply(a.extension, { type: 'not-ready', reason: s.reason ?? 'break' });
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
      const change: AgentChange = { agent, from: before.name, to: state.name, reason: state.reason, callGuid: state.callGuid ?? before.callGuid, at: new Date(now) };
      this.deps.log.info({ agent, guid: change.callGuid ?? undefined }, `agent ${agent}: ${before.name} -[${event.type}]-> ${state.name}${state.reason ? ` (${state.reason})` : ''}`);
      this.persist(change);
      for (const l of this.listeners) l(change);
    }
    return state;
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

  stop(): void {
    for (const t of this.wrapUpTimers.values()) clearTimeout(t);
    this.wrapUpTimers.clear();
    void this.durable?.stop();
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
