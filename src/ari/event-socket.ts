/**
 * The ARI event stream, read by the product itself. ari-client turns every event into model
 * objects with all their REST operations attached (lodash, per property), which cost more
 * CPU per call than everything else the app does; the dispatcher only reads event fields,
 * so events are parsed once with JSON.parse and events the app does not handle are dropped
 * unread. ari-client stays the REST client.
 */
import WebSocket from 'ws';
import { work } from '../util/work-counters';
import type { RestResponseMessage } from './ws-rest';

export interface EventSocketOptions { url: string; user: string; password: string; app: string }

/** The /ari/events URL for an ARI base URL such as http://127.0.0.1:8088. Credentials go in a header, not the URL. */
export function eventsUrl(ariUrl: string, app: string): string {
  const u = new URL(ariUrl);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  u.pathname = `${u.pathname.replace(/\/$/, '')}/ari/events`;
  u.search = new URLSearchParams({ app, subscribeAll: 'false' }).toString();
  return u.toString();
}

/** The message's type (its first "type" field): a cheap look at the text before the full parse. */
export function messageType(text: string): string | null {
  const m = /"type"\s*:\s*"([A-Za-z]+)"/.exec(text);
  return m ? m[1] : null;
}

/** The event's type when the app handles it. */
export function handledType(text: string, handled: ReadonlySet<string>): string | null {
  const t = messageType(text);
  return t && handled.has(t) ? t : null;
}

/**
 * Opens the event WebSocket; resolves once Asterisk accepted it (the app is registered from
 * then on). After that, any close or error is reported once through `trouble`.
 */
export function openEventSocket(
  opts: EventSocketOptions,
  handled: ReadonlySet<string>,
  onEvent: (event: { type: string } & Record<string, unknown>) => void,
  trouble: (why: string) => void,
  /** Answers to REST requests sent over this socket (ws-rest.ts). */
  onRestResponse?: (msg: RestResponseMessage) => void,
): Promise<WebSocket> {
  const auth = Buffer.from(`${opts.user}:${opts.password}`).toString('base64');
  const ws = new WebSocket(eventsUrl(opts.url, opts.app), { headers: { Authorization: `Basic ${auth}` }, handshakeTimeout: 10000 });
  return new Promise((resolve, reject) => {
    let open = false;
    let reported = false;
    const report = (why: string) => {
      if (!open) return reject(new Error(`ARI events WebSocket: ${why}`));
      if (!reported) {
        reported = true;
        trouble(why);
      }
    };
    ws.on('unexpected-response', (_req, res) => report(`HTTP ${res.statusCode} from Asterisk (check the ARI user and password)`));
    ws.on('error', (err) => report(`events WebSocket error: ${err.message}`));
    ws.on('close', (code) => report(`events WebSocket closed (${code})`));
    ws.on('open', () => {
      open = true;
      resolve(ws);
    });
    ws.on('message', (data) => {
      const text = data.toString();
      const type = messageType(text);
      if (type === 'RESTResponse') return onRestResponse?.(JSON.parse(text));
      if (type === null || !handled.has(type)) return work.ariEvent(null);
      work.ariEvent(type);
      onEvent(JSON.parse(text));
    });
  });
}
