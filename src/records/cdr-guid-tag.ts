/**
 * T1 in Asterisk's own records: when a call starts, its GUID goes into CDR(userfield) of the
 * customer's channel, so CDRs, RADIUS accounting (cdr_radius, S9) and the app's call records
 * share one key. The FastAGI fallback does the same for the calls it routes.
 */
import type { Client } from 'ari-client';
import type { CtiEvent } from '../events/cti-events';
import type { CallRegistry } from '../calls/registry';
import type { Logger } from '../log/logger';
import { ifStillThere } from '../ari/errors';

export const CDR_GUID_FIELD = 'CDR(userfield)';

/** A bus subscriber: on `call.started`, tags the call's customer channel with the GUID. */
export function cdrGuidTagger(registry: CallRegistry, ari: () => Client | null, log: Logger): (e: CtiEvent) => void {
  return (e) => {
    if (e.type !== 'call.started') return;
    // Published from inside the call's constructor: read its snapshot once that has returned.
    setImmediate(() => {
      const channelId = registry.byGuid(e.guid)?.snapshot?.().callerChannel;
      const client = ari();
      if (!channelId || !client) return;
      ifStillThere(() => client.channels.setChannelVar({ channelId, variable: CDR_GUID_FIELD, value: e.guid }))
        .catch((err) => log.warn({ guid: e.guid, err: (err as Error).message }, 'could not put the call GUID into the CDR'));
    });
  };
}
