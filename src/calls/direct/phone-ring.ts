/**
 * A call to a local phone with the phone's PBX features (issue 20; source 001 §4.2): forwarding
 * (unconditional, busy, no answer) to an extension, a group or an outside number dialled as the
 * forwarding phone would dial it (its own rules and class of service), do not disturb, and call
 * waiting (a busy phone rings, and hears the call-waiting tone in its current call). The
 * decision is pure (decideRing); this carries it out on the call's session.
 */
import { ifStillThere } from '../../ari/errors';
import { decideRing, MAX_FORWARD_HOPS, type PhoneFeatures } from '../../phone-features/phone-features';
import { callerIdString } from '../call-plan';
import { missForReason } from '../outcome/causes';
import * as contact from '../contact/contact';
import type { CallSession } from '../session/call-session';
import { dial, type DialOptions, type DialTarget } from './direct';

/** What a session needs to know about the phones' settings. */
export interface PhoneFeatureLookup {
  get(extension: string): PhoneFeatures;
}

/** The ARI playback id of the call-waiting tone a call plays to a busy phone (tests look it up). */
export const callWaitingPlaybackId = (guid: string): string => `${guid}-cw`;

/** A direct call's targets: one local phone goes through its features, anything else is dialled as it is. */
export async function dialTargets(s: CallSession, targets: DialTarget[]): Promise<void> {
  const only = targets.length === 1 ? targets[0] : null;
  if (only?.extension && s.deps.phoneFeatures) return ringPhone(s, only, []);
  return dial(s, targets);
}

/** True when the phone has a call up or rings for one (the agent state; the calls for a logged-out agent). */
export function phoneBusy(s: CallSession, extension: string): boolean {
  const state = s.deps.agents.get(extension);
  if (state && state.name !== 'logged_out') return state.name === 'on_call' || state.name === 'ringing';
  return s.deps.registry.all().some((c) => c !== s && (c.parties?.() ?? []).some((p) => p.extension === extension));
}

/** The phone's channel in the call it is talking in (where the call-waiting tone goes). */
function talkingChannel(s: CallSession, extension: string): string | null {
  for (const c of s.deps.registry.all()) {
    if (c === s) continue;
    const snap = c.snapshot?.();
    if (!snap?.agentChannel) continue;
    if (snap.agent === extension) return snap.agentChannel;
    const callerExtension = (c as { info?: { callerExtension?: string | null } }).info?.callerExtension;
    if (callerExtension === extension && snap.callerChannel !== snap.agentChannel) return snap.callerChannel;
  }
  return null;
}

async function ringPhone(s: CallSession, target: DialTarget, path: string[]): Promise<void> {
  const extension = target.extension!;
  const features = s.deps.phoneFeatures!.get(extension);
  const d = decideRing(features, phoneBusy(s, extension));
  s.log.info(`call ${s.guid}: phone ${extension} -[${d.kind === 'ring' ? (d.callWaiting ? 'call-waiting' : 'free') : d.why}]-> ${d.kind}${d.kind === 'forward' ? ` ${d.to}` : ''}`);
  switch (d.kind) {
    case 'busy':
      s.miss = missForReason('busy');
      return s.end('system', 'busy');
    case 'forward':
      return forward(s, extension, d.to, [...path, extension]);
    case 'ring': {
      const opts: DialOptions = {};
      if (d.callWaiting) opts.settled = await callWaitingTone(s, extension);
      if (d.noAnswer) {
        const next = d.noAnswer;
        target = { ...target, timeoutSec: next.afterSec + 5 };
        opts.otherwise = { afterSec: next.afterSec, run: () => forward(s, extension, next.to, [...path, extension]) };
      }
      return dial(s, [target], opts);
    }
  }
}

/** Plays the call-waiting tone to the busy phone in its current call; returns what stops it. */
async function callWaitingTone(s: CallSession, extension: string): Promise<(() => Promise<void>) | undefined> {
  const channelId = talkingChannel(s, extension);
  if (!channelId) return undefined;
  const playbackId = callWaitingPlaybackId(s.guid);
  const started = await ifStillThere(() => s.client().channels.play({ channelId, media: 'tone:callwaiting', playbackId }))
    .catch((err) => { s.log.warn({ err: (err as Error).message }, 'call-waiting tone not played'); return false; });
  if (!started) return undefined;
  s.log.info({ agent: extension, channel: channelId }, 'call-waiting tone to the busy phone');
  return async () => { await ifStillThere(() => s.client().playbacks.stop({ playbackId })).catch(() => undefined); };
}

/**
 * Forwards the call from a phone to a number, routed as that phone would dial it: an extension
 * (whose own features apply in turn), a group's queue, a flow, or an outside number.
 */
async function forward(s: CallSession, from: string, to: string, path: string[]): Promise<void> {
  // A group's own number (agent_groups.number, as *7<number># uses it) reaches its queue even
  // where no dial rule routes it.
  const group = [...s.info.groups.values()].find((g) => g.number === to);
  const r = group ? { kind: 'group' as const, group: group.name } : s.deps.resolveNumber?.(from, to) ?? { kind: 'error' as const, error: 'no routing' };
  s.log.info({ from, to, route: r.kind, path }, 'call forwarded');
  switch (r.kind) {
    case 'error':
      s.log.warn({ from, to, error: r.error }, 'forward target refused by routing');
      return s.end('system', 'congestion');
    case 'group':
      return contact.start(s, { group: r.group });
    case 'flow':
      s.flowName = r.flow;
      return contact.start(s, { flow: r.flow });
    case 'dial':
      if (r.extension) {
        if (path.includes(r.extension) || path.length > MAX_FORWARD_HOPS) {
          s.log.warn({ path, to: r.extension }, 'forwarding loop: the call is busy');
          s.miss = missForReason('busy');
          return s.end('system', 'busy');
        }
        // The forwarded phone sees who is calling, not the phone that forwarded.
        return ringPhone(s, { endpoint: r.endpoint, extension: r.extension, callerId: callerIdString(s.customerNumber, s.info.callerName), timeoutSec: r.timeoutSec }, path);
      }
      return dial(s, [{ endpoint: r.endpoint, callerId: r.callerId, timeoutSec: r.timeoutSec, number: to, ...(r.trunk ? { trunk: r.trunk } : {}) }]);
  }
}
