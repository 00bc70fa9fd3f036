/**
 * Wiring of the CTI additions of issue 20 (manual 002 §3, §11, §12, §25, §27, §28, §30), so that
 * app.ts adds a few lines: originate options and global variables (given to the Stasis app),
 * then, once the Stasis app and the AMI link exist, the channel monitor, fax events, the timers'
 * call and flow actions and the routes.
 */
import { randomUUID } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import type { Client } from 'ari-client';
import type { StasisApp } from '../ari/stasis-app';
import { ClickToCall, type ClickToCallDeps } from '../calls/click-to-call';
import type { CallRegistry } from '../calls/registry';
import type { Pool } from '../db/pool';
import type { EventBus } from '../events/event-bus';
import type { FaxRecord } from '../fax/fax-record';
import type { TimerCalls, TimerService } from '../jobs/timers';
import type { Logger } from '../log/logger';
import type { LiveConfig } from '../sync/live-config';
import type { ApiRoute } from '../api/route-table';
import { ChannelMonitor } from './channel-monitor';
import { ctiRoutes } from './cti-routes';
import { FlowCall } from './flow-call';
import { GlobalVariables } from './global-variables';
import { OriginateOptions } from './originate-options';

export interface CtiDeps {
  pool: Pool;
  log: Logger;
  events: EventBus;
  registry: CallRegistry;
  ari: () => Client | null;
  liveConfig: LiveConfig;
  app: string;
  ringTimeoutSec: number;
  agents?: ClickToCallDeps['agents'];
}

export interface CtiLater {
  stasis: StasisApp;
  ami: Pick<EventEmitter, 'on' | 'off'>;
  timers: TimerService;
}

/** The event of a fax record (sent or received), as the CTI stream carries it. */
export function faxEvent(r: FaxRecord) {
  return { type: 'fax.result' as const, guid: r.guid, direction: r.direction, caller: r.caller, callee: r.callee, agent: r.agent, file: r.file, result: r.result, pages: r.pages, error: r.error };
}

export function createCti(d: CtiDeps) {
  const originateOptions = new OriginateOptions((d.ringTimeoutSec + 60) * 1000);
  const globals = new GlobalVariables(d.pool, d.log);
  const disposers: (() => void)[] = [];
  const live = () => d.liveConfig.current;
  const isAccount = (ext: string) => live()?.accounts.get(ext)?.enabled === true;

  return {
    originateOptions,
    /** For the Stasis app: what flows see of the global variables. */
    globalsForFlows: () => globals.forFlows(),
    /** A listener for fax records (FaxRecordWriter.listener). */
    onFax: (r: FaxRecord) => { d.events.publish(faxEvent(r)); },
    start: () => globals.load(),

    /** Once the Stasis app, the AMI link and the timers exist: the monitor runs, timers can call; answers the routes. */
    wire(later: CtiLater): ApiRoute[] {
      const monitor = new ChannelMonitor({
        ami: later.ami, events: d.events, log: d.log,
        endpointKind: (ep) => (live()?.accounts.has(ep) ? 'extension' : live()?.trunks.has(ep) ? 'trunk' : null),
        guidOf: (id) => d.registry.byChannelId(id)?.guid ?? null,
      });
      disposers.push(monitor.start());
      const c2c: ClickToCallDeps = { ari: d.ari, registry: d.registry, log: d.log, events: d.events, context: 'callcenter-in', app: d.app, agents: d.agents };
      const calls: TimerCalls = {
        async call(agent, number) {
          if (!isAccount(agent)) throw new Error(`no enabled SIP account ${agent}`);
          const guid = randomUUID();
          await new ClickToCall(c2c, guid, { agent, number, ringTimeoutSec: d.ringTimeoutSec }).start();
          return guid;
        },
        flow(agent, number, flow) {
          if (!live()?.flows.has(flow)) return Promise.reject(new Error(`no flow ${flow}`));
          return new FlowCall({
            ari: d.ari, registry: d.registry, app: d.app, log: d.log, events: d.events,
            resolveDial: later.stasis.resolveDial, startFlowCall: (c) => later.stasis.startFlowCall(c),
          }, agent, number, flow).start();
        },
        problems(s) {
          const out: string[] = [];
          if (s.agent && !isAccount(s.agent)) out.push(`agent: no enabled SIP account ${s.agent}`);
          if (s.action === 'flow' && s.flow && live() && !live()!.flows.has(s.flow)) out.push(`flow: no flow ${s.flow}`);
          return out;
        },
      };
      later.timers.useCalls(calls);
      return ctiRoutes({
        registry: d.registry, ari: d.ari, globals, log: d.log,
        phoneState: (ext) => monitor.phone(ext),
        extensions: () => [...(live()?.accounts.values() ?? [])].filter((a) => a.enabled).map((a) => a.extension),
      });
    },

    stop(): void {
      for (const dispose of disposers.splice(0)) dispose();
    },
  };
}
