/**
 * The HTTP transport under ari-client's REST calls. ari-client builds each request with
 * swagger-client 2.0, which hands it to `shred` (an HTTP library last released in 2013): a new
 * Shred instance and content-processor registration per request, header objects rebuilt
 * several times, `new Buffer()` (a deprecation check on every response), the body and the
 * headers written to the socket separately, and Basic credentials base64-encoded per request.
 * `make bench` charged about a quarter of the app's CPU per call to that path.
 *
 * This transport takes the request swagger-client has built (url, method, headers, body, and
 * its response callbacks) and sends it with Node's own http client over a pool of keep-alive
 * connections, with the same response shape swagger-client expects (`status`, `headers`,
 * `data`, `obj`). ari-client keeps its API, resources and promises; only the wire part changes.
 *
 * Failures are always reported: a connection error or no complete answer within the timeout
 * (counted from the call, so waiting for a free connection counts) calls the error callback
 * with status 0 (shred left such a request pending for good). A GET or DELETE that fails with
 * ECONNRESET on a reused keep-alive connection (Asterisk closed it while idle) is sent once more
 * on a new connection, as Node's documentation advises; a POST is not (it may have acted: a
 * second originate would be refused as a duplicate and the first left without an owner).
 */
import http from 'node:http';
import https from 'node:https';
import { work } from '../util/work-counters';
import { ariRoute, webSocketUri } from './ws-rest';

/** No ARI request the app makes takes longer than this on a healthy Asterisk. */
export const ARI_REQUEST_TIMEOUT_MS = 10000;

/** Idle keep-alive connections are closed well before Asterisk's session_keep_alive (15 s). */
const IDLE_CLOSE_MS = 5000;

/** Bounds Asterisk's HTTP threads (one per connection); requests beyond it wait for a free one. */
const MAX_CONNECTIONS = 64;

/** What swagger-client passes to its HTTP client. */
export interface SwaggerRequestObject {
  url: string;
  method: string;
  headers?: Record<string, string>;
  body?: string | null;
  on: {
    response(r: SwaggerResponse): unknown;
    error(r: SwaggerResponse): unknown;
    redirect?(r: SwaggerResponse): unknown;
  };
}

/** What swagger-client's callbacks receive (the shape its ShredHttpClient produced). */
export interface SwaggerResponse {
  url: string;
  method: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  data: string;
  obj?: unknown;
}

const RETRYABLE = new Set(['ECONNRESET', 'EPIPE']);

/** Sent again after a reset on a reused connection: only requests that cannot act twice. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'DELETE']);

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: MAX_CONNECTIONS, timeout: IDLE_CLOSE_MS }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: MAX_CONNECTIONS, timeout: IDLE_CLOSE_MS }),
};

export function sendSwaggerRequest(obj: SwaggerRequestObject, timeoutMs = ARI_REQUEST_TIMEOUT_MS): void {
  let url: URL;
  try {
    url = new URL(obj.url);
  } catch {
    return failed(obj, `ARI request has a bad URL: ${obj.url}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return failed(obj, `ARI request has a bad URL: ${obj.url}`);
  const method = obj.method.toUpperCase();
  const body = obj.body == null || obj.body === '' ? null : String(obj.body);
  // The product's own ARI server (registered by AriLink): counted, and over its WebSocket when that is on.
  const route = ariRoute(url.origin);
  if (route) {
    const ws = route.webSocket;
    const uri = ws?.open ? webSocketUri(method, url) : null;
    work.ariRequest(method, url.pathname, uri !== null);
    if (uri !== null) return ws!.send(obj, method, uri, body, timeoutMs);
  }
  const headers: Record<string, string | number> = { ...obj.headers };
  if (body !== null) headers['Content-Length'] = Buffer.byteLength(body);
  else if (method !== 'GET') headers['Content-Length'] = 0;

  // One deadline for the whole request, from now: time spent waiting for a free connection
  // (at most MAX_CONNECTIONS) counts, and so does a retry.
  let settled = false;
  let current: http.ClientRequest | null = null;
  const deadline = setTimeout(() => {
    current?.destroy();
    settle(() => failed(obj, `ARI request got no answer within ${timeoutMs} ms`));
  }, timeoutMs);
  const settle = (report: () => void) => {
    if (settled) return;
    settled = true;
    clearTimeout(deadline);
    report();
  };

  const send = (mayRetry: boolean) => {
    const req = (url.protocol === 'https:' ? https : http).request(url, { agent: agents[url.protocol as 'http:'], method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err) => settle(() => failed(obj, `ARI response broken: ${err.message}`)));
      res.on('end', () => settle(() => deliverResponse(obj, res.statusCode ?? 0, res.headers, chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8'))));
      // The connection closed before the whole answer arrived (no 'end'): still a failure, reported once.
      res.on('close', () => { if (!res.complete) settle(() => failed(obj, 'ARI response cut short')); });
    });
    current = req;
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (settled) return;
      if (mayRetry && req.reusedSocket && RETRYABLE.has(err.code ?? '') && IDEMPOTENT.has(method)) return send(false);
      settle(() => failed(obj, `ARI request failed: ${err.message}`));
    });
    req.end(body ?? undefined);
  };
  send(true);
}

/** Hands an answer (over HTTP or the WebSocket) to swagger-client in the shape it expects. */
export function deliverResponse(obj: SwaggerRequestObject, status: number, headers: SwaggerResponse['headers'], data: string): void {
  const out: SwaggerResponse = { url: obj.url, method: obj.method, status, headers, data };
  const type = String(headers['content-type'] ?? '');
  if (type.startsWith('application/json') || type.includes('+json')) {
    try {
      out.obj = data === '' ? {} : JSON.parse(data);
    } catch {
      return failed(obj, `ARI answered ${status} with broken JSON`);
    }
  }
  if (status >= 400) obj.on.error(out);
  else if (status >= 300) (obj.on.redirect ?? obj.on.response)(out);
  else obj.on.response(out);
}

export function failed(obj: SwaggerRequestObject, message: string): void {
  obj.on.error({ url: obj.url, method: obj.method, status: 0, headers: {}, data: JSON.stringify({ message }), obj: { message } });
}
