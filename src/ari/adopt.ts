/**
 * After the app (re)connects to Asterisk, calls that lived on without it are taken back (O3):
 * a bridged call with its tag becomes an AdoptedCall (it keeps talking, its record is written
 * when it ends); a caller left alone in the app (IVR or queue when the app died) starts over as
 * a new call; a leg the app had originated for a call that is gone is hung up.
 */
import type { Client } from 'ari-client';
import { AdoptedCall, type AdoptedCallDeps } from '../calls/adopted-call';
import { CALL_TAG_VAR, parseCallTag } from '../calls/call-tag';
import { ifStillThere } from './errors';
import { ORIGINATED_ARG, type ChannelSnapshot } from './events';

export interface SurvivorDeps extends AdoptedCallDeps {
  app: string;
  /** Routes a caller again from the start, as if it had just entered Stasis from `endpoint`. */
  restart: (channel: ChannelSnapshot, endpoint: string) => void;
}

async function channelVar(client: Client, channelId: string, variable: string): Promise<string | null> {
  try {
    return (await client.channels.getChannelVar({ channelId, variable })).value ?? null;
  } catch {
    return null; // unset, or the channel just went
  }
}

export async function adoptSurvivors(client: Client, deps: SurvivorDeps): Promise<{ adopted: number; restarted: number; hungUp: number }> {
  const [bridges, channels] = await Promise.all([client.bridges.list(), client.channels.list()]);
  const taken = new Set<string>();
  const result = { adopted: 0, restarted: 0, hungUp: 0 };
  for (const b of bridges) {
    const members: string[] = Array.isArray(b.channels) ? b.channels : [b.channels];
    if (b.id !== `${b.name}-bridge` || members.length === 0) continue;
    if (members.some((id) => deps.registry.byChannelId(id))) continue; // a call of this app run
    for (const id of members) {
      const tag = parseCallTag(await channelVar(client, id, CALL_TAG_VAR));
      if (!tag) continue;
      new AdoptedCall(tag, b.id, id, [...members], deps);
      for (const c of members) taken.add(c);
      result.adopted++;
      break;
    }
  }
  for (const ch of channels as unknown as (ChannelSnapshot & { dialplan?: { app_name?: string; app_data?: string } })[]) {
    if (taken.has(ch.id) || deps.registry.byChannelId(ch.id)) continue;
    if (ch.dialplan?.app_name !== 'Stasis') continue;
    const args = (ch.dialplan.app_data ?? '').split(',');
    if (args[0] !== deps.app) continue;
    if (args[1] === ORIGINATED_ARG || args.length < 2) {
      deps.log.info({ channel: ch.id }, 'leg of a call that ended with the previous app run hung up');
      await ifStillThere(() => client.channels.hangup({ channelId: ch.id })).catch(() => undefined);
      result.hungUp++;
    } else {
      deps.log.warn({ channel: ch.id, endpoint: args[1] }, 'caller left without a call by the previous app run: routed again from the start');
      await ifStillThere(() => client.channels.stopMoh({ channelId: ch.id })).catch(() => undefined);
      deps.restart(ch, args[1]);
      result.restarted++;
    }
  }
  return result;
}
