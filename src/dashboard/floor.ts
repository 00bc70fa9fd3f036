/**
 * The live floor (T4): agents, groups, trunks and channels in one snapshot, for the dashboard
 * page, GET /api/v1/statistics and /metrics. Agents and queues come from the app itself (agent
 * service, ACD, call registry and the CTI events); trunks and channels from AMI and the ARI
 * endpoint states.
 */
import type { Acd } from '../acd/acd';
import type { AgentService } from '../agents/agent-service';
import type { CallRegistry } from '../calls/registry';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../log/logger';
import type { LiveConfig } from '../sync/live-config';
import type { Pool } from '../db/pool';
import { loadTodaysQueueCalls } from '../db/floor-repository';
import type { AmiFloor } from './ami-floor';
import { CHART_INTERVALS, FloorToday, dayOf, type ChartInterval } from './floor-today';

export interface FloorDeps {
  agents: AgentService;
  acd: Acd;
  registry: CallRegistry;
  bus: EventBus;
  liveConfig: LiveConfig;
  ami: AmiFloor;
  endpointStates: ReadonlyMap<string, string>;
  pool: Pool;
  log: Logger;
  serviceLevelSec: number;
  /** The service level to reach (%), for the page's colours and the chart's target line. */
  serviceLevelTargetPct?: number;
  now?: () => number;
}

export class Floor {
  readonly today: FloorToday;
  private readonly now: () => number;
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: FloorDeps) {
    this.now = deps.now ?? Date.now;
    this.today = new FloorToday(deps.serviceLevelSec, this.now());
    this.unsubscribe = deps.bus.subscribe((e) => this.today.apply(e, this.now()));
  }

  /** Loads today's counters from the call records (a restart does not zero them). */
  async load(): Promise<void> {
    try {
      for (const c of await loadTodaysQueueCalls(this.deps.pool)) this.today.count(c.group, c.status, c.waitSec, c.endedAt);
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message }, 'today\'s figures not loaded; the dashboard counts from now');
    }
  }

  stop(): void {
    this.unsubscribe();
  }

  snapshot() {
    const now = this.now();
    const calls = this.deps.registry.all().flatMap((c) => (c.snapshot ? [c.snapshot()] : []));
    const callOf = new Map(calls.filter((c) => c.agent).map((c) => [c.agent!, c]));
    const agents = this.deps.agents.all().map(([agent, s]) => {
      const call = s.callGuid ? calls.find((c) => c.guid === s.callGuid) : callOf.get(agent);
      return {
        agent, state: s.name, reason: s.reason, since: new Date(s.since).toISOString(), secondsInState: Math.max(0, Math.round((now - s.since) / 1000)),
        call: call ? { guid: call.guid, caller: call.caller, callee: call.callee, state: call.state } : null,
      };
    }).sort((a, b) => a.agent.localeCompare(b.agent, 'en', { numeric: true }));
    const live = this.deps.liveConfig.current;
    const groups = [...(live?.groups.values() ?? [])].map((g) => ({
      group: g.name, number: g.number, ...this.deps.acd.queueSummary(g.name), today: this.today.get(g.name, now),
      agentsReady: g.members.filter((m) => this.deps.agents.get(m.extension)?.name === 'ready').length,
    }));
    const trunks = (live?.telephony.trunks ?? []).map((t) => ({
      trunk: t.name, enabled: t.enabled, registers: t.register,
      registration: t.register ? this.deps.ami.registrations.get(t.name) ?? 'Unknown' : null,
      reachable: (this.deps.endpointStates.get(t.name) ?? 'unknown') !== 'offline' && this.deps.endpointStates.has(t.name),
      callsUp: this.deps.ami.callsOn(t.name),
    }));
    const channels = [...this.deps.ami.channels.values()].map((c) => ({ ...c, since: new Date(c.since).toISOString(), seconds: Math.round((now - c.since) / 1000) }));
    // lastSeq: a page that loaded this snapshot follows /api/v1/events?since=lastSeq and misses nothing.
    return { at: new Date(now).toISOString(), lastSeq: this.deps.bus.lastSeq, agents, groups, trunks, channels, calls, serviceLevelSec: this.deps.serviceLevelSec, serviceLevelTargetPct: this.deps.serviceLevelTargetPct ?? 80 };
  }

  /** Today's intervals per group for the dashboard's charts (GET /api/v1/dashboard/intervals). */
  intervals(interval: ChartInterval) {
    const now = this.now();
    const groups = [...(this.deps.liveConfig.current?.groups.values() ?? [])].map((g) => ({
      group: g.name, intervals: this.today.intervals(g.name, CHART_INTERVALS[interval], now),
    }));
    return { at: new Date(now).toISOString(), day: dayOf(now), interval, minutes: CHART_INTERVALS[interval], serviceLevelSec: this.deps.serviceLevelSec, serviceLevelTargetPct: this.deps.serviceLevelTargetPct ?? 80, groups };
  }

  /** The source's statistics query (获取统计信息), compact. */
  statistics() {
    const s = this.snapshot();
    const byState: Record<string, number> = {};
    for (const a of s.agents) byState[a.state] = (byState[a.state] ?? 0) + 1;
    return {
      at: s.at, agents: { total: s.agents.length, byState }, callsInProgress: s.calls.length,
      groups: s.groups.map((g) => ({ group: g.group, waiting: g.waiting, longestWaitSec: g.longestWaitSec, agentsReady: g.agentsReady, ...g.today })),
      trunks: s.trunks, channelsUp: s.channels.length,
    };
  }
}
