/**
 * WebSocket /api/v1/events (T2): the CTI event stream. Credentials as for the REST API (an
 * Authorization header, ?token=<api token>, or a one-time ?ticket= for browser pages). ?since=<seq> replays what the client missed
 * (a "gap" message says when the window no longer holds all of it); ?types=a,b filters.
 * Each socket's bus subscription ends when the socket closes.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../log/logger';
import type { EventBus } from '../events/event-bus';
import { CTI_EVENT_TYPES, type CtiEvent } from '../events/cti-events';
import { randomBytes } from 'node:crypto';
import { authenticate, type Credentials, type Principal } from './auth';

/**
 * One-time tickets for browsers: a page signed in with Basic credentials asks
 * POST /api/v1/events/ticket and opens the WebSocket with ?ticket= (browsers cannot set headers
 * on a WebSocket). A ticket is valid once, for 30 s.
 */
export class EventTickets {
  private readonly tickets = new Map<string, { principal: Principal; expires: number }>();

  issue(principal: Principal, now = Date.now()): string {
    for (const [t, v] of this.tickets) if (v.expires < now) this.tickets.delete(t);
    const ticket = randomBytes(18).toString('base64url');
    this.tickets.set(ticket, { principal, expires: now + 30000 });
    return ticket;
  }

  redeem(ticket: string, now = Date.now()): Principal | null {
    const t = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    return t && t.expires >= now ? t.principal : null;
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
  close(): void;
  readonly clients: number;
}

export function attachEventsSocket(server: Server, bus: EventBus, credentials: () => Credentials, log: Logger, tickets?: EventTickets): EventsSocket {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== EVENTS_PATH) return reject(socket, 404, 'Not Found');
    const ticket = url.searchParams.get('ticket');
    const principal = ticket && tickets ? tickets.redeem(ticket) : authenticate(req.headers.authorization, url.searchParams.get('token') ?? undefined, credentials());
    if (!principal) return reject(socket, 401, 'Unauthorized');
    const since = url.searchParams.get('since');
    const types = url.searchParams.get('types');
    if (since !== null && !/^[0-9]{1,15}$/.test(since)) return reject(socket, 400, 'Bad Request: since must be a sequence number');
    const wanted = types ? new Set(types.split(',')) : null;
    if (wanted && [...wanted].some((t) => !(CTI_EVENT_TYPES as readonly string[]).includes(t))) return reject(socket, 400, 'Bad Request: unknown event type in types');
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, since === null ? null : Number(since), wanted, principal.name));
  };

  const serve = (ws: WebSocket, since: number | null, wanted: Set<string> | null, who: string) => {
    const send = (e: CtiEvent) => {
      if (!wanted || wanted.has(e.type)) ws.send(serialized(e));
    };
    // Subscribe first and replay second, in one synchronous step: nothing can slip between.
    const unsubscribe = bus.subscribe(send);
    ws.send(JSON.stringify({ type: 'hello', version: 1, lastSeq: bus.lastSeq }));
    if (since !== null) {
      const replay = bus.since(since);
      if (replay.gap) ws.send(JSON.stringify({ type: 'gap', since, oldest: replay.events[0]?.seq ?? bus.lastSeq + 1 }));
      for (const e of replay.events) send(e);
    }
    ws.on('close', unsubscribe);
    ws.on('error', (err) => log.debug({ err: err.message, who }, 'event socket error'));
    log.debug({ who, since }, 'event socket opened');
  };

  server.on('upgrade', onUpgrade);
  return {
    close() {
      server.off('upgrade', onUpgrade);
      for (const c of wss.clients) c.terminate();
      wss.close();
    },
    get clients() {
      return wss.clients.size;
    },
  };
}
