/**
 * Debug counters of the app's own work (issue 18, "less work per call in the app"): ARI
 * requests sent, ARI events received (handled, and dropped unread), AMI events received, log
 * lines written by level. One object per process (`work`); the adapters increment plain
 * numbers, which costs nothing measurable. With `detail` on (tests, diagnostics) each count is
 * also kept by kind ("POST channels/{id}/answer", "StasisStart", "Newchannel", "info"), so a
 * test can say which request or event a call added.
 *
 * `snapshot()` and `difference()` are pure: a test takes one before and one after a call.
 */

export interface WorkSnapshot {
  ariRequests: number;
  /** Of ariRequests: sent as RESTRequest messages over the event WebSocket. */
  ariRequestsOverWebSocket: number;
  ariEvents: number;
  /** Events Asterisk sent that the app does not handle (dropped before parsing). */
  ariEventsDropped: number;
  amiEvents: number;
  /** Lines at info level and above: what the default level (`info`) writes. */
  logLines: number;
  /** Lines at debug and trace level (written only when the level is lowered). */
  debugLines: number;
  /** By kind, when `detail` was on: 'ari POST channels/{id}/answer', 'event StasisStart', 'ami Newchannel', 'log info'. */
  detail: Record<string, number>;
}

/** pino's numeric levels: info is 30. */
const INFO = 30;

export class WorkCounters {
  ariRequests = 0;
  ariRequestsOverWebSocket = 0;
  ariEvents = 0;
  ariEventsDropped = 0;
  amiEvents = 0;
  logLines = 0;
  debugLines = 0;
  private kinds: Map<string, number> | null = null;

  /** Counts by kind from now on (true) or no more (false: the kinds are forgotten). */
  set detail(on: boolean) {
    this.kinds = on ? (this.kinds ?? new Map()) : null;
  }

  get detail(): boolean {
    return this.kinds !== null;
  }

  ariRequest(method: string, path: string, overWebSocket: boolean): void {
    this.ariRequests++;
    if (overWebSocket) this.ariRequestsOverWebSocket++;
    if (this.kinds) this.add(`ari ${method.toUpperCase()} ${routeKind(path)}`);
  }

  ariEvent(type: string | null): void {
    if (type === null) {
      this.ariEventsDropped++;
      return;
    }
    this.ariEvents++;
    if (this.kinds) this.add(`event ${type}`);
  }

  amiEvent(name: string | undefined): void {
    this.amiEvents++;
    if (this.kinds) this.add(`ami ${name ?? '?'}`);
  }

  logLine(level: number): void {
    if (level >= INFO) this.logLines++;
    else this.debugLines++;
    if (this.kinds) this.add(`log ${level >= 50 ? 'error' : level >= 40 ? 'warn' : level >= INFO ? 'info' : 'debug'}`);
  }

  snapshot(): WorkSnapshot {
    return {
      ariRequests: this.ariRequests, ariRequestsOverWebSocket: this.ariRequestsOverWebSocket, ariEvents: this.ariEvents,
      ariEventsDropped: this.ariEventsDropped, amiEvents: this.amiEvents, logLines: this.logLines, debugLines: this.debugLines,
      detail: Object.fromEntries(this.kinds ?? []),
    };
  }

  private add(kind: string): void {
    this.kinds!.set(kind, (this.kinds!.get(kind) ?? 0) + 1);
  }
}

/** The process's counters. */
export const work = new WorkCounters();

/** What happened between two snapshots (kinds that did not change are left out). */
export function difference(before: WorkSnapshot, after: WorkSnapshot): WorkSnapshot {
  const detail: Record<string, number> = {};
  for (const [k, v] of Object.entries(after.detail)) {
    const d = v - (before.detail[k] ?? 0);
    if (d !== 0) detail[k] = d;
  }
  return {
    ariRequests: after.ariRequests - before.ariRequests,
    ariRequestsOverWebSocket: after.ariRequestsOverWebSocket - before.ariRequestsOverWebSocket,
    ariEvents: after.ariEvents - before.ariEvents,
    ariEventsDropped: after.ariEventsDropped - before.ariEventsDropped,
    amiEvents: after.amiEvents - before.amiEvents,
    logLines: after.logLines - before.logLines,
    debugLines: after.debugLines - before.debugLines,
    detail,
  };
}

/**
 * An ARI path as a kind: the part after `/ari/`, query dropped, and every second segment (the
 * ids: channel, bridge, application, playback) replaced by `{id}`. `/ari/channels/abc/answer?x=1`
 * -> `channels/{id}/answer`; `/ari/channels` -> `channels`.
 */
export function routeKind(path: string): string {
  const q = path.indexOf('?');
  const clean = (q >= 0 ? path.slice(0, q) : path).replace(/^\/?(ari\/)?/, '');
  return clean.split('/').map((s, i) => (i % 2 === 1 ? '{id}' : s)).join('/');
}
