/**
 * A direct call (internal, outbound, site2, click-to-call, a DID routed to an extension): the
 * caller's channel rings one or more targets; the first to answer talks with the caller on the
 * same session as every other call, so transfers, hold, keys, REFER, supervision and the survey
 * work here too. Roles once answered: a phone answering is the agent side and the caller the
 * customer; an outside party answering is the customer and the calling phone the agent side.
 */
import { ifStillThere } from '../../ari/errors';
import { ARI_TRANSFER_VARS, ORIGINATED_ARG } from '../../ari/events';
import { missForReason, worstReason } from '../outcome/causes';
import type { CallSession } from '../session/call-session';
import type { Offer, Phase } from '../session/types';
import { connect, directCall, prepareBridge, stillOnAnotherCall } from '../session/talk';
import { screenPop } from '../session/offers';
import { bindLeg, countLeg, releaseCount } from '../session/leg-counts';

/** extension: set when the target is a local phone (pickup, agent state, screen pop); trunk: when it goes out on one (limits, R8). */
export interface DialTarget { endpoint: string; callerId: string; timeoutSec: number; extension?: string; number?: string; trunk?: string }

/** The number an outside target is dialled with (what transfer targets see as the customer). */
const targetNumber = new WeakMap<Offer, string>();

type Dialling = Extract<Phase, { name: 'dialling' }>;

/** What a dial does besides ringing (phone features, ring-all groups: src/phone-features). */
export interface DialOptions {
  /**
   * Nobody answered within afterSec (null: the targets' own time), or every leg failed: the
   * ringing legs stop and run() decides what the call does next, instead of the call ending.
   */
  otherwise?: { afterSec: number | null; run: (why: 'no-answer' | 'failed') => Promise<void> };
  /** Runs once when the dialling is over, whichever way (answer, failure, pickup, end). */
  settled?: () => Promise<void>;
}

const dialOptions = new WeakMap<Dialling, DialOptions>();

/** The dialling is over: the settled hook runs once. */
async function settle(phase: Dialling): Promise<void> {
  const o = dialOptions.get(phase);
  const settled = o?.settled;
  if (!settled) return;
  o.settled = undefined;
  await settled();
}

/** Stops every leg still ringing (the call moves on: pickup, forward, a group's queue). */
async function stopRinging(s: CallSession, phase: Dialling): Promise<void> {
  for (const o of phase.offers) {
    o.endedBy = 'withdrawn';
    s.clearOfferTimer(o);
    if (o.extension) s.deps.agents.applyIfAllowed(o.extension, { type: 'offer-cancelled', guid: s.guid });
    await s.hangupLeg(o.leg, 'answered_elsewhere');
  }
  await settle(phase);
}

/** Originates every target; each leg is registered before its originate is sent. */
export async function dial(s: CallSession, targets: DialTarget[], opts: DialOptions = {}): Promise<void> {
  const phase: Dialling = { name: 'dialling', offers: [], failures: [], ringing: false };
  dialOptions.set(phase, opts);
  s.phase = phase;
  if (s.info.callerExtension) directCall(s, s.info.callerExtension, s.info.direction === 'outbound');
  for (const t of targets) {
    const leg = `${s.guid}-${++s.legCount}`;
    const offer: Offer = { agent: t.extension ?? t.endpoint, leg, since: Date.now(), timer: null, endedBy: null, viaAcd: false, endpoint: t.endpoint, extension: t.extension ?? null };
    s.deps.registry.addChannel(s, leg);
    phase.offers.push(offer);
    if (t.number) targetNumber.set(offer, t.number);
    // An outbound call's own trunk is counted with the call; a DID forwarded to a trunk is another outside leg.
    const count = t.trunk && s.info.direction !== 'outbound' ? countLeg(s, { trunk: t.trunk, outboundBy: null }) : null;
    bindLeg(count, leg);
    if (offer.extension) {
      s.deps.agents.applyIfAllowed(offer.extension, { type: 'direct-ring', guid: s.guid });
      void screenPop(s, offer.extension);
    }
    try {
      await s.client().channels.originate({
        endpoint: t.endpoint, channelId: leg, app: s.deps.app, appArgs: `${ORIGINATED_ARG},${s.guid}`,
        callerId: t.callerId, timeout: t.timeoutSec, originator: s.info.callerChannel, variables: { ...ARI_TRANSFER_VARS },
      });
    } catch (err) {
      s.log.warn({ endpoint: t.endpoint, err: (err as Error).message }, 'originate failed');
      releaseCount(s, count);
      phase.offers = phase.offers.filter((o) => o !== offer);
      phase.failures.push(34);
      if (offer.extension) s.deps.agents.applyIfAllowed(offer.extension, { type: 'offer-cancelled', guid: s.guid });
    }
    if (s.phase !== phase) return; // the caller hung up meanwhile
  }
  if (phase.offers.length === 0) return fail(s, phase);
  prepareBridge(s);
  const otherwise = opts.otherwise;
  if (otherwise?.afterSec) {
    phase.offers[0].timer = s.after(otherwise.afterSec * 1000, async () => {
      if (s.phase !== phase) return;
      s.log.info(`call ${s.guid}: dialling -[no-answer ${otherwise.afterSec} s]-> next`);
      await stopRinging(s, phase);
      s.phase = { name: 'new' };
      await otherwise.run('no-answer');
    });
    return;
  }
  const timeout = Math.max(...targets.map((t) => t.timeoutSec), 1);
  phase.offers[0].timer = s.after((timeout + 5) * 1000, async () => {
    if (s.phase !== phase) return;
    if (otherwise) {
      await stopRinging(s, phase);
      s.phase = { name: 'new' };
      return otherwise.run('no-answer');
    }
    s.log.info('nobody answered in time');
    s.miss = 'timeout';
    await s.end('system', 'no_answer');
  });
}

