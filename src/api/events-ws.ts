/**
 * WebSocket /api/v1/events (T2): the CTI event stream. Credentials as for the REST API (an
 * Authorization header), or on this upgrade only ?token=<api token> or a one-time ?ticket= for
 * browser pages. ?since=<seq> replays what the client missed (a "gap" message says when the
 * window no longer holds all of it); ?types=a,b filters. Each socket's bus subscription ends when
 * the socket closes.
 *
 * Bounded (issue 16): a browser page of another origin is refused (403), one user holds at most
 * `socketsPerUser` sockets (429), a client that stops reading is closed once `maxBufferedBytes`
 * wait unsent (close code 4001), the ticket map is bounded in time and size, and an agent gets
 * only its own events (agent-events.ts).
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../log/logger';
import type { EventBus } from '../events/event-bus';
import { CTI_EVENT_TYPES, type CtiEvent } from '../events/cti-events';
import { randomBytes } from 'node:crypto';
import { authenticate, type Credentials, type Principal } from './auth';
import { AgentEventFilter } from './agent-events';
import { originAllowed } from './write-guard';

/** The close code sent to every client when the app stops (RFC 6455 1001 going away). */
export const CLOSE_GOING_AWAY = 1001;

/** The close code of a socket whose client does not read fast enough; it reconnects with ?since=. */
export const CLOSE_TOO_SLOW = 4001;

/**
 * One-time tickets for browsers: a page signed in with Basic credentials asks
 * POST /api/v1/events/ticket and opens the WebSocket with ?ticket= (browsers cannot set headers
 * on a WebSocket). A ticket is valid once, for 30 s; at most `maxSize` wait (the oldest goes first).
 */
export class EventTickets {
  /** In issue order, which is also expiry order. */
  private readonly tickets = new Map<string, { principal: Principal; expires: number }>();

  constructor(private readonly ttlMs = 30000, private readonly maxSize = 10000) {}

  issue(principal: Principal, now = Date.now()): string {
    this.prune(now);
    while (this.tickets.size >= this.maxSize) this.tickets.delete(this.tickets.keys().next().value as string);
    const ticket = randomBytes(18).toString('base64url');
    this.tickets.set(ticket, { principal, expires: now + this.ttlMs });
    return ticket;
  }

  redeem(ticket: string, now = Date.now()): Principal | null {
    this.prune(now);
    const t = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    return t && t.expires >= now ? t.principal : null;
  }

  get size(): number {
    return this.tickets.size;
  }

  /** Expired tickets are at the front: pruning stops at the first live one. */
  private prune(now: number): void {
    for (const [t, v] of this.tickets) {
      if (v.expires >= now) return;
      this.tickets.delete(t);
    }
  }
}

export const EVENTS_PATH = '/api/v1/events';

/** Each event is turned into JSON once, whatever the number of clients. */
const json = new WeakMap<CtiEvent, string>();
function serialized(e: CtiEvent): string {
  let text = json.get(e);
  if (text === undefined) {
    text = JSON.stringify(e);
    json.set(e, text);
  }
  return text;
}

