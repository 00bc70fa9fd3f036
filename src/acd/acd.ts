/**
 * The ACD at run time (A2-A4): the calls waiting per group, the offers in progress and the
 * max-wait timers. Decisions come from the pure planOffers(); agent states from AgentService.
 * A call session joins with enqueue(), is told offer()/withdraw()/overflow(), and reports
 * what became of each offer with offerResult().
 */
import type { AgentService } from '../agents/agent-service';
import type { GroupConfig } from '../domain';
import type { Logger } from '../log/logger';
import { planOffers, queuePosition, type AgentView, type Member, type WaitingCall } from './select';

export interface QueuedCall {
  readonly guid: string;
  /** Ring this agent for ringTimeoutSec (the session originates the agent's leg). */
  offer(agent: string, ringTimeoutSec: number): void;
  /** Stop ringing this agent (they logged out or went not ready while ringing). */
  withdraw(agent: string): void;
  /** Max wait reached: the session overflows to another group or a flow. */
  overflow(): void;
}

export type OfferResult = 'answered' | 'no-answer' | 'rejected' | 'cancelled';

interface Entry {
  call: QueuedCall;
  group: string;
  enteredAt: number;
  tried: Set<string>;
  offering: { agent: string; since: number } | null;
  expired: boolean;
  timer: NodeJS.Timeout | null;
  /** When the last offer of this call ended unanswered. */
  lastMissAt: number;
  /** Only this agent may take the call (a callback an agent booked for itself). */
  onlyAgent: string | null;
}

/**
 * How a call joins a queue. A queue callback keeps the place of the call it replaces
 * (`enteredAt`), may be reserved for one agent, and never overflows (src/callbacks).
 */
export interface EnqueueOptions {
  enteredAt?: number;
  onlyAgent?: string | null;
  noMaxWait?: boolean;
}

/**
 * Pause before a call starts a new round over agents who all missed it (app_queue's "retry"):
 * without it a lone agent who declines would be rung again at once, over and over.
 */
export const RETRY_ROUND_MS = 3000;

export interface AcdDeps {
  agents: AgentService;
  groups: () => ReadonlyMap<string, GroupConfig>;
  log: Logger;
  noAnswerLogoffMs: number;
  now?: () => number;
  /** Agents offered nothing even when ready (do not disturb, issue 20). */
  unavailable?: (agent: string) => boolean;
}

export class Acd {
  private readonly waiting = new Map<string, Entry>();
  private dispatching = false;
  private again = false;
  private readonly now: () => number;

  private readonly queueListeners: ((group: string) => void)[] = [];

  constructor(private readonly deps: AcdDeps) {
    this.now = deps.now ?? Date.now;
    deps.agents.onChange((c) => { if (c.to === 'ready') this.dispatch(); });
  }

  enqueue(call: QueuedCall, group: string, opts: EnqueueOptions = {}): void {
    const cfg = this.deps.groups().get(group);
    if (!cfg) throw new Error(`no agent group "${group}"`);
    const entry: Entry = { call, group, enteredAt: opts.enteredAt ?? this.now(), tried: new Set(), offering: null, expired: false, timer: null, lastMissAt: 0, onlyAgent: opts.onlyAgent ?? null };
    if (cfg.maxWaitSec > 0 && !opts.noMaxWait) entry.timer = setTimeout(() => this.expire(call.guid), cfg.maxWaitSec * 1000);
    this.waiting.set(call.guid, entry);
    this.deps.log.info({ guid: call.guid, group, position: this.position(call.guid) }, 'call queued');
    this.queueChanged(group);
    this.dispatch();
  }

  /** The call left the queue (caller hung up, answered, overflowed). */
  leave(guid: string): void {
    const e = this.waiting.get(guid);
    if (!e) return;
    if (e.timer) clearTimeout(e.timer);
    this.waiting.delete(guid);
    this.queueChanged(e.group);
  }

  /** Told the group whenever a call joins or leaves its queue (CTI queue.changed, dashboard). */
  onQueueChange(listener: (group: string) => void): void {
    this.queueListeners.push(listener);
  }

  /** Callers waiting in a group (ringing ones included) and the longest wait so far. */
  queueSummary(group: string): { waiting: number; longestWaitSec: number } {
    const entries = [...this.waiting.values()].filter((e) => e.group === group);
    const oldest = Math.min(...entries.map((e) => e.enteredAt));
    return { waiting: entries.length, longestWaitSec: entries.length ? Math.max(0, Math.round((this.now() - oldest) / 1000)) : 0 };
  }

  private queueChanged(group: string): void {
    for (const l of this.queueListeners) {
      try {
        l(group);
      } catch (err) {
        this.deps.log.warn({ err: (err as Error).message }, 'queue listener failed');
      }
    }
  }

