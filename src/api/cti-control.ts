/**
 * Wiring of the supervisor, click-to-call and conference commands (C5, C6, T3): one factory so
 * app.ts adds a single line. Each route file stays independent of the others.
 */
import type { Client } from 'ari-client';
import type { StasisApp } from '../ari/stasis-app';
import type { CallRegistry } from '../calls/registry';
import { Conferences } from '../calls/conferences';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../log/logger';
import type { LiveConfig } from '../sync/live-config';
import { conferenceRoutes } from './conference-routes';
import { originateRoutes } from './originate-routes';
import type { ClickToCallDeps } from '../calls/click-to-call';
import type { OriginateOptions } from '../cti/originate-options';
import type { ApiRoute } from './route-table';
import { supervisorRoutes } from './supervisor-routes';

export interface CtiControlDeps {
  ari: () => Client | null;
  registry: CallRegistry;
  app: string;
  log: Logger;
  events: EventBus;
  liveConfig: LiveConfig;
  stasis: StasisApp;
  ringTimeoutSec: number;
  agents?: ClickToCallDeps['agents'];
  /** CallerNo / HALLH of originates, read by the Stasis app (src/cti/originate-options.ts). */
  originateOptions?: OriginateOptions;
}

/** An empty conference (never joined, or every attempt failed) is dropped after this long. */
const EMPTY_CONFERENCE_MS = 120_000;

export function ctiControlRoutes(d: CtiControlDeps): ApiRoute[] {
  const conferences = new Conferences({ ari: d.ari, registry: d.registry, app: d.app, log: d.log, events: d.events, emptyTimeoutMs: EMPTY_CONFERENCE_MS });
  const isAccount = (ext: string) => d.liveConfig.current?.accounts.get(ext)?.enabled === true;
  // Conference parties are routed like everything else: trunk states, call counts, round-robin and limits.
  const resolve = (from: string, number: string) => d.stasis.resolveTarget(from, number);
  return [
    ...supervisorRoutes({ ari: d.ari, registry: d.registry, app: d.app, log: d.log, events: d.events, isAccount, ringTimeoutSec: d.ringTimeoutSec }),
    ...originateRoutes({ ari: d.ari, registry: d.registry, app: d.app, log: d.log, events: d.events, context: 'callcenter-in', isAccount, ringTimeoutSec: d.ringTimeoutSec, agents: d.agents, options: d.originateOptions }),
    ...conferenceRoutes({ conferences, isAccount, resolve, countCall: (use) => d.stasis.trunkStates.callStarted(use), ringTimeoutSec: d.ringTimeoutSec }),
  ];
}
