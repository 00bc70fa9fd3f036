/**
 * Ringing one phone or number for the customer (an ACD offer, a flow's transfer node, a blind
 * transfer's target, the agent a failed transfer returns to) and what its leg does next.
 * Every phone rung gets the screen pop (call.ringing with the customer row and the call's variables).
 */
import type { OfferResult } from '../../acd/acd';
import { isAllocationFailure, ifStillThere } from '../../ari/errors';
import { ARI_TRANSFER_VARS, ORIGINATED_ARG } from '../../ari/events';
import { queueLog } from '../../acd/queue-log-events';
import { callerIdString } from '../call-plan';
import { missForOffer, offerResultForCause } from '../outcome/causes';
import type { RingingLeg } from '../registry';
import type { CallSession } from './call-session';
import type { Offer } from './types';
import { connect, directCall, agentHungUp } from './talk';
import * as transfer from '../transfer/transfer-ops';
import * as direct from '../direct/direct';
import * as threeWay from '../three-way/three-way';
import { bindLeg, releaseCount, type LegCount } from './leg-counts';

export interface RingRequest {
  /** Who is rung, as reports show it: an extension or a number. */
  agent: string;
  extension: string | null;
  timeoutSec: number;
  viaAcd: boolean;
  endpoint?: string;
  /** What the rung party sees; default: the customer's number and name. */
  callerId?: string;
  /** An outside target's count against the limits, taken when it was routed (leg-counts.ts). */
  count?: LegCount | null;
}

export function currentOffer(s: CallSession): Offer | null {
  return s.phase.name === 'queued' || s.phase.name === 'transferring' ? s.phase.offer : null;
}

/** The screen pop: a phone rings for this call. */
export async function screenPop(s: CallSession, extension: string): Promise<void> {
  s.events.publish({
    type: 'call.ringing', guid: s.guid, agent: extension, caller: s.customerNumber, callee: s.info.callee,
    group: s.phase.name === 'queued' ? s.phase.group : s.group, customer: await s.customer,
    ...(Object.keys(s.vars).length ? { variables: { ...s.vars } } : {}),
  });
}

export async function ring(s: CallSession, r: RingRequest): Promise<void> {
  const phase = s.phase;
  if ((phase.name !== 'queued' && phase.name !== 'transferring') || phase.offer) {
    if (r.viaAcd) s.deps.acd.offerResult(s.guid, r.agent, 'cancelled', 0);
    releaseCount(s, r.count ?? null);
    return;
  }
  const leg = `${s.guid}-a${++s.legCount}`;
  const offer: Offer = { agent: r.agent, leg, since: Date.now(), timer: null, endedBy: null, viaAcd: r.viaAcd, endpoint: r.endpoint, extension: r.extension };
  phase.offer = offer;
  s.deps.registry.addChannel(s, leg);
  bindLeg(r.count ?? null, leg);
  if (r.extension) {
    if (!r.viaAcd) s.deps.agents.applyIfAllowed(r.extension, { type: 'direct-ring', guid: s.guid });
    await screenPop(s, r.extension);
  }
  try {
    await s.client().channels.originate({
      endpoint: r.endpoint ?? `PJSIP/${r.agent}`, channelId: leg, app: s.deps.app, appArgs: `${ORIGINATED_ARG},${s.guid}`,
      callerId: r.callerId ?? (s.customerChannel === s.info.callerChannel ? callerIdString(s.info.caller, s.info.callerName) : callerIdString(s.customerNumber)), timeout: r.timeoutSec + 5, originator: s.customerChannel, variables: { ...ARI_TRANSFER_VARS },
    });
  } catch (err) {
    // A phone without a registered contact is unreachable; any other failure (ARI trouble)
    // is not the phone's fault: the agent stays ready and is tried again after a pause.
    s.log.warn({ agent: r.agent, err: (err as Error).message }, 'leg could not be originated');
    releaseCount(s, r.count ?? null);
    phase.offer = null;
    return offerEnded(s, offer, isAllocationFailure(err) ? 'unreachable' : 'rejected');
  }
  offer.timer = s.after(r.timeoutSec * 1000, async () => {
    offer.timer = null;
    if (offer.endedBy) return;
    offer.endedBy = 'timeout';
    await s.hangupLeg(leg);
  });
}

export async function withdraw(s: CallSession, agent: string): Promise<void> {
  const offer = currentOffer(s);
  if (!offer || offer.agent !== agent || offer.endedBy) return;
  offer.endedBy = 'withdrawn';
  await s.hangupLeg(offer.leg);
}

export async function legAnswered(s: CallSession, leg: string): Promise<void> {
  const phase = s.phase;
  if (phase.name === 'dialling') return direct.legAnswered(s, leg);
  if (phase.name === 'connected' && phase.consult?.offer.leg === leg && !phase.consult.offer.endedBy) return transfer.consultAnswered(s, phase, phase.consult);
  if (phase.name === 'connected' && phase.party?.offer.leg === leg && !phase.party.offer.endedBy) return threeWay.answered(s, phase, phase.party);
  const offer = currentOffer(s);
  if (!offer || offer.leg !== leg || offer.endedBy) {
    await s.hangupLeg(leg); // answered too late: the call moved on
    return;
  }
  s.clearOfferTimer(offer);
  s.ringMs = Date.now() - offer.since;
  if (offer.viaAcd) s.deps.acd.offerResult(s.guid, offer.agent, 'answered', s.ringMs);
  else if (offer.extension) directCall(s, offer.extension);
  if (s.transfer.name === 'blind-ringing') {
    s.transferred = true;
    s.moveTransfer({ type: 'target-answered' });
  }
  await connect(s, offer.agent, leg);
}

