/**
 * Blind and attended transfers on any connected call (C3), driven by the API, the agent's keys
 * (*5, *6, *8) and the phone's own transfer key (REFER, refer.ts). The state lives in
 * transfer-state.ts; these functions carry its transitions out over ARI.
 */
import { ifStillThere } from '../../ari/errors';
import { ARI_TRANSFER_VARS, ORIGINATED_ARG } from '../../ari/events';
import { CallControlError, targetLabel, type TransferMode, type TransferTarget } from '../transfer';
import type { CallSession } from '../session/call-session';
import type { ConnectedPhase, Consult, Offer } from '../session/types';
import { directCall, endCallForAgent, holdCustomer, keyReader, logCompletion, mohClass, retrieveCustomer, tagCall } from '../session/talk';
import { ring } from '../session/offers';
import { enterQueue } from '../contact/contact';
import { bindLeg, countLeg, releaseCount, type LegCount } from '../session/leg-counts';
import { assertNoThirdParty } from '../three-way/three-way';

interface Destination { endpoint: string; label: string; extension: string | null; timeoutSec: number; callerId: string; trunk: string | null }

/** An outside target counts against its trunk and the transferring account from the routing decision on (leg-counts.ts). */
function countTarget(s: CallSession, dest: Destination, from: string): LegCount | null {
  return dest.trunk ? countLeg(s, { trunk: dest.trunk, outboundBy: from }) : null;
}

/** Routes the target as the transferring phone would dial it. */
export function resolve(s: CallSession, from: string, target: TransferTarget): Destination | { group: string } {
  if (target.kind === 'group') {
    if (!s.info.groups.has(target.group)) throw new CallControlError('unknown-target', `no group "${target.group}"`);
    return { group: target.group };
  }
  const number = target.kind === 'extension' ? target.extension : target.number;
  const r = s.deps.resolveNumber?.(from, number) ?? { kind: 'error' as const, error: 'transfers to numbers are not available' };
  if (r.kind === 'error') throw new CallControlError('unknown-target', `cannot transfer to ${number}: ${r.error}`);
  if (r.kind === 'flow') throw new CallControlError('unknown-target', `${number} leads to flow ${r.flow}, not to a phone, a group or an outside line`);
  if (r.kind === 'group') {
    if (!s.info.groups.has(r.group)) throw new CallControlError('unknown-target', `no group "${r.group}"`);
    return { group: r.group };
  }
  if (target.kind === 'extension' && !r.extension) throw new CallControlError('unknown-target', `${number} is not an extension`);
  return { ...r, label: r.extension ?? number };
}

export async function request(s: CallSession, target: TransferTarget, mode: TransferMode): Promise<void> {
  const phase = s.connectedPhase();
  if (phase.consult || s.transfer.name !== 'idle') throw new CallControlError('wrong-state', 'a consultation is in progress: complete or cancel it first');
  if (mode === 'attended') {
    if (target.kind === 'group') throw new CallControlError('not-supported', 'an attended transfer needs a person: transfer to a group is blind');
    return startConsult(s, phase, target);
  }
  return blind(s, phase, target);
}

export async function complete(s: CallSession): Promise<void> {
  const phase = s.connectedPhase();
  if (!phase.consult) throw new CallControlError('wrong-state', 'no transfer in progress');
  if (!phase.consult.answered) throw new CallControlError('wrong-state', 'the transfer target has not answered yet');
  await completeConsult(s, phase, phase.consult);
}

/** Ends the consultation (or a blind transfer still ringing) and returns to the customer. */
export async function cancel(s: CallSession): Promise<void> {
  const phase = s.phase;
  if (phase.name === 'connected' && phase.consult) return returnToCustomer(s, phase, phase.consult, 'cancel');
  if (phase.name === 'transferring' && s.transfer.name === 'blind-ringing' && s.returnTo && phase.offer && !phase.offer.endedBy) {
    s.moveTransfer({ type: 'cancel' });
    phase.offer.endedBy = 'withdrawn';
    s.clearOfferTimer(phase.offer);
    await s.hangupLeg(phase.offer.leg);
    phase.offer = null;
    return ringBack(s);
  }
  throw new CallControlError('wrong-state', 'no transfer in progress');
}

