/** Wiring of the overload guard (issue 18) for src/app.ts: thresholds from config `overload`, calls in setup from the registry. */
import type { Config } from '../config';
import type { CallRegistry } from '../calls/registry';
import type { Logger } from '../log/logger';
import type { AdmissionThresholds } from './admission';
import { OverloadGuard } from './overload-guard';

export function thresholdsFrom(o: Config['overload']): AdmissionThresholds {
  return {
    maxEventLoopDelayMs: o.maxEventLoopDelayMs, maxQueuedAriRequests: o.maxQueuedAriRequests, maxCallsInSetup: o.maxCallsInSetup,
    resumeRatio: o.resumeRatio, resumeAfterMs: o.resumeAfterSec * 1000,
  };
}

/** Calls that are not answered yet: what a burst of new calls piles up (CallSession.accepted). */
export function callsInSetup(registry: CallRegistry): number {
  let n = 0;
  for (const c of registry.all()) if ((c as { accepted?: boolean }).accepted === false) n++;
  return n;
}

export function startOverloadGuard(config: Config, registry: CallRegistry, log: Logger): OverloadGuard {
  const guard = new OverloadGuard({ log, thresholds: thresholdsFrom(config.overload), callsInSetup: () => callsInSetup(registry) });
  guard.start();
  return guard;
}