function reject(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${text}\n`);
}

export interface EventsSocket {
  /** Closes every client with 1001 (going away); resolves when they are closed (at most a second). */
  close(): Promise<void>;
  readonly clients: number;
}

export interface EventsSocketOptions {
  credentials: () => Credentials;
  log: Logger;
  tickets?: EventTickets;
  /** True when agent `agent` is a party of call `guid` now (call-access.ts); absent: agents get no call events. */
  isParty?: (guid: string, agent: string) => boolean;
  /** Browser origins besides the app's own (api.allowedOrigins). */
  allowedOrigins?: readonly string[];
  /** Sockets one principal may hold open (api.eventSocketsPerUser). */
  socketsPerUser?: number;
  /** Unsent bytes after which a socket is closed with CLOSE_TOO_SLOW (api.eventSocketMaxBufferedBytes). */
  maxBufferedBytes?: number;
}

export function attachEventsSocket(server: Server, bus: EventBus, o: EventsSocketOptions): EventsSocket {
  const { log } = o;
  const perUser = o.socketsPerUser ?? 10;
  const maxBuffered = o.maxBufferedBytes ?? 4 * 1024 * 1024;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  /** Open sockets per principal (role and name: a token and a user may share a name). */
  const open = new Map<string, number>();
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== EVENTS_PATH) return reject(socket, 404, 'Not Found');
    if (!originAllowed(req.headers.origin, req.headers.host, o.allowedOrigins ?? [])) {
      return reject(socket, 403, 'Forbidden: this origin may not open the event stream (api.allowedOrigins)');
    }
    const ticket = url.searchParams.get('ticket');
    const principal = ticket && o.tickets ? o.tickets.redeem(ticket) : authenticate(req.headers.authorization, url.searchParams.get('token') ?? undefined, o.credentials(), req.socket.remoteAddress);
    if (!principal) return reject(socket, 401, 'Unauthorized');
    const since = url.searchParams.get('since');
    const types = url.searchParams.get('types');
    if (since !== null && !/^[0-9]{1,15}$/.test(since)) return reject(socket, 400, 'Bad Request: since must be a sequence number');
    const wanted = types ? new Set(types.split(',')) : null;
    if (wanted && [...wanted].some((t) => !(CTI_EVENT_TYPES as readonly string[]).includes(t))) return reject(socket, 400, 'Bad Request: unknown event type in types');
    const who = `${principal.role}:${principal.name}`;
    if ((open.get(who) ?? 0) >= perUser) {
      return reject(socket, 429, `Too Many Requests: ${principal.name} already has ${perUser} event sockets open (api.eventSocketsPerUser)`);
    }
    open.set(who, (open.get(who) ?? 0) + 1);
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, since === null ? null : Number(since), wanted, principal, who));
  };

  const serve = (ws: WebSocket, since: number | null, wanted: Set<string> | null, principal: Principal, who: string) => {
    const agent = principal.role === 'agent' && principal.agent ? new AgentEventFilter(principal.agent, (guid) => o.isParty?.(guid, principal.agent!) ?? false) : null;
    const pass = (e: CtiEvent) => (!wanted || wanted.has(e.type)) && (!agent || agent.admits(e));
    const send = (e: CtiEvent) => {
      if (pass(e)) ws.send(serialized(e));
    };
    // A client that does not read would make the app hold every event for it: past the bound it goes.
    const live = (e: CtiEvent) => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > maxBuffered) {
        unsubscribe();
        log.warn({ who, buffered: ws.bufferedAmount }, 'event socket closed: the client does not read fast enough');
        ws.close(CLOSE_TOO_SLOW, `too slow: more than ${maxBuffered} bytes unsent; reconnect with ?since=<last seq>`);
        return;
      }
      send(e);
    };
    // Subscribe first and replay second, in one synchronous step: nothing can slip between.
    const unsubscribe = bus.subscribe(live);
    ws.send(JSON.stringify({ type: 'hello', version: 1, lastSeq: bus.lastSeq }));
    if (since !== null) {
      const replay = bus.since(since);
      if (replay.gap) ws.send(JSON.stringify({ type: 'gap', since, oldest: replay.events[0]?.seq ?? bus.lastSeq + 1 }));
      for (const e of replay.events) send(e);
    }
    ws.on('close', () => {
      unsubscribe();
      const n = (open.get(who) ?? 1) - 1;
      if (n > 0) open.set(who, n);
      else open.delete(who);
    });
    ws.on('error', (err) => log.debug({ err: err.message, who }, 'event socket error'));
    log.debug({ who, since }, 'event socket opened');
  };

  server.on('upgrade', onUpgrade);
  return {
    async close() {
      server.off('upgrade', onUpgrade);
      // A close frame (1001 going away) to every client, so it sees a clean close and reconnects
      // later with ?since=; one that does not answer within a second is cut off.
      const open = [...wss.clients];
      const closed = Promise.all(open.map((c) => new Promise<void>((done) => {
        if (c.readyState === c.CLOSED) return done();
        c.once('close', () => done());
        c.close(CLOSE_GOING_AWAY, 'server shutting down');
      })));
      const late = new Promise<void>((done) => setTimeout(done, 1000).unref());
      await Promise.race([closed, late]);
      for (const c of wss.clients) c.terminate();
      wss.close();
    },
    get clients() {
      return wss.clients.size;
    },
  };
}
