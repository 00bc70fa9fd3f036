/**
 * Supervises the ARI link: connects with back-off, checks it every few seconds (ari-client
 * has no heartbeat and gives up after a few retries), and on any doubt throws the client
 * away and builds a new one. Events are handed to one dispatcher, never to per-call listeners.
 */
import { EventEmitter } from 'node:events';
import { applySwaggerFix } from './swagger-fix';
import ariClient, { type Client } from 'ari-client';
import type { Logger } from '../log/logger';
import { Backoff, withTimeout, type LinkStatus } from '../util/backoff';
import { AriEvent } from './events';

export interface AriOptions { url: string; user: string; password: string; app: string; heartbeatMs?: number }

export type AriDispatch = (event: { type: string } & Record<string, unknown>, client: Client) => void;

export class AriLink extends EventEmitter {
  private client: Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private readonly backoff = new Backoff();
  private stopped = false;
  private status: LinkStatus = { state: 'down', since: new Date().toISOString(), lastError: null };

  constructor(private readonly opts: AriOptions, private readonly dispatch: AriDispatch, private readonly log: Logger) {
    super();
  }

  get current(): Client | null {
    return this.status.state === 'up' ? this.client : null;
  }

  get linkStatus(): LinkStatus {
    return { ...this.status };
  }

  start(): void {
    this.stopped = false;
    applySwaggerFix();
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.drop('stopped');
    this.setState('stopped', null);
  }

  private setState(state: LinkStatus['state'], error: string | null): void {
    if (state !== this.status.state) {
      this.status = { state, since: new Date().toISOString(), lastError: error ?? this.status.lastError };
      this.log.info({ link: 'ari', state, error }, `ARI link ${state}`);
      this.emit(state);
    }
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    this.setState('connecting', null);
    try {
      const client = await withTimeout(ariClient.connect(this.opts.url, this.opts.user, this.opts.password), 10000, 'ARI connect');
      if (this.stopped) return;
      this.client = client;
      for (const type of Object.values(AriEvent)) {
        (client as unknown as NodeJS.EventEmitter).on(type, (event: unknown) => this.safeDispatch(event, client));
      }
      // ari-client's own reconnect gives up silently; ours takes over on any WebSocket trouble.
      client.on('WebSocketMaxRetries', () => this.fail(client, 'WebSocket retries exhausted'));
      client.on('WebSocketReconnecting', () => this.fail(client, 'WebSocket dropped'));
      await withTimeout(client.start(this.opts.app), 10000, 'ARI WebSocket start');
      this.backoff.reset();
      this.setState('up', null);
      this.heartbeat = setInterval(() => void this.beat(client), this.opts.heartbeatMs ?? 5000);
    } catch (err) {
      this.retry(`connect failed: ${(err as Error).message}`);
    }
  }

  private safeDispatch(event: unknown, client: Client): void {
    if (client !== this.client) return;
    try {
      this.dispatch(event as { type: string }, client);
    } catch (err) {
      this.log.error({ err }, 'ARI event handler failed');
    }
  }

  /**
   * Two heartbeats in a row must fail before the link is dropped: a request can be lost when
   * Asterisk closes an idle keep-alive connection just as it is reused, and dropping a healthy
   * link loses the events (DTMF, hang-ups) that arrive while it reconnects.
   */
  private missedBeats = 0;

  private async beat(client: Client): Promise<void> {
    try {
      // The app is listed only while our WebSocket is registered with Asterisk.
      await withTimeout(client.applications.get({ applicationName: this.opts.app }), 4000, 'ARI heartbeat');
      this.missedBeats = 0;
    } catch (err) {
      if (client !== this.client) return;
      if (++this.missedBeats < 2) {
        this.log.warn({ err: (err as Error).message }, 'ARI heartbeat missed once; checking again');
        void this.beat(client);
        return;
      }
      this.missedBeats = 0;
      this.fail(client, `heartbeat failed twice: ${(err as Error).message}`);
    }
  }

  private fail(client: Client, why: string): void {
    if (client !== this.client || this.stopped) return;
    this.retry(why);
  }

  private drop(why: string): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    const old = this.client;
    this.client = null;
    if (old) {
      (old as unknown as NodeJS.EventEmitter).removeAllListeners();
      try { old.stop(); } catch { /* already closed */ }
      this.log.debug({ why }, 'ARI client dropped');
    }
  }

  private retry(why: string): void {
    this.drop(why);
    if (this.stopped) return;
    const delay = this.backoff.next();
    this.setState('down', why);
    this.log.warn({ link: 'ari', why, retryInMs: delay }, 'ARI link down, reconnecting');
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.connect(), delay);
  }
}
