/**
 * Queue callbacks at run time (issue 22): the open requests, their place in the ACD, their
 * timers (scheduled time, retry pause) and their calls. Decisions come from the pure
 * callbackTransition(); calls from AgentFirstCall (src/calls/agent-first.ts); the ACD serves
 * callbacks and live callers together, oldest place first.
 *
 * A request in the ACD is a QueuedCall whose GUID is the GUID of its next attempt: the agent's
 * states, the screen pop and the call record all carry it. Each time the request goes back to
 * the queue (retry, agent hung up before the customer answered) it gets a new attempt GUID.
 */
import { randomUUID } from 'node:crypto';
import type { Acd, OfferResult, QueuedCall } from '../acd/acd';
import type { AgentFirstHooks, AgentFirstRequest } from '../calls/agent-first';
import type { CallSession } from '../calls/session/call-session';
import type { Logger } from '../log/logger';
import type { CallbackDesk } from './callback-desk';
import { callbackTransition, FINAL_STATES, type CallbackEvent, type CallbackPolicy, type CallbackRequest } from './callback-state';

export interface CallbackStore {
  insert(r: CallbackRequest, createdBy: string | null): Promise<void>;
  update(r: CallbackRequest): Promise<void>;
  open(): Promise<CallbackRequest[]>;
}

export interface CallbackServiceDeps {
  acd: Pick<Acd, 'enqueue' | 'leave' | 'offerResult'>;
  log: Logger;
  policies: () => ReadonlyMap<string, CallbackPolicy>;
  /** Group names known to the ACD now (a request for a deleted group waits until it is back). */
  groupExists: (group: string) => boolean;
  ringTimeoutSec: (group: string) => number;
  store: CallbackStore;
  /** An agent whose phone cannot be reached (no registration) is set not ready, as for a live call. */
  markUnreachable?: (agent: string) => void;
  /** Starts an agent-first call (AgentFirstCall.start); returns what withdraws the agent's ring. */
  callAgentFirst: (request: AgentFirstRequest, hooks: AgentFirstHooks) => { withdraw(): void };
  now?: () => number;
}

/** A request as the API shows it. */
export type CallbackView = Omit<CallbackRequest, 'enteredAt' | 'dueAt'> & { enteredAt: string; dueAt: string; attemptGuid: string | null };

export class CallbackError extends Error {
  constructor(readonly code: 'unknown-group' | 'no-callback' | 'not-found' | 'final', message: string) {
    super(message);
  }
}

interface Open {
  r: CallbackRequest;
  /** The GUID of the attempt in the ACD (or being called). */
  attemptGuid: string | null;
  timer: NodeJS.Timeout | null;
  ringing: { withdraw(): void } | null;
}

export class CallbackService implements CallbackDesk {
  private readonly open = new Map<string, Open>();
  private readonly byAttempt = new Map<string, Open>();
  private readonly now: () => number;
  private stopped = false;

