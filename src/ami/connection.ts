/**
 * Supervises the AMI link. asterisk-manager reconnects without back-off and keeps the
 * callbacks of actions lost with a dropped connection, so we never use its reconnect: on
 * any trouble the whole manager object is discarded (with its callbacks) and a new one is
 * built after a back-off. Every action has a timeout.
 */
import { EventEmitter } from 'node:events';
import AsteriskManager from 'asterisk-manager';
import type { Logger } from '../log/logger';
import { Backoff, withTimeout, type LinkStatus } from '../util/backoff';

export interface AmiOptions { host: string; port: number; user: string; secret: string; heartbeatMs?: number }

type Manager = ReturnType<typeof AsteriskManager>;

export class AmiLink extends EventEmitter {
  private manager: Manager | null = null;
  private timer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private readonly backoff = new Backoff();
  private stopped = false;
  private status: LinkStatus = { state: 'down', since: new Date().toISOString(), lastError: null };

  constructor(private readonly opts: AmiOptions, private readonly log: Logger) {
    super();
  }

  get linkStatus(): LinkStatus {
    return { ...this.status };
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.drop();
    this.setState('stopped', null);
  }

  /** Sends an action; rejects on timeout, on an error response or when the link is down. */
  action(fields: Record<string, string>, timeoutMs = 5000): Promise<Record<string, string>> {
    const m = this.manager;
    if (!m || this.status.state !== 'up') return Promise.reject(new Error('AMI link is down'));
    return this.send(m, fields, timeoutMs);
  }

  private send(m: Manager, fields: Record<string, string>, timeoutMs: number): Promise<Record<string, string>> {
    return withTimeout(new Promise((resolve, reject) => {
      m.action(fields, (err, res) => (err ? reject(new Error(`AMI ${fields.action}: ${JSON.stringify(err)}`)) : resolve(res)));
    }), timeoutMs, `AMI ${fields.action}`);
  }

  private setState(state: LinkStatus['state'], error: string | null): void {
    if (state === this.status.state) return;
    this.status = { state, since: new Date().toISOString(), lastError: error ?? this.status.lastError };
    this.log.info({ link: 'ami', state, error }, `AMI link ${state}`);
    this.emit(state);
  }

  private connect(): void {
    if (this.stopped) return;
    this.setState('connecting', null);
    const m = AsteriskManager(this.opts.port, this.opts.host, this.opts.user, this.opts.secret, true);
    this.manager = m;
    m.on('close', () => this.fail(m, 'connection closed'));
    m.on('error', (err: Error) => this.fail(m, `connection error: ${err?.message ?? err}`));
    m.on('managerevent', (evt: Record<string, string>) => this.emit('event', evt));
    // Login completes asynchronously; a Ping answered proves the session is usable.
    void this.send(m, { action: 'Ping' }, 5000).then(() => {
      if (m !== this.manager) return;
      this.backoff.reset();
      this.setState('up', null);
      this.heartbeat = setInterval(() => {
        this.send(m, { action: 'Ping' }, 4000).catch((err: Error) => this.fail(m, `heartbeat failed: ${err.message}`));
      }, this.opts.heartbeatMs ?? 10000);
    }, (err: Error) => this.fail(m, `login failed: ${err.message}`));
  }

  private drop(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    const m = this.manager;
    this.manager = null;
    if (m) {
      m.removeAllListeners();
      m.on('error', () => {}); // late socket errors of a discarded manager are expected
      try { m.disconnect(); } catch { /* already closed */ }
    }
  }

  private fail(m: Manager, why: string): void {
    if (m !== this.manager || this.stopped) return;
    this.drop();
    const delay = this.backoff.next();
    this.setState('down', why);
    this.log.warn({ link: 'ami', why, retryInMs: delay }, 'AMI link down, reconnecting');
    this.timer = setTimeout(() => this.connect(), delay);
  }
}
