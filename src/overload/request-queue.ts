/**
 * Issue 18, "accepted calls first": a two-priority queue in front of a limited number of
 * requests in flight. PURE: no I/O, no timers; the adapter (ari-priority.ts) hands it ARI
 * requests as start functions and reports each one's end.
 *
 * - `accepted`: work that serves a call already up (bridge an answered leg, hang up the other
 *   side, anything a call does once it was answered) and work with no call behind it (heartbeat,
 *   API commands on a call).
 * - `new`: the setup of a call that is not answered yet (routing it, ringing its callee).
 *
 * While fewer than `limit` requests are in flight a request starts at once, whatever its
 * priority; beyond that it waits, and each request that ends lets the oldest waiting `accepted`
 * request start before any `new` one. Within a priority the order is kept (FIFO): a call's own
 * requests never overtake each other.
 */
export type RequestPriority = 'accepted' | 'new';

export interface RequestQueueStats {
  inFlight: number;
  /** Waiting now, per priority. */
  queued: Record<RequestPriority, number>;
  /** Requests ever submitted per priority, and how many of them had to wait. */
  submitted: Record<RequestPriority, number>;
  waited: Record<RequestPriority, number>;
  /** Most requests ever waiting at once. */
  peakQueued: number;
}

export class RequestQueue {
  private running = 0;
  private readonly waiting: Record<RequestPriority, (() => void)[]> = { accepted: [], new: [] };
  private readonly submitted = { accepted: 0, new: 0 };
  private readonly waited = { accepted: 0, new: 0 };
  private peak = 0;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error('RequestQueue: limit must be a whole number of at least 1');
  }

  /**
   * Runs `start` now or when its turn comes. `start` must lead to exactly one `done()` call when
   * the request has ended (answered, failed or timed out); a start that throws counts as ended.
   */
  submit(priority: RequestPriority, start: () => void): void {
    this.submitted[priority]++;
    if (this.running < this.limit) return this.run(start);
    this.waited[priority]++;
    this.waiting[priority].push(start);
    this.peak = Math.max(this.peak, this.queued);
  }

  /** A request that started has ended: the next one in priority order starts. */
  done(): void {
    if (this.running > 0) this.running--;
    const next = this.waiting.accepted.shift() ?? this.waiting.new.shift();
    if (next) this.run(next);
  }

  /** Requests waiting now (both priorities). */
  get queued(): number {
    return this.waiting.accepted.length + this.waiting.new.length;
  }

  get inFlight(): number {
    return this.running;
  }

  stats(): RequestQueueStats {
    return {
      inFlight: this.running,
      queued: { accepted: this.waiting.accepted.length, new: this.waiting.new.length },
      submitted: { ...this.submitted },
      waited: { ...this.waited },
      peakQueued: this.peak,
    };
  }

  private run(start: () => void): void {
    this.running++;
    try {
      start();
    } catch {
      this.done();
    }
  }
}
