/**
 * Prometheus metrics (T5) at GET /metrics, text format, from a registry of this app (not
 * prom-client's global one: tests start several apps in one process). Gauges are read from the
 * live floor at scrape time; counters and the wait histogram follow the CTI events.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { EventBus } from '../events/event-bus';
import type { LinkStatus } from '../util/backoff';
import type { Floor } from './floor';
import type { OverloadStatus } from '../overload/overload-guard';

export interface MetricsDeps {
  floor: Floor;
  bus: EventBus;
  links: () => Promise<Record<'ari' | 'ami' | 'mysql', LinkStatus>>;
  eventClients: () => number;
  /** The running configuration version and a newer invalid one in the database (null: none). */
  config?: () => { version: number | null; invalidVersion: number | null };
  /** Issue 18: the overload guard's status (src/overload/overload-guard.ts). */
  overload?: () => OverloadStatus;
}

export function createMetrics(d: MetricsDeps): { registry: Registry; stop(): void } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'cc_' });
  const snapshot = () => d.floor.snapshot();
  new Gauge({
    name: 'cc_calls_in_progress', help: 'Calls the app is handling now', registers: [registry],
    collect() { this.set(snapshot().calls.length); },
  });
  new Gauge({
    name: 'cc_agents', help: 'Agents per state', labelNames: ['state'], registers: [registry],
    collect() {
      this.reset();
      const counts = new Map<string, number>();
      for (const a of snapshot().agents) counts.set(a.state, (counts.get(a.state) ?? 0) + 1);
      for (const state of ['logged_out', 'ready', 'not_ready', 'ringing', 'on_call', 'wrap_up']) this.set({ state }, counts.get(state) ?? 0);
    },
  });
  new Gauge({
    name: 'cc_queue_waiting', help: 'Callers waiting in a group\'s queue', labelNames: ['group'], registers: [registry],
    collect() { this.reset(); for (const g of snapshot().groups) this.set({ group: g.group }, g.waiting); },
  });
  new Gauge({
    name: 'cc_queue_longest_wait_seconds', help: 'Longest current wait in a group\'s queue', labelNames: ['group'], registers: [registry],
    collect() { this.reset(); for (const g of snapshot().groups) this.set({ group: g.group }, g.longestWaitSec); },
  });
  new Gauge({
    name: 'cc_service_level_ratio', help: 'Today: answered within the service-level time / offered', labelNames: ['group'], registers: [registry],
    collect() { this.reset(); for (const g of snapshot().groups) if (g.today.serviceLevel !== null) this.set({ group: g.group }, g.today.serviceLevel); },
  });
  new Gauge({
    name: 'cc_link_up', help: '1 when the link to Asterisk (ari, ami) or MySQL is up', labelNames: ['link'], registers: [registry],
    async collect() { for (const [link, s] of Object.entries(await d.links())) this.set({ link }, s.state === 'up' ? 1 : 0); },
  });
  new Gauge({
    name: 'cc_trunk_reachable', help: '1 when the trunk answers qualify', labelNames: ['trunk'], registers: [registry],
    collect() { this.reset(); for (const t of snapshot().trunks) this.set({ trunk: t.trunk }, t.reachable ? 1 : 0); },
  });
  new Gauge({
    name: 'cc_trunk_registered', help: '1 when the trunk\'s outbound registration is Registered', labelNames: ['trunk'], registers: [registry],
    collect() { this.reset(); for (const t of snapshot().trunks) if (t.registers) this.set({ trunk: t.trunk }, t.registration === 'Registered' ? 1 : 0); },
  });
  new Gauge({
    name: 'cc_trunk_calls', help: 'Channels up on the trunk', labelNames: ['trunk'], registers: [registry],
    collect() { this.reset(); for (const t of snapshot().trunks) this.set({ trunk: t.trunk }, t.callsUp); },
  });
  if (d.overload) {
    const overload = d.overload;
    new Gauge({
      name: 'cc_overload_shedding', help: '1 while new calls are refused for overload (SIP 503, record status 12 end reason overload)', registers: [registry],
      collect() { this.set(overload().shedding ? 1 : 0); },
    });
    new Gauge({
      name: 'cc_overload_refused_calls', help: 'New calls refused for overload since the app started', registers: [registry],
      collect() { this.set(overload().refusedTotal); },
    });
    new Gauge({
      name: 'cc_overload_input', help: 'The admission inputs at the last sample: event_loop_delay_ms, queued_ari_requests, calls_in_setup', labelNames: ['input'], registers: [registry],
      collect() {
        const s = overload().sample;
        this.set({ input: 'event_loop_delay_ms' }, s.eventLoopDelayMs);
        this.set({ input: 'queued_ari_requests' }, s.queuedAriRequests);
        this.set({ input: 'calls_in_setup' }, s.callsInSetup);
      },
    });
  }
  if (d.config) {
    const config = d.config;
    new Gauge({
      name: 'cc_config_valid', help: '1 when the app runs on the configuration the database holds; 0 when the database holds a newer, invalid one (the last good one stays in force) or none is loaded', registers: [registry],
      collect() { const c = config(); this.set(c.version !== null && c.invalidVersion === null ? 1 : 0); },
    });
    new Gauge({
      name: 'cc_config_version', help: 'Configuration versions (config_version): which="running" is in force, which="invalid" a newer one in the database that failed validation', labelNames: ['which'], registers: [registry],
      collect() {
        this.reset();
        const c = config();
        if (c.version !== null) this.set({ which: 'running' }, c.version);
        if (c.invalidVersion !== null) this.set({ which: 'invalid' }, c.invalidVersion);
      },
    });
  }
  new Gauge({
    name: 'cc_event_clients', help: 'WebSocket clients on /api/v1/events', registers: [registry],
    collect() { this.set(d.eventClients()); },
  });
  const calls = new Counter({ name: 'cc_calls_total', help: 'Ended calls by call-record status code (1-17, docs/CALL-RECORDS.md)', labelNames: ['status'], registers: [registry] });
  const waits = new Histogram({
    name: 'cc_queue_wait_seconds', help: 'Wait in the queue of calls that queued (answered or not)', labelNames: ['group'], registers: [registry],
    buckets: [5, 10, 20, 30, 60, 120, 300, 600],
  });
  const groupOf = new Map<string, string>();
  const unsubscribe = d.bus.subscribe((e) => {
    if (e.type === 'call.queued') groupOf.set(e.guid, e.group);
    if (e.type !== 'call.result') return;
    calls.inc({ status: String(e.status) });
    const group = groupOf.get(e.guid);
    groupOf.delete(e.guid);
    if (group) waits.observe({ group }, e.waitSec);
  });
  return { registry, stop: unsubscribe };
}