export async function legRinging(s: CallSession, leg: string): Promise<void> {
  const phase = s.phase;
  if (phase.name !== 'dialling' || phase.ringing || !phase.offers.some((o) => o.leg === leg)) return;
  phase.ringing = true;
  s.log.info(`call ${s.guid}: dialling -[leg-ringing]-> ringing`);
  await ifStillThere(() => s.client().channels.ring({ channelId: s.info.callerChannel }));
}

export async function legAnswered(s: CallSession, leg: string): Promise<void> {
  const phase = s.phase;
  if (phase.name !== 'dialling') return;
  const offer = phase.offers.find((o) => o.leg === leg);
  if (!offer) return s.hangupLeg(leg);
  for (const o of phase.offers) {
    s.clearOfferTimer(o);
    if (o === offer) continue;
    o.endedBy = 'withdrawn';
    if (o.extension) s.deps.agents.applyIfAllowed(o.extension, { type: 'offer-cancelled', guid: s.guid });
    await s.hangupLeg(o.leg, 'answered_elsewhere');
  }
  await settle(phase);
  s.ringMs = Date.now() - offer.since;
  // Joining a bridge does not answer the caller (measured): answered here, then bridged in the
  // bridge prepared while the callee rang (two requests after the answer instead of three).
  await ifStillThere(() => s.client().channels.answer({ channelId: s.info.callerChannel }));
  if (offer.extension) {
    directCall(s, offer.extension);
    return connect(s, offer.extension, leg);
  }
  // An outside party (or another site) answered: it is the customer; the calling phone serves it.
  s.customerChannel = leg;
  s.customerNumber = targetNumber.get(offer) ?? s.info.callee;
  return connect(s, s.info.callerExtension ?? s.info.caller, s.info.callerChannel);
}

export async function legGone(s: CallSession, leg: string, cause: number): Promise<void> {
  const phase = s.phase;
  if (phase.name !== 'dialling') return;
  const offer = phase.offers.find((o) => o.leg === leg);
  if (!offer) return;
  phase.offers = phase.offers.filter((o) => o !== offer);
  phase.failures.push(cause);
  if (offer.extension) s.deps.agents.applyIfAllowed(offer.extension, { type: 'offer-cancelled', guid: s.guid });
  if (phase.offers.length === 0) await fail(s, phase);
}

async function fail(s: CallSession, phase: Dialling): Promise<void> {
  const reason = phase.failures.length ? worstReason(phase.failures) : 'congestion';
  await settle(phase);
  const otherwise = dialOptions.get(phase)?.otherwise;
  if (otherwise) {
    s.log.info({ reason, causes: phase.failures }, `call ${s.guid}: dialling -[failed]-> next`);
    phase.offers.forEach((o) => s.clearOfferTimer(o));
    s.phase = { name: 'new' };
    return otherwise.run('failed');
  }
  s.miss = missForReason(reason);
  s.log.info({ reason, causes: phase.failures }, 'nobody could be reached');
  await s.end('system', reason);
}

/** Stops every ringing leg (pickup takes the call). Resolves false when nothing rings any more. */
export async function withdrawAll(s: CallSession): Promise<boolean> {
  const phase = s.phase;
  if (phase.name !== 'dialling' || phase.offers.length === 0) return false;
  s.phase = { name: 'transferring', offer: null };
  await stopRinging(s, phase);
  return true;
}

/** At the end: ringing legs stop; the calling phone leaves "on call". */
export async function release(s: CallSession, phase: Phase): Promise<void> {
  if (phase.name === 'dialling') {
    await settle(phase).catch(() => undefined);
    if (s.hungUpBy === 'caller') s.ringingAtEnd = true;
    for (const o of phase.offers) {
      o.endedBy = 'withdrawn';
      if (o.extension) s.deps.agents.applyIfAllowed(o.extension, { type: 'offer-cancelled', guid: s.guid });
      await s.hangupLeg(o.leg);
    }
  }
  const ext = s.info.callerExtension;
  if (ext && s.deps.agents.has(ext)) {
    s.deps.agents.applyIfAllowed(ext, { type: 'call-ended', guid: s.guid, wrapUpMs: 0 });
    stillOnAnotherCall(s, ext);
  }
}