/** Blind: the agent leaves at once; the customer waits with music while the target rings. */
export async function blind(s: CallSession, phase: ConnectedPhase, target: TransferTarget): Promise<void> {
  assertNoThirdParty(phase, 'a transfer');
  const dest = resolve(s, phase.agent, target);
  if ('endpoint' in dest && dest.extension === phase.agent) throw new CallControlError('unknown-target', 'a call cannot be transferred to the agent who has it');
  const count = 'endpoint' in dest ? countTarget(s, dest, phase.agent) : null;
  const label = 'group' in dest ? targetLabel({ kind: 'group', group: dest.group }) : dest.label;
  s.log.info({ from: phase.agent, to: label }, 'blind transfer');
  s.moveTransfer({ type: 'blind', target: label });
  s.phase = { name: 'transferring', offer: null }; // first: the agent leg's hang-up is no longer "the agent hung up"
  logCompletion(s, 'agent', phase.agent);
  endCallForAgent(s, phase.agent);
  await stopTone(s, phase.leg);
  if (!phase.held) await ifStillThere(() => s.client().bridges.removeChannel({ bridgeId: phase.bridgeId, channel: [s.customerChannel] }));
  await s.hangupLeg(phase.leg);
  s.returnTo = s.deps.agents.has(phase.agent) ? phase.agent : null;
  if ('group' in dest) {
    if (phase.held) await s.media.stopMoh();
    s.transferred = true;
    s.moveTransfer({ type: 'target-answered' });
    return enterQueue(s, dest.group);
  }
  if (!phase.held) await s.media.startMoh(mohClass(s));
  // A phone sees the customer's number; a number outside sees what routing presents there.
  await ring(s, { agent: dest.label, extension: dest.extension, timeoutSec: dest.timeoutSec, viaAcd: false, endpoint: dest.endpoint, callerId: dest.extension ? undefined : dest.callerId, count });
}

/** Nobody took the blind transfer: back to the agent who sent it (record 17), or the call ends. */
export async function blindTargetFailed(s: CallSession): Promise<void> {
  s.moveTransfer({ type: 'target-failed' });
  if (!s.returnTo) return s.end('system', 'no_answer');
  s.log.info({ back: s.returnTo }, 'transfer not answered; ringing the transferring agent again');
  return ringBack(s);
}

async function ringBack(s: CallSession): Promise<void> {
  s.retrieved = true;
  const back = s.returnTo!;
  s.returnTo = null;
  return ring(s, { agent: back, extension: back, timeoutSec: 30, viaAcd: false });
}

export async function startConsult(s: CallSession, phase: ConnectedPhase, target: TransferTarget): Promise<void> {
  assertNoThirdParty(phase, 'a consultation');
  const dest = resolve(s, phase.agent, target);
  if ('group' in dest) throw new CallControlError('not-supported', 'an attended transfer needs a person: transfer to a group is blind');
  if (dest.extension === phase.agent) throw new CallControlError('unknown-target', 'an agent cannot consult itself');
  const count = countTarget(s, dest, phase.agent);
  s.moveTransfer({ type: 'consult', target: dest.label });
  await holdCustomer(s, phase);
  const leg = `${s.guid}-c${++s.legCount}`;
  const offer: Offer = { agent: dest.label, leg, since: Date.now(), timer: null, endedBy: null, viaAcd: false, endpoint: dest.endpoint, extension: dest.extension };
  const consult: Consult = { target: dest.label, offer, answered: false };
  phase.consult = consult;
  s.deps.registry.addChannel(s, leg);
  bindLeg(count, leg);
  try {
    await s.client().channels.originate({
      endpoint: dest.endpoint, channelId: leg, app: s.deps.app, appArgs: `${ORIGINATED_ARG},${s.guid}`,
      callerId: dest.callerId, timeout: dest.timeoutSec + 5, originator: phase.leg, variables: { ...ARI_TRANSFER_VARS },
    });
  } catch (err) {
    s.log.warn({ target: dest.label, err: (err as Error).message }, 'consult leg could not be originated');
    releaseCount(s, count);
    return returnToCustomer(s, phase, consult, 'target-failed');
  }
  await playTone(s, phase.leg, 'ring');
  offer.timer = s.after(dest.timeoutSec * 1000, async () => {
    offer.timer = null;
    if (offer.endedBy || s.phase !== phase || phase.consult !== consult || consult.answered) return;
    offer.endedBy = 'timeout';
    await s.hangupLeg(leg);
  });
}

