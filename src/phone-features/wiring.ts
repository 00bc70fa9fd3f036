/** Issue 20 PBX basics in the app: the phone feature service loaded from MySQL, its API routes. */
import type { AgentService } from '../agents/agent-service';
import { phoneFeatureRoutes } from '../api/phone-feature-routes';
import type { ApiRoute } from '../api/route-table';
import type { Pool } from '../db/pool';
import { loadPhoneFeatures, savePhoneFeatures } from '../db/phone-feature-repository';
import type { Logger } from '../log/logger';
import { PhoneFeatureService } from './phone-feature-service';

export interface PhoneFeaturesRunning {
  service: PhoneFeatureService;
  routes: ApiRoute[];
  /** Reads the saved settings; MySQL away: the phones start with the defaults (logged). */
  load(): Promise<void>;
}

export function startPhoneFeatures(d: { pool: Pool; agents: AgentService; log: Logger }): PhoneFeaturesRunning {
  const service = new PhoneFeatureService({ agents: d.agents, log: d.log, save: (ext, f) => savePhoneFeatures(d.pool, ext, f) });
  return {
    service,
    routes: phoneFeatureRoutes(service, d.agents),
    async load() {
      try {
        const saved = await loadPhoneFeatures(d.pool);
        service.load(saved);
        d.log.info({ accounts: saved.size }, 'phone features loaded');
      } catch (err) {
        d.log.error({ err: (err as Error).message }, 'phone features not loaded: forwarding, DND and call waiting at their defaults');
      }
    },
  };
}
