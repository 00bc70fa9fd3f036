/**
 * One supervision for every link to Asterisk (ARI, AMI): connect with back-off, a heartbeat
 * that must fail `missesAllowed` times in a row before the link is given up, and on any doubt
 * the connection object is thrown away (with its listeners and pending callbacks) and a new
 * one built. Neither client library's own reconnect is trusted. Emits 'connecting', 'up',
 * 'down' and 'stopped'.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from '../log/logger';
import { Backoff, type LinkStatus } from './backoff';

export interface LinkTiming {
  heartbeatMs: number;
  /** Failed heartbeats in a row (each retried at once) before the link is dropped. */
  missesAllowed: number;
}

export abstract class SupervisedLink<C> extends EventEmitter {
  private conn: C | null = null;
  private timer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private readonly backoff = new Backoff();
  private stopped = false;
  private missed = 0;
  private status: LinkStatus = { state: 'down', since: new Date().toISOString(), lastError: null };

  protected constructor(protected readonly name: string, protected readonly log: Logger, private readonly timing: LinkTiming) {
    super();
  }

  /** Opens a connection; reports later trouble on it through `trouble` (ignored once dropped). */
  protected abstract open(trouble: (why: string) => void): Promise<C>;
  /** One heartbeat request; rejects when the link is not healthy. */
  protected abstract beat(conn: C): Promise<void>;
  /** Discards a connection: listeners removed, socket closed. Must not throw. */
  protected abstract close(conn: C): void;

  /** The connection while the link is up. */
  protected get connection(): C | null {
    return this.status.state === 'up' ? this.conn : null;
  }

  get linkStatus(): LinkStatus {
    return { ...this.status };
  }

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.drop();
    this.setState('stopped', null);
  }

  private setState(state: LinkStatus['state'], error: string | null): void {
    if (state === this.status.state) return;
    this.status = { state, since: new Date().toISOString(), lastError: error ?? this.status.lastError };
    this.log.info({ link: this.name, state, error }, `${this.name.toUpperCase()} link ${state}`);
    this.emit(state);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    this.setState('connecting', null);
    let opened: C | null = null;
    try {
      opened = await this.open((why) => this.fail(opened, why));
      if (this.stopped) {
        this.close(opened);
        return;
      }
      this.conn = opened;
      this.backoff.reset();
      this.missed = 0;
      this.setState('up', null);
      const conn = opened;
      this.heartbeat = setInterval(() => void this.check(conn), this.timing.heartbeatMs);
    } catch (err) {
      if (opened) this.close(opened);
      this.retry(`connect failed: ${(err as Error).message}`);
    }
  }

  private async check(conn: C): Promise<void> {
    try {
      await this.beat(conn);
      this.missed = 0;
    } catch (err) {
      if (conn !== this.conn) return;
      if (++this.missed < this.timing.missesAllowed) {
        this.log.warn({ link: this.name, err: (err as Error).message }, `${this.name.toUpperCase()} heartbeat missed; checking again`);
        void this.check(conn);
        return;
      }
      this.fail(conn, `heartbeat failed ${this.missed} time(s): ${(err as Error).message}`);
    }
  }

  private fail(conn: C | null, why: string): void {
    if (conn === null || conn !== this.conn || this.stopped) return;
    this.retry(why);
  }

  private drop(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    const old = this.conn;
    this.conn = null;
    if (old) this.close(old);
  }

  private retry(why: string): void {
    this.drop();
    if (this.stopped) return;
    const delay = this.backoff.next();
    this.setState('down', why);
    this.log.warn({ link: this.name, why, retryInMs: delay }, `${this.name.toUpperCase()} link down, reconnecting`);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.connect(), delay);
  }
}
