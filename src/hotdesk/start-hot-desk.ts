/**
 * Wires hot-desking into the app (issue 19): the seated agent IDs' groups become the groups in
 * force (LiveConfig overlay), records and CTI events get the agent ID, agent IDs are re-read on
 * every configuration reload (their tables bump config_version), and the phone code and the API
 * reach the service. Every hook returns its disposer; stop() runs them.
 */
import type { AgentService } from '../agents/agent-service';
import { hotDeskRoutes } from '../api/hotdesk-routes';
import type { ApiRoute } from '../api/route-table';
import type { Pool } from '../db/pool';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../log/logger';
import type { RecordWriter } from '../records/record-writer';
import type { LiveConfig } from '../sync/live-config';
import { withAgentId } from './call-identities';
import { HotDeskService } from './hot-desk-service';

export interface HotDeskWiring {
  service: HotDeskService;
  routes: ApiRoute[];
  /** For StasisAppDeps.hotDeskLogin: the phone code `*11<agent id>*<pin>#`. */
  phoneLogin: (agentId: string, pin: string, extension: string) => Promise<boolean>;
  stop(): void;
}

export function createHotDesk(d: { pool: Pool; agents: AgentService; log: Logger; bus: EventBus; records: RecordWriter; liveConfig: LiveConfig }): HotDeskWiring {
  const log = d.log.child({ module: 'hotdesk' });
  const service = new HotDeskService({ pool: d.pool, agents: d.agents, log, publish: (e) => d.bus.publish(e) });
  const disposers = [
    d.liveConfig.useOverlay((s) => service.overlay(s)),
    d.bus.useTransform((e) => withAgentId(e, (ext, guid) => service.identityForCall(ext, guid))),
    d.records.useTransform((r) => service.enrichRecord(r)),
  ];
  let first = true;
  d.liveConfig.onLoaded(() => {
    if (first) { first = false; return; } // start() reads them once
    service.refresh().catch((err) => log.warn({ err: (err as Error).message }, 'hot-desk agent IDs not re-read; keeping the previous ones'));
  });
  return {
    service,
    routes: hotDeskRoutes(service),
    phoneLogin: async (agentId, pin, extension) => (await service.login(agentId, pin, extension, 'phone')).ok,
    stop: () => {
      for (const x of disposers.splice(0)) x();
      service.stop();
    },
  };
}