  constructor(private readonly deps: CallbackServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  keyOf(group: string): string | null {
    return this.deps.policies().get(group)?.key ?? null;
  }

  /** A queued caller pressed the key (CallbackDesk). A second request for the same number and group keeps the first. */
  async request(q: { group: string; number: string; originGuid: string; enteredAt: number }): Promise<boolean> {
    if (!this.keyOf(q.group)) return false;
    const dup = [...this.open.values()].find((o) => o.r.group === q.group && o.r.number === q.number && !o.r.agent);
    if (dup) {
      this.deps.log.info({ callback: dup.r.id, number: q.number, group: q.group }, 'callback already booked for this number: the caller keeps the earlier place');
      return true;
    }
    const r = this.newRequest({ group: q.group, number: q.number, originGuid: q.originGuid, agent: null, enteredAt: q.enteredAt, dueAt: q.enteredAt, state: 'waiting' });
    await this.remember(r, `caller ${q.number}`);
    this.enqueue(this.open.get(r.id)!);
    return true;
  }

  /** An agent books a callback for a time, for itself (agent) or its group. */
  async schedule(s: { group: string; number: string; at: number; agent: string | null; by: string }): Promise<CallbackView> {
    if (!this.deps.groupExists(s.group)) throw new CallbackError('unknown-group', `no agent group "${s.group}"`);
    if (!this.deps.policies().has(s.group)) throw new CallbackError('unknown-group', `no agent group "${s.group}"`);
    const r = this.newRequest({ group: s.group, number: s.number, originGuid: null, agent: s.agent, enteredAt: s.at, dueAt: s.at, state: 'scheduled' });
    await this.remember(r, s.by);
    this.arm(this.open.get(r.id)!);
    return this.view(this.open.get(r.id)!);
  }

  async cancel(id: string): Promise<CallbackView> {
    const o = this.open.get(id);
    if (!o) throw new CallbackError('not-found', `no open callback ${id}`);
    if (o.r.state === 'dialling' || o.r.state === 'connected') throw new CallbackError('final', `callback ${id} is being called now`);
    o.ringing?.withdraw();
    this.move(o, { type: 'cancel' });
    return this.view(o);
  }

  list(): CallbackView[] {
    return [...this.open.values()].sort((a, b) => a.r.enteredAt - b.r.enteredAt).map((o) => this.view(o));
  }

  get(id: string): CallbackView | null {
    const o = this.open.get(id);
    return o ? this.view(o) : null;
  }

  /** Open requests per group (pending figure). */
  pendingIn(group: string): number {
    return [...this.open.values()].filter((o) => o.r.group === group).length;
  }

  /** Puts the open requests of a previous run back: calls in progress then are gone, so they wait again. */
  async restore(): Promise<number> {
    const rows = await this.deps.store.open();
    for (const r of rows) {
      if (this.open.has(r.id)) continue;
      const o: Open = { r, attemptGuid: null, timer: null, ringing: null };
      if (r.state === 'ringing-agent' || r.state === 'dialling' || r.state === 'connected') r.state = 'waiting';
      this.open.set(r.id, o);
      if (r.state === 'waiting') this.enqueue(o);
      else this.arm(o);
    }
    if (rows.length) this.deps.log.info({ callbacks: rows.length }, 'open callbacks restored');
    return rows.length;
  }

  stop(): void {
    this.stopped = true;
    for (const o of this.open.values()) if (o.timer) clearTimeout(o.timer);
  }

  // --- internals ---

  private newRequest(p: Pick<CallbackRequest, 'group' | 'number' | 'originGuid' | 'agent' | 'enteredAt' | 'dueAt' | 'state'>): CallbackRequest {
    return { id: randomUUID(), ...p, attempts: 0, servingAgent: null, lastGuid: null, lastOutcome: null };
  }

  private async remember(r: CallbackRequest, by: string | null): Promise<void> {
    this.open.set(r.id, { r, attemptGuid: null, timer: null, ringing: null });
    this.deps.log.info({ callback: r.id, group: r.group, number: r.number, state: r.state, agent: r.agent }, 'callback booked');
    await this.deps.store.insert(r, by).catch((err) => this.deps.log.error({ callback: r.id, err: (err as Error).message }, 'callback not stored'));
  }

  /** One log line per transition; the row follows; a final state forgets the request. */
  private move(o: Open, e: CallbackEvent): void {
    const from = o.r.state;
    const policy = this.deps.policies().get(o.r.group) ?? { key: null, dialPrefix: '', retries: 0, retrySec: 60 };
    Object.assign(o.r, callbackTransition(o.r, e, policy, this.now()));
    this.deps.log.info({ callback: o.r.id, attempts: o.r.attempts, outcome: o.r.lastOutcome }, `callback ${o.r.id}: ${from} -[${e.type}]-> ${o.r.state}`);
    if (FINAL_STATES.has(o.r.state)) this.forget(o);
    void this.deps.store.update(o.r).catch((err) => this.deps.log.error({ callback: o.r.id, err: (err as Error).message }, 'callback state not stored'));
  }

  private forget(o: Open): void {
    if (o.timer) clearTimeout(o.timer);
    o.timer = null;
    if (o.attemptGuid) {
      this.deps.acd.leave(o.attemptGuid);
      this.byAttempt.delete(o.attemptGuid);
    }
    this.open.delete(o.r.id);
  }

  /** A timer for the scheduled time or the end of the retry pause. */
  private arm(o: Open): void {
    if (o.timer) clearTimeout(o.timer);
    const wait = Math.max(0, o.r.dueAt - this.now());
    o.timer = setTimeout(() => {
      o.timer = null;
      if (this.stopped || !this.open.has(o.r.id)) return;
      this.move(o, { type: 'due' });
      this.enqueue(o);
    }, Math.min(wait, 2 ** 31 - 1));
  }

  /** Into the ACD at the request's own place, under a new attempt GUID. */
  private enqueue(o: Open): void {
    if (o.attemptGuid) this.byAttempt.delete(o.attemptGuid);
    if (!this.deps.groupExists(o.r.group)) {
      this.deps.log.warn({ callback: o.r.id, group: o.r.group }, 'callback group missing: tried again in a minute');
      o.timer = setTimeout(() => { o.timer = null; if (this.open.has(o.r.id)) this.enqueue(o); }, 60_000);
      return;
    }
    const guid = randomUUID();
    o.attemptGuid = guid;
    this.byAttempt.set(guid, o);
    const entry: QueuedCall = {
      guid,
      offer: (agent, ringTimeoutSec) => this.offer(o, guid, agent, ringTimeoutSec),
      withdraw: () => o.ringing?.withdraw(),
      overflow: () => undefined, // never: enqueued with noMaxWait
    };
    this.deps.acd.enqueue(entry, o.r.group, { enteredAt: o.r.enteredAt, onlyAgent: o.r.agent, noMaxWait: true });
  }

  /** The ACD chose an agent: its phone rings first (screen pop: a callback), then the customer is dialled. */
  private offer(o: Open, guid: string, agent: string, ringTimeoutSec: number): void {
    if (o.attemptGuid !== guid || o.r.state !== 'waiting') {
      this.deps.acd.offerResult(guid, agent, 'cancelled', 0);
      return;
    }
    this.move(o, { type: 'offer', agent });
    const policy = this.deps.policies().get(o.r.group);
    const since = this.now();
    const hooks: AgentFirstHooks = {
      agentMissed: (result) => {
        o.ringing = null;
        const ringMs = this.now() - since;
        const acdResult: OfferResult = result === 'unreachable' ? 'rejected' : result;
        if (o.r.state === 'ringing-agent') this.move(o, { type: 'agent-missed' });
        this.deps.acd.offerResult(guid, agent, acdResult, ringMs);
        if (result === 'unreachable') this.deps.markUnreachable?.(agent);
      },
      agentAnswered: () => {
        o.ringing = null;
        this.deps.acd.offerResult(guid, agent, 'answered', this.now() - since);
        this.byAttempt.delete(guid);
        this.move(o, { type: 'agent-answered', guid });
      },
      prepare: (s: CallSession) => {
        s.callback = 'attempt';
        s.queuedAt = new Date(o.r.enteredAt);
      },
      customerAnswered: () => {
        if (o.r.state === 'dialling') this.move(o, { type: 'customer-answered' });
      },
      ended: (end) => {
        if (o.r.state === 'connected') this.move(o, { type: 'ended' });
        else if (o.r.state !== 'dialling') return;
        else if (!end.customerAnswered && end.hungUpBy === 'caller') {
          this.move(o, { type: 'agent-left' });
          this.enqueue(o);
        } else {
          this.move(o, { type: 'customer-missed', outcome: end.reason });
          if ((o.r.state as string) === 'retry-wait') this.arm(o);
        }
      },
    };
    o.ringing = this.deps.callAgentFirst({
      guid, agent, dial: `${policy?.dialPrefix ?? ''}${o.r.number}`, customerNumber: o.r.number, displayName: 'Callback',
      ringTimeoutSec, group: o.r.group, record: true,
      variables: { callback: '1', callback_id: o.r.id, callback_attempt: String(o.r.attempts + 1), callback_origin: o.r.originGuid ?? '' },
    }, hooks);
  }

  private view(o: Open): CallbackView {
    const { enteredAt, dueAt, ...rest } = o.r;
    return { ...rest, enteredAt: new Date(enteredAt).toISOString(), dueAt: new Date(dueAt).toISOString(), attemptGuid: o.attemptGuid };
  }
}
