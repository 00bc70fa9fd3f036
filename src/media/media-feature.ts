/**
 * The media feature wired in one place (issue 19): recordings and fax files over HTTP, uploaded
 * prompts (sox), voicemail mailboxes and the phones' message-waiting lamps. app.ts calls it
 * once and adds its routes; stop() ends its timer and its event subscription.
 */
import type { AmiLink } from '../ami/connection';
import type { ApiRoute } from '../api/route-table';
import { mediaRoutes } from '../api/media-routes';
import { voicemailRoutes } from '../api/voicemail-routes';
import { FAX_CONVERTED_DIR, FAX_IN_DIR, FAX_OUT_DIR } from '../asterisk/site-config';
import type { Pool } from '../db/pool';
import { mailboxCounts } from '../db/voicemail-repository';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../log/logger';
import type { LiveConfig } from '../sync/live-config';
import { CallStatus } from '../records/status';
import { MwiNotifier } from './mwi-notifier';
import { PromptStore } from './prompt-store';

export interface MediaFeatureDeps {
  pool: Pool;
  liveConfig: LiveConfig;
  ami: AmiLink;
  bus: EventBus;
  log: Logger;
  /** Asterisk's state folder as Asterisk sees it (paths in rows) and as this process sees it. */
  asteriskVarDir: string;
  hostVarDir: string;
}

export function startMedia(d: MediaFeatureDeps): { routes: ApiRoute[]; stop: () => void } {
  const groupsOf = (ext: string): string[] =>
    [...(d.liveConfig.current?.groups.values() ?? [])].filter((g) => g.members.some((m) => m.extension === ext)).map((g) => g.name);
  const mwi = new MwiNotifier({
    counts: () => mailboxCounts(d.pool),
    extensions: () => (d.liveConfig.current?.telephony.accounts ?? []).filter((a) => a.enabled).map((a) => a.extension),
    groupsOf,
    notify: async (endpoint, variable) => {
      await d.ami.action({ action: 'PJSIPNotify', endpoint, variable });
    },
    log: d.log,
  });
  const unsubscribe = d.bus.subscribe((e) => {
    if (e.type === 'call.result' && e.status === CallStatus.VOICEMAIL) mwi.refreshSoon();
  });
  // At start, once the AMI link is up: phones with messages get their lamp.
  const onUp = (): void => mwi.refreshSoon(1000);
  d.ami.on('up', onUp);
  const prompts = new PromptStore({ dir: `${d.hostVarDir}/prompts`, sox: 'sox', timeoutMs: 60_000 });
  const routes = [
    ...mediaRoutes(d.pool, prompts, {
      recordings: `${d.hostVarDir}/spool/recording`,
      faxIn: `${d.hostVarDir}/${FAX_IN_DIR}`, faxOut: `${d.hostVarDir}/${FAX_OUT_DIR}`, faxConverted: `${d.hostVarDir}/${FAX_CONVERTED_DIR}`,
      asteriskVarDir: d.asteriskVarDir, hostVarDir: d.hostVarDir,
    }),
    ...voicemailRoutes({ pool: d.pool, recordingDir: `${d.hostVarDir}/spool/recording`, groupsOf, changed: () => mwi.refreshSoon(0), lamps: () => mwi.lamps() }),
  ];
  return {
    routes,
    stop: () => {
      unsubscribe();
      d.ami.off('up', onUp);
      mwi.stop();
    },
  };
}
