/**
 * The ARI link (SupervisedLink): ari-client has no heartbeat and gives up after a few retries,
 * so the application's registration is checked every few seconds (two misses in a row drop
 * the link: a single request can be lost when Asterisk closes an idle keep-alive connection
 * as it is reused) and any WebSocket trouble throws the client away. Events are handed to one
 * dispatcher, never to per-call listeners.
 */
import { applySwaggerFix } from './swagger-fix';
import ariClient, { type Client } from 'ari-client';
import type { Logger } from '../log/logger';
import { withTimeout } from '../util/backoff';
import { SupervisedLink } from '../util/supervised-link';
import { AriEvent } from './events';

export interface AriOptions { url: string; user: string; password: string; app: string; heartbeatMs?: number }

export type AriDispatch = (event: { type: string } & Record<string, unknown>, client: Client) => void;

export class AriLink extends SupervisedLink<Client> {
  private live: Client | null = null;

  constructor(private readonly opts: AriOptions, private readonly dispatch: AriDispatch, log: Logger) {
    super('ari', log, { heartbeatMs: opts.heartbeatMs ?? 5000, missesAllowed: 2 });
    applySwaggerFix();
  }

  get current(): Client | null {
    return this.connection;
  }

  protected async open(trouble: (why: string) => void): Promise<Client> {
    const client = await withTimeout(ariClient.connect(this.opts.url, this.opts.user, this.opts.password), 10000, 'ARI connect');
    this.live = client;
    for (const type of Object.values(AriEvent)) {
      (client as unknown as NodeJS.EventEmitter).on(type, (event: unknown) => this.safeDispatch(event, client));
    }
    // ari-client's own reconnect gives up silently; ours takes over on any WebSocket trouble.
    client.on('WebSocketMaxRetries', () => trouble('WebSocket retries exhausted'));
    client.on('WebSocketReconnecting', () => trouble('WebSocket dropped'));
    try {
      await withTimeout(client.start(this.opts.app), 10000, 'ARI WebSocket start');
    } catch (err) {
      this.close(client);
      throw err;
    }
    return client;
  }

  protected async beat(client: Client): Promise<void> {
    // The app is listed only while our WebSocket is registered with Asterisk.
    await withTimeout(client.applications.get({ applicationName: this.opts.app }), 4000, 'ARI heartbeat');
  }

  protected close(client: Client): void {
    if (this.live === client) this.live = null;
    (client as unknown as NodeJS.EventEmitter).removeAllListeners();
    try { client.stop(); } catch { /* already closed */ }
  }

  private safeDispatch(event: unknown, client: Client): void {
    if (client !== this.live) return;
    try {
      this.dispatch(event as { type: string }, client);
    } catch (err) {
      this.log.error({ err }, 'ARI event handler failed');
    }
  }
}