  isWaiting(guid: string): boolean {
    return this.waiting.has(guid);
  }

  /** When a waiting call joined its queue (its place), or null. */
  enteredAt(guid: string): number | null {
    return this.waiting.get(guid)?.enteredAt ?? null;
  }

  position(guid: string): number {
    return queuePosition(this.views(), guid);
  }

  waitingIn(group: string): number {
    return [...this.waiting.values()].filter((e) => e.group === group).length;
  }

  offerResult(guid: string, agent: string, result: OfferResult, ringMs: number): void {
    // The entry first: the agent event below may make the agent ready, which dispatches at once.
    const e = this.waiting.get(guid);
    if (e?.offering?.agent === agent) e.offering = null;
    if (result === 'answered') this.leave(guid);
    else if (e) {
      e.tried.add(agent);
      if (result !== 'cancelled') e.lastMissAt = this.now();
    }
    const a = this.deps.agents;
    if (a.has(agent)) {
      switch (result) {
        case 'answered': a.apply(agent, { type: 'offer-answered', guid }); break;
        case 'no-answer': a.apply(agent, { type: 'offer-unanswered', guid, ringMs, logoffAfterMs: this.deps.noAnswerLogoffMs }); break;
        case 'rejected': a.apply(agent, { type: 'offer-rejected', guid }); break;
        case 'cancelled': a.apply(agent, { type: 'offer-cancelled', guid }); break;
      }
    }
    if (e && e.expired && result !== 'answered' && result !== 'cancelled' && this.waiting.has(guid)) return this.overflow(e);
    this.dispatch();
  }

  /** From AgentService: an agent left "ringing" by itself; the session stops the ring. */
  cancelOffer(guid: string, agent: string): void {
    const e = this.waiting.get(guid);
    if (e?.offering?.agent !== agent) return;
    e.offering = null;
    e.tried.add(agent);
    e.call.withdraw(agent);
    queueMicrotask(() => this.dispatch());
  }

  /** Offers every waiting call a ready agent, if there is one. Re-entrant calls are folded. */
  dispatch(): void {
    // Nothing waits: no need to look at every agent (this runs on every agent becoming ready).
    if (this.waiting.size === 0) return;
    if (this.dispatching) {
      this.again = true;
      return;
    }
    this.dispatching = true;
    try {
      do {
        this.again = false;
        const groups = this.deps.groups();
        const members = new Map<string, Member[]>([...groups].map(([name, g]) => [name, g.members]));
        for (const offer of planOffers(this.views(), this.agentViews(), members)) {
          const e = this.waiting.get(offer.guid)!;
          if (offer.newRound) {
            const wait = e.lastMissAt + RETRY_ROUND_MS - this.now();
            if (wait > 0) {
              this.retryLater(wait);
              continue;
            }
            e.tried.clear();
          }
          e.offering = { agent: offer.agent, since: this.now() };
          try {
            this.deps.agents.apply(offer.agent, { type: 'offer', guid: offer.guid });
          } catch (err) {
            e.offering = null;
            this.deps.log.warn({ guid: offer.guid, agent: offer.agent, err: (err as Error).message }, 'offer refused by agent state');
            continue;
          }
          this.deps.log.debug({ guid: offer.guid, agent: offer.agent, group: e.group }, 'offering call to agent');
          e.call.offer(offer.agent, groups.get(e.group)?.ringTimeoutSec ?? 15);
        }
      } while (this.again);
    } finally {
      this.dispatching = false;
    }
  }

  private retryTimer: NodeJS.Timeout | null = null;

  private retryLater(ms: number): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.dispatch();
    }, ms);
  }

  stop(): void {
    for (const e of this.waiting.values()) if (e.timer) clearTimeout(e.timer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  private expire(guid: string): void {
    const e = this.waiting.get(guid);
    if (!e) return;
    e.timer = null;
    e.expired = true;
    if (!e.offering) this.overflow(e);
  }

  private overflow(e: Entry): void {
    this.leave(e.call.guid);
    this.deps.log.info({ guid: e.call.guid, group: e.group }, 'max wait reached');
    e.call.overflow();
  }

  private views(): WaitingCall[] {
    return [...this.waiting.entries()].map(([guid, e]) => ({ guid, group: e.group, enteredAt: e.enteredAt, tried: e.tried, offering: e.offering !== null, onlyAgent: e.onlyAgent }));
  }

  private agentViews(): Map<string, AgentView> {
    return new Map(this.deps.agents.all().map(([ext, s]) => [ext, { extension: ext, ready: s.name === 'ready' && !this.deps.unavailable?.(ext), queuedSince: s.queuedSince }]));
  }
}
