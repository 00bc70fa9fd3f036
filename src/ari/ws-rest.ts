/**
 * ARI REST requests over the event WebSocket (Asterisk 20.14 / 21.9 / 22.4 and later, "ARI REST
 * over WebSocket"): the request swagger-client built (under ari-client, which keeps its API) is
 * sent as a `RESTRequest` message on the WebSocket the events already come through, and
 * Asterisk's `RESTResponse` message on the same socket settles it. No HTTP request, no header
 * parsing, no connection pool; one JSON message each way.
 *
 * Protocol (Asterisk's res/ari/ari_websocket_requests.c):
 *   -> {"type":"RESTRequest","request_id":"r1","method":"POST","uri":"channels/x/answer?a=b",
 *       "content_type":"application/json","message_body":"{...}"}
 *   <- {"type":"RESTResponse","request_id":"r1","status_code":204,"reason_phrase":"No Content",
 *       "uri":"channels/x/answer","content_type":"application/json","message_body":"{...}"}
 * The uri is the path after `/ari/`, not percent-decoded by Asterisk (so paths that need
 * decoding go over HTTP); the query string is form-decoded. Binary answers (a stored
 * recording's file) are refused over the socket (406), so those go over HTTP too.
 *
 * Failures are reported like the HTTP transport's: no answer within the timeout, or the socket
 * closing with requests pending, calls the error callback with status 0 (a POST may have
 * acted; it is never sent twice).
 */
import type { SwaggerRequestObject } from './rest-transport';

/** What the channel needs of a WebSocket (the `ws` package's WebSocket has it). */
export interface MessageSocket {
  readonly readyState: number;
  send(text: string, cb?: (err?: Error) => void): void;
}

const OPEN = 1;

/** Characters a path keeps literally in Asterisk's URI handling: anything else goes over HTTP. */
const PLAIN_PATH = /^[A-Za-z0-9._~!$&'()*+,;=:@/-]*$/;

/**
 * The `uri` of a RESTRequest for an ARI URL under `base` (`/ari/`), or null when the request
 * must go over HTTP: outside ARI's resources, the API description, a binary download, or a
 * path with characters Asterisk would need percent-decoded.
 */
export function webSocketUri(method: string, url: URL, base = '/ari/'): string | null {
  const path = url.pathname;
  if (!path.startsWith(base)) return null;
  const rest = path.slice(base.length);
  if (rest === '' || rest.startsWith('api-docs') || rest.startsWith('events')) return null;
  if (method === 'GET' && /^recordings\/stored\/[^/]+\/file$/.test(rest)) return null;
  if (!PLAIN_PATH.test(rest)) return null;
  return rest + url.search;
}

interface Pending {
  obj: SwaggerRequestObject;
  method: string;
  timer: NodeJS.Timeout;
}

export interface RestResponseMessage {
  type: 'RESTResponse';
  request_id?: string;
  status_code?: number;
  reason_phrase?: string;
  content_type?: string;
  message_body?: string;
}

export type Deliver = (obj: SwaggerRequestObject, status: number, headers: Record<string, string>, data: string) => void;
export type Fail = (obj: SwaggerRequestObject, message: string) => void;

export class WebSocketRest {
  private readonly pending = new Map<string, Pending>();
  private seq = 0;
  private closed = false;

  constructor(private readonly socket: MessageSocket, private readonly deliver: Deliver, private readonly fail: Fail) {}

  get open(): boolean {
    return !this.closed && this.socket.readyState === OPEN;
  }

  get inFlight(): number {
    return this.pending.size;
  }

  /** Sends a request built by swagger-client; its callbacks run once, with the answer or a failure. */
  send(obj: SwaggerRequestObject, method: string, uri: string, body: string | null, timeoutMs: number): void {
    const id = `r${++this.seq}`;
    const timer = setTimeout(() => {
      if (this.pending.delete(id)) this.fail(obj, `ARI request got no answer within ${timeoutMs} ms (WebSocket)`);
    }, timeoutMs);
    this.pending.set(id, { obj, method, timer });
    const message: Record<string, string> = { type: 'RESTRequest', request_id: id, method, uri };
    if (body !== null) {
      message.content_type = 'application/json';
      message.message_body = body;
    }
    try {
      this.socket.send(JSON.stringify(message), (err) => { if (err) this.settleFailed(id, `ARI request not sent: ${err.message}`); });
    } catch (err) {
      this.settleFailed(id, `ARI request not sent: ${(err as Error).message}`);
    }
  }

  /** A RESTResponse message from the socket (already parsed). Unknown ids are ignored. */
  onResponse(msg: RestResponseMessage): void {
    const id = msg.request_id ?? '';
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    const headers: Record<string, string> = msg.content_type ? { 'content-type': msg.content_type } : {};
    this.deliver(p.obj, typeof msg.status_code === 'number' ? msg.status_code : 0, headers, msg.message_body ?? '');
  }

  /** The socket is gone: every pending request fails (once); later sends are refused by the caller. */
  close(why: string): void {
    this.closed = true;
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) {
      clearTimeout(p.timer);
      this.fail(p.obj, `ARI request lost: ${why}`);
    }
  }

  private settleFailed(id: string, message: string): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    this.fail(p.obj, message);
  }
}

/**
 * The ARI servers this process's links talk to, by origin (`http://127.0.0.1:8088`): requests
 * to a registered origin are counted, and go over its WebSocket while it is open. Other
 * origins (test peers, tools) go over HTTP, uncounted.
 */
export interface AriRoute { webSocket: WebSocketRest | null }

const routes = new Map<string, AriRoute>();

/** Registers (or replaces) the route of an origin; returns its disposer. */
export function routeAri(origin: string, route: AriRoute): () => void {
  routes.set(origin, route);
  return () => { if (routes.get(origin) === route) routes.delete(origin); };
}

export function ariRoute(origin: string): AriRoute | undefined {
  return routes.size === 0 ? undefined : routes.get(origin);
}