export async function legGone(s: CallSession, leg: string, cause: number): Promise<void> {
  const phase = s.phase;
  if (phase.name === 'dialling') return direct.legGone(s, leg, cause);
  if (phase.name === 'connected' && phase.consult?.offer.leg === leg) return transfer.consultGone(s, phase, phase.consult, cause);
  if (phase.name === 'connected' && phase.party?.offer.leg === leg) return threeWay.partyGone(s, phase, phase.party);
  if (phase.name === 'connected' && phase.leg === leg) {
    if (phase.party && (await threeWay.agentLeft(s, phase, phase.party))) return;
    if (phase.consult) return transfer.agentLeftConsult(s, phase, phase.consult);
    if (s.transfer.name === 'dial-tone') s.moveTransfer({ type: 'agent-left' });
    return agentHungUp(s, phase);
  }
  const offer = currentOffer(s);
  if (!offer || offer.leg !== leg) return;
  s.clearOfferTimer(offer);
  if (phase.name === 'queued' || phase.name === 'transferring') phase.offer = null;
  await offerEnded(s, offer, offer.endedBy === 'withdrawn' ? 'cancelled' : offer.endedBy === 'timeout' ? 'no-answer' : offerResultForCause(cause));
}

export async function offerEnded(s: CallSession, offer: Offer, result: OfferResult | 'unreachable'): Promise<void> {
  const ringMs = Date.now() - offer.since;
  s.miss = missForOffer(result) ?? s.miss;
  s.log.info({ agent: offer.agent, result, ringMs }, 'offer ended');
  if (!offer.viaAcd && offer.extension) s.deps.agents.applyIfAllowed(offer.extension, { type: 'offer-cancelled', guid: s.guid });
  if (offer.viaAcd && result === 'no-answer' && s.visit) s.deps.queueLog?.write(queueLog.ringNoAnswer(new Date(), s.guid, s.visit.group, offer.agent, ringMs));
  if (!offer.viaAcd) {
    if (result === 'cancelled') return;
    if (s.transfer.name === 'blind-ringing') return transfer.blindTargetFailed(s);
    await s.end('system', result === 'no-answer' ? 'no_answer' : result === 'rejected' ? 'busy' : 'congestion');
    return;
  }
  if (result === 'unreachable') {
    // A phone that cannot be reached is not offered again until the agent says ready.
    s.deps.acd.offerResult(s.guid, offer.agent, 'rejected', ringMs);
    s.deps.agents.applyIfAllowed(offer.agent, { type: 'not-ready', reason: 'unreachable' });
    return;
  }
  s.deps.acd.offerResult(s.guid, offer.agent, result, ringMs);
}

/** The phone ringing for this call right now, if any (pickup, A5). */
export function ringingLeg(s: CallSession): RingingLeg | null {
  if (s.phase.name === 'dialling') {
    const o = s.phase.offers.find((x) => x.extension && !x.endedBy);
    return o ? { extension: o.extension!, group: s.group, since: o.since } : null;
  }
  const offer = currentOffer(s);
  if (!offer || offer.endedBy || !offer.extension) return null;
  return { extension: offer.extension, group: s.phase.name === 'queued' ? s.phase.group : null, since: offer.since };
}

/** Connects the picker instead of the ringing phone. Resolves false if nothing rings any more. */
export async function pickup(s: CallSession, picker: string, pickerChannel: string): Promise<boolean> {
  const from = ringingLeg(s);
  if (!from) return false;
  s.deps.registry.addChannel(s, pickerChannel);
  if (s.phase.name === 'dialling') {
    if (!(await direct.withdrawAll(s))) return false;
  } else {
    const offer = currentOffer(s)!;
    offer.endedBy = 'withdrawn';
    s.clearOfferTimer(offer);
    // Out of the queue first: cancelling the offer makes the agent ready, and the ACD would offer
    // this call (still waiting) to the next ready agent at once, racing the pickup.
    s.deps.acd.leave(s.guid);
    if (offer.viaAcd) s.deps.acd.offerResult(s.guid, offer.agent, 'cancelled', Date.now() - offer.since);
    else if (offer.extension) s.deps.agents.applyIfAllowed(offer.extension, { type: 'offer-cancelled', guid: s.guid });
    await s.hangupLeg(offer.leg);
  }
  s.ringMs = Date.now() - from.since;
  if (!(await ifStillThere(() => s.client().channels.answer({ channelId: pickerChannel })))) return false;
  if (s.customerChannel === s.info.callerChannel) await ifStillThere(() => s.client().channels.answer({ channelId: s.customerChannel }));
  directCall(s, picker);
  s.log.info({ picker, was: from.extension }, 'call picked up');
  s.events.publish({ type: 'call.pickup', guid: s.guid, picker, from: from.extension, result: 'ok' });
  await connect(s, picker, pickerChannel);
  return true;
}
