/**
 * Everything a demo call observes, in order: the product's CTI events and what happens at the
 * simulated parties. The demo waits on it; every wait has a deadline and says what it waited
 * for, and a failure condition (the caller hung up) ends the wait at once.
 */
import type { PeerEvent } from './sim-peer';

/** A CTI event as the WebSocket delivers it (docs/CTI-EVENTS.md). */
export interface CtiEvent { type: string; seq?: number; guid?: string; [field: string]: unknown }

export type Observed = ({ src: 'cti' } & { event: CtiEvent }) | ({ src: 'peer' } & { event: PeerEvent });

export class Timeline {
  private readonly seen: Observed[] = [];
  private readonly waiters = new Set<() => void>();
  private aborted: Error | null = null;

  private readonly listeners = new Set<(o: Observed) => void>();

  push(o: Observed): void {
    this.seen.push(o);
    for (const l of this.listeners) l(o);
    for (const w of [...this.waiters]) w();
  }

  /** Calls `fn` for every observation from index `since` on, past and future. */
  follow(since: number, fn: (o: Observed) => void): () => void {
    for (const o of this.seen.slice(since)) fn(o);
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  get length(): number {
    return this.seen.length;
  }

  /** Throws the abort error, if any: for steps between waits. */
  check(): void {
    if (this.aborted) throw this.aborted;
  }

  /** Every wait in progress fails with this error (Ctrl-C, a lost link). */
  abort(err: Error): void {
    this.aborted = err;
    for (const w of [...this.waiters]) w();
  }

  /**
   * The first observation from index `since` on for which `match` returns a value. `fail`
   * returns a message when an observation makes the wait pointless.
   */
  waitFor<T>(what: string, timeoutMs: number, match: (o: Observed) => T | undefined, opts: { since?: number; fail?: (o: Observed) => string | undefined } = {}): Promise<{ value: T; index: number }> {
    let next = opts.since ?? 0;
    return new Promise((resolve, reject) => {
      const done = (err: Error | null, v?: { value: T; index: number }) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        if (err) reject(err);
        else resolve(v!);
      };
      const check = () => {
        if (this.aborted) return done(this.aborted);
        for (; next < this.seen.length; next++) {
          const o = this.seen[next];
          const v = match(o);
          if (v !== undefined) return done(null, { value: v, index: next });
          const f = opts.fail?.(o);
          if (f) return done(new Error(f));
        }
      };
      const timer = setTimeout(() => done(new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`)), timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** Resolves with null after `ms`, or early with the message `fail` returns for an observation. */
  hold(ms: number, fail: (o: Observed) => string | undefined, since: number): Promise<string | null> {
    let next = since;
    return new Promise((resolve, reject) => {
      const done = (err: Error | null, v: string | null) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        if (err) reject(err);
        else resolve(v);
      };
      const check = () => {
        if (this.aborted) return done(this.aborted, null);
        for (; next < this.seen.length; next++) {
          const f = fail(this.seen[next]);
          if (f) return done(null, f);
        }
      };
      const timer = setTimeout(() => done(null, null), ms);
      this.waiters.add(check);
      check();
    });
  }
}

export const cti = (o: Observed, type: string, guid?: string): CtiEvent | undefined =>
  o.src === 'cti' && o.event.type === type && (guid === undefined || o.event.guid === guid) ? o.event : undefined;

export const peerEvent = <K extends PeerEvent['kind']>(o: Observed, kind: K): Extract<PeerEvent, { kind: K }> | undefined =>
  o.src === 'peer' && o.event.kind === kind ? (o.event as Extract<PeerEvent, { kind: K }>) : undefined;
