/**
 * Wiring of queue callbacks into the app (issue 22): the service with its MySQL store, the
 * groups' callback settings (reloaded with the configuration), agent-first calls through the
 * Stasis application, open callbacks put back after the first configuration load, the API.
 */
import type { Acd } from '../acd/acd';
import type { AgentService } from '../agents/agent-service';
import { AgentFirstCall, type AgentFirstDeps } from '../calls/agent-first';
import { callbackRoutes } from '../api/callback-routes';
import type { ApiRoute } from '../api/route-table';
import { callbackFiguresToday, insertCallback, loadCallbackPolicies, openCallbackIdsBookedBy, openCallbacks, updateCallback } from '../db/callback-repository';
import type { Pool } from '../db/pool';
import type { Logger } from '../log/logger';
import type { LiveConfig } from '../sync/live-config';
import { CallbackService } from './callback-service';
import { NO_FIGURES, type CallbackFigures, type CallbackPolicy } from './callback-state';

export interface CallbacksWiring {
  service: CallbackService;
  routes: ApiRoute[];
  figures(): Promise<Map<string, CallbackFigures>>;
  stop(): void;
}

export function startCallbacks(d: {
  pool: Pool; log: Logger; acd: Acd; liveConfig: LiveConfig;
  /** Absent: an unreachable agent's phone is not set not ready (the ACD tries it again after its pause). */
  agents?: Pick<AgentService, 'applyIfAllowed'>;
  /** Resolved when the Stasis application exists (it is created after the service, which its calls need). */
  agentFirst: () => AgentFirstDeps;
}): CallbacksWiring {
  const log = d.log.child({ component: 'callbacks' });
  let policies: ReadonlyMap<string, CallbackPolicy> = new Map();
  const now = () => Date.now();
  const service = new CallbackService({
    acd: d.acd, log,
    policies: () => policies,
    groupExists: (g) => d.liveConfig.current?.groups.has(g) ?? false,
    ringTimeoutSec: (g) => d.liveConfig.current?.groups.get(g)?.ringTimeoutSec ?? 15,
    store: {
      insert: (r, by) => insertCallback(d.pool, r, by, now()),
      update: (r) => updateCallback(d.pool, r, now()),
      open: () => openCallbacks(d.pool),
    },
    markUnreachable: (agent) => { d.agents?.applyIfAllowed(agent, { type: 'not-ready', reason: 'unreachable' }); },
    callAgentFirst: (request, hooks) => {
      const call = new AgentFirstCall(d.agentFirst(), request, hooks);
      void call.start().catch((err) => log.error({ guid: request.guid, err: (err as Error).message }, 'agent-first call failed to start'));
      return call;
    },
  });
  let restored = false;
  d.liveConfig.onLoaded(() => {
    void loadCallbackPolicies(d.pool).then(async (p) => {
      policies = p;
      if (restored) return;
      restored = true;
      await service.restore();
    }).catch((err) => log.error({ err: (err as Error).message }, 'callback settings not loaded'));
  });
  const figures = async (): Promise<Map<string, CallbackFigures>> => {
    const midnight = new Date();
    midnight.setHours(0, 0, 0, 0);
    const withKey = [...policies].filter(([, p]) => p.key).map(([g]) => g);
    const today = await callbackFiguresToday(d.pool, withKey, midnight);
    const out = new Map<string, CallbackFigures>();
    for (const g of d.liveConfig.current?.groups.keys() ?? []) out.set(g, { ...NO_FIGURES, ...today.get(g), pending: service.pendingIn(g) });
    return out;
  };
  const routes = callbackRoutes({ service, groups: () => d.liveConfig.current?.groups ?? new Map(), figures, bookedBy: (user) => openCallbackIdsBookedBy(d.pool, user) });
  return { service, routes, figures, stop: () => service.stop() };
}