export async function consultAnswered(s: CallSession, phase: ConnectedPhase, consult: Consult): Promise<void> {
  s.clearOfferTimer(consult.offer);
  consult.answered = true;
  s.moveTransfer({ type: 'target-answered' });
  await stopTone(s, phase.leg);
  await ifStillThere(() => s.client().bridges.addChannel({ bridgeId: phase.bridgeId, channel: [consult.offer.leg] }));
  s.log.info({ target: consult.target }, 'consult target answered');
}

export async function completeConsult(s: CallSession, phase: ConnectedPhase, consult: Consult, agentGone = false): Promise<void> {
  const old = phase.agent;
  s.log.info({ from: old, to: consult.target }, 'attended transfer completed');
  s.moveTransfer({ type: agentGone ? 'agent-left' : 'complete' });
  s.phase = { name: 'connected', agent: consult.target, leg: consult.offer.leg, bridgeId: phase.bridgeId, held: false, consult: null, keys: keyReader(s) };
  logCompletion(s, 'agent', old);
  endCallForAgent(s, old);
  if (!agentGone) {
    await stopTone(s, phase.leg);
    await s.hangupLeg(phase.leg);
  }
  await s.media.stopMoh();
  await ifStillThere(() => s.client().bridges.addChannel({ bridgeId: phase.bridgeId, channel: [s.customerChannel] }));
  if (s.deps.agents.has(consult.target)) s.agent = consult.target;
  if (consult.offer.extension) directCall(s, consult.offer.extension);
  s.transferred = true;
  await tagCall(s);
}

export async function returnToCustomer(s: CallSession, phase: ConnectedPhase, consult: Consult, why: 'cancel' | 'target-failed' | 'target-left'): Promise<void> {
  phase.consult = null;
  phase.keys?.consultEnded();
  consult.offer.endedBy ??= 'withdrawn';
  s.clearOfferTimer(consult.offer);
  s.moveTransfer({ type: why });
  await stopTone(s, phase.leg);
  await s.hangupLeg(consult.offer.leg);
  await retrieveCustomer(s, phase);
  s.retrieved = true;
  s.log.info({ target: consult.target, why }, 'consultation ended; back to the customer');
}

export async function consultGone(s: CallSession, phase: ConnectedPhase, consult: Consult, cause: number): Promise<void> {
  if (consult.offer.endedBy === 'withdrawn') return;
  s.log.info({ target: consult.target, cause, answered: consult.answered }, 'consult target left');
  await returnToCustomer(s, phase, consult, consult.answered ? 'target-left' : 'target-failed');
}

/** The agent hung up while consulting: answered target -> transfer done; ringing -> it keeps ringing (blind). */
export async function agentLeftConsult(s: CallSession, phase: ConnectedPhase, consult: Consult): Promise<void> {
  if (consult.answered) return completeConsult(s, phase, consult, true);
  s.log.info({ target: consult.target }, 'agent hung up while the consult target rings: blind transfer');
  s.moveTransfer({ type: 'agent-left' });
  s.phase = { name: 'transferring', offer: consult.offer };
  logCompletion(s, 'agent', phase.agent);
  endCallForAgent(s, phase.agent);
  s.returnTo = null;
}

const tones = new WeakMap<CallSession, Map<string, string>>();

export async function playTone(s: CallSession, leg: string, tone: 'dial' | 'ring'): Promise<void> {
  await stopTone(s, leg);
  const id = `${leg}-tone-${tone}-${Date.now()}`;
  if (await ifStillThere(() => s.client().channels.play({ channelId: leg, media: `tone:${tone}`, playbackId: id }))) {
    const m = tones.get(s) ?? new Map<string, string>();
    m.set(leg, id);
    tones.set(s, m);
  }
}

export async function stopTone(s: CallSession, leg: string): Promise<void> {
  const id = tones.get(s)?.get(leg);
  if (!id) return;
  tones.get(s)!.delete(leg);
  await ifStillThere(() => s.client().playbacks.stop({ playbackId: id }));
}
