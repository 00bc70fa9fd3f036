/**
 * The AMI link (SupervisedLink). asterisk-manager reconnects without back-off and keeps the
 * callbacks of actions lost with a dropped connection, so its reconnect is never used: on any
 * trouble the whole manager object is discarded (with its callbacks) and a new one built after
 * a back-off. A Ping proves a session usable; every action has a timeout.
 */
import AsteriskManager from 'asterisk-manager';
import type { Logger } from '../log/logger';
import { withTimeout } from '../util/backoff';
import { SupervisedLink } from '../util/supervised-link';
import { work } from '../util/work-counters';

export interface AmiOptions { host: string; port: number; user: string; secret: string; heartbeatMs?: number }

type Manager = ReturnType<typeof AsteriskManager>;

export class AmiLink extends SupervisedLink<Manager> {
  constructor(private readonly opts: AmiOptions, log: Logger) {
    super('ami', log, { heartbeatMs: opts.heartbeatMs ?? 10000, missesAllowed: 1 });
  }

  /** Sends an action; rejects on timeout, on an error response or when the link is down. */
  action(fields: Record<string, string>, timeoutMs = 5000): Promise<Record<string, string>> {
    const m = this.connection;
    if (!m) return Promise.reject(new Error('AMI link is down'));
    return this.send(m, fields, timeoutMs);
  }

  private upWait: Promise<void> | null = null;

  /** Resolves once the link is up (at once when it is); rejects after `timeoutMs`. Callers share one wait. */
  whenUp(timeoutMs: number): Promise<void> {
    if (this.linkStatus.state === 'up') return Promise.resolve();
    this.upWait ??= new Promise<void>((resolve, reject) => {
      const done = () => { clearTimeout(timer); this.off('up', done); this.upWait = null; resolve(); };
      const timer = setTimeout(() => { this.off('up', done); this.upWait = null; reject(new Error('AMI link is down')); }, timeoutMs);
      this.once('up', done);
    });
    return this.upWait;
  }

  protected async open(trouble: (why: string) => void): Promise<Manager> {
    const m = AsteriskManager(this.opts.port, this.opts.host, this.opts.user, this.opts.secret, true);
    m.on('close', () => trouble('connection closed'));
    m.on('error', (err: Error) => trouble(`connection error: ${err?.message ?? err}`));
    m.on('managerevent', (evt: Record<string, string>) => {
      work.amiEvent(evt.event);
      this.emit('event', evt);
    });
    // Login completes asynchronously; a Ping answered proves the session is usable.
    try {
      await this.send(m, { action: 'Ping' }, 5000);
    } catch (err) {
      this.close(m);
      throw new Error(`login failed: ${(err as Error).message}`);
    }
    return m;
  }

  protected async beat(m: Manager): Promise<void> {
    await this.send(m, { action: 'Ping' }, 4000);
  }

  protected close(m: Manager): void {
    m.removeAllListeners();
    m.on('error', () => {}); // late socket errors of a discarded manager are expected
    try { m.disconnect(); } catch { /* already closed */ }
  }

  private send(m: Manager, fields: Record<string, string>, timeoutMs: number): Promise<Record<string, string>> {
    return withTimeout(new Promise((resolve, reject) => {
      m.action(fields, (err, res) => (err ? reject(new Error(`AMI ${fields.action}: ${JSON.stringify(err)}`)) : resolve(res)));
    }), timeoutMs, `AMI ${fields.action}`);
  }
}
