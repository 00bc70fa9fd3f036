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
import { openEventSocket } from './event-socket';
import { deliverResponse, failed } from './rest-transport';
import { routeAri, WebSocketRest, type AriRoute } from './ws-rest';
import type WebSocket from 'ws';

const HANDLED = new Set<string>(Object.values(AriEvent));

export interface AriOptions {
  url: string; user: string; password: string; app: string; heartbeatMs?: number;
  /** ARI REST requests over the event WebSocket (Asterisk 22.4+) instead of HTTP (config asterisk.ariRestOverWebSocket). */
  restOverWebSocket?: boolean;
}

export type AriDispatch = (event: { type: string } & Record<string, unknown>, client: Client) => void;

export class AriLink extends SupervisedLink<Client> {
  private live: Client | null = null;
  private readonly sockets = new Map<Client, { socket: WebSocket; rest: WebSocketRest | null; unroute: () => void }>();

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
    // Events come through our own WebSocket (event-socket.ts); ari-client is the REST client only.
    // Requests to this Asterisk are counted (work-counters.ts) and, once proven, sent over the socket.
    const route: AriRoute = { webSocket: null };
    let rest: WebSocketRest | null = null;
    const socket = await withTimeout(openEventSocket(this.opts, HANDLED, (event) => this.safeDispatch(event, client), trouble, (msg) => rest?.onResponse(msg)), 10000, 'ARI events WebSocket');
    this.sockets.set(client, { socket, rest: null, unroute: routeAri(new URL(this.opts.url).origin, route) });
    // Asterisk then sends only the event types the app handles (Asterisk 18.16+ application event filter);
    // RESTResponse too, the answers to requests sent over the socket.
    try {
      await withTimeout(client.applications.filter({ applicationName: this.opts.app, filter: { allowed: [...HANDLED, 'RESTResponse'].map((type) => ({ type })) } }), 4000, 'ARI event filter');
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'ARI event filter not set: Asterisk sends every event type (more CPU per call)');
    }
    if (this.opts.restOverWebSocket) {
      rest = new WebSocketRest(socket, deliverResponse, failed);
      route.webSocket = rest;
      this.sockets.get(client)!.rest = rest;
      try {
        // One request over the socket proves Asterisk answers there (22.4+); else HTTP stays.
        await withTimeout(client.applications.get({ applicationName: this.opts.app }), 4000, 'ARI REST over WebSocket');
        this.log.info('ARI REST requests go over the event WebSocket');
      } catch (err) {
        route.webSocket = null;
        rest.close('not answered over the WebSocket');
        this.log.warn({ err: (err as Error).message }, 'ARI REST over WebSocket not answered (Asterisk older than 22.4?): requests go over HTTP');
      }
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
    const entry = this.sockets.get(client);
    this.sockets.delete(client);
    if (entry) {
      const { socket, rest, unroute } = entry;
      unroute();
      rest?.close('ARI link dropped');
      socket.removeAllListeners();
      socket.on('error', () => {}); // a late error of a discarded socket is expected
      socket.terminate();
    }
  }

  private safeDispatch(event: unknown, client: Client): void {
    if (client !== this.live) return;
    try {
      this.dispatch(event as { type: string }, client);
      // Observers (tests, diagnostics) see what the dispatcher saw; no call logic listens here.
      if (this.listenerCount('event') > 0) this.emit('event', event);
    } catch (err) {
      this.log.error({ err }, 'ARI event handler failed');
    }
  }
}
