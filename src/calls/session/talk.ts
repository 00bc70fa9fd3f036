/**
 * The conversation of any call: customer and agent joined in the call's one bridge, recorded,
 * tagged for adoption after a crash; hold, take over, the agent hanging up (survey or end).
 */
import { ifStillThere } from '../../ari/errors';
import { queueLog } from '../../acd/queue-log-events';
import { recordCall } from '../bridge-recording';
import { CALL_TAG_VAR, formatCallTag } from '../call-tag';
import { InCallKeys } from '../in-call-codes';
import { CallControlError } from '../transfer';
import type { CallSession } from './call-session';
import type { ConnectedPhase, Phase } from './types';
import { runFlow } from '../contact/contact';
import { assertNoThirdParty, release as releaseThirdParty } from '../three-way/three-way';

export const bridgeIdOf = (guid: string): string => `${guid}-bridge`;

/** Bridges made while the callee rang (prepareBridge) that no connect has used yet, and those still being made. */
const prepared = new WeakSet<CallSession>();
const preparing = new WeakMap<CallSession, Promise<void>>();

/**
 * Issue 18: the call's bridge is made while the callee rings, so the answer is bridged with one
 * request instead of three (answer, create, add) when the answered callee waits for it. Not
 * awaited by the dialling (the caller's ringback goes first); connect() waits for it. A bridge
 * made after the call ended is removed at once; a failure leaves it to connect().
 */
export function prepareBridge(s: CallSession): void {
  if (s.bridgeId !== null || preparing.has(s)) return;
  const bridgeId = bridgeIdOf(s.guid);
  const work = (async () => {
    try {
      await s.client().bridges.create({ type: 'mixing', bridgeId, name: s.guid });
    } catch (err) {
      s.log.debug({ err: (err as Error).message }, 'bridge not prepared; made at the answer');
      return;
    }
    if (s.phase.name === 'ended') {
      await ifStillThere(() => s.client().bridges.destroy({ bridgeId })).catch(() => undefined);
      return;
    }
    s.bridgeId = bridgeId;
    prepared.add(s);
  })().finally(() => preparing.delete(s));
  preparing.set(s, work);
}

export function keyReader(s: CallSession): InCallKeys | null {
  return s.deps.inCallCodes ? new InCallKeys(s.deps.inCallCodes) : null;
}

/** Joins the customer and the agent's answered leg; the first connect creates the bridge and starts the recording. */
export async function connect(s: CallSession, agent: string, leg: string): Promise<void> {
  const bridgeId = bridgeIdOf(s.guid);
  if (s.deps.agents.has(agent) || !s.agent) s.agent = agent;
  s.answeredAt ??= new Date();
  const before = s.phase;
  s.phase = { name: 'connected', agent, leg, bridgeId, held: false, consult: null, keys: keyReader(s) };
  s.log.info(`call ${s.guid}: ${before.name} -[answered ${agent}]-> connected`);
  if (before.name === 'queued' && s.visit) {
    s.deps.queueLog?.write(queueLog.connect(new Date(), s.guid, s.visit.group, agent, Date.now() - s.visit.at, leg, s.ringMs));
  }
  s.events.publish({ type: 'call.answered', guid: s.guid, agent, caller: s.info.caller, callee: s.info.callee });
  if (before.name === 'queued' && before.announcement) await s.media.stopPlayback(before.announcement);
  if (before.name === 'queued' || before.name === 'transferring') await s.media.stopMoh();
  const c = s.client();
  await preparing.get(s);
  // The call's first connect (the bridge new, or prepared while the callee rang) starts the recording.
  const fresh = s.bridgeId === null || prepared.delete(s);
  if (s.bridgeId === null) {
    await c.bridges.create({ type: 'mixing', bridgeId, name: s.guid });
    s.bridgeId = bridgeId;
  }
  if (!(await ifStillThere(() => c.bridges.addChannel({ bridgeId, channel: [s.customerChannel, leg] })))) return;
  s.bridged = true;
  await tagCall(s);
  const cfg = s.group ? s.info.groups.get(s.group) : null;
  const record = cfg ? cfg.recordCalls : s.info.recordDirect;
  if (fresh && record && !s.recording) {
    const rec = await recordCall(s.deps.recorder, s.customerChannel, s.guid, s.deps.recordingDir, s.log);
    if (rec) s.recording = { ...rec, kind: 'call' };
  }
  s.log.debug({ agent, recording: s.recording?.path }, 'customer connected to agent');
}

/** The agent hung up first: the customer hears the survey when the call has one, else the call ends. */
export async function agentHungUp(s: CallSession, phase: ConnectedPhase): Promise<void> {
  s.hungUpBy = s.sideOf(phase.leg);
  s.talkEndedAt = new Date();
  s.publishHangup('agent', phase.agent);
  logCompletion(s, 'agent', phase.agent);
  endCallForAgent(s, phase.agent);
  if (phase.held) await s.media.stopMoh();
  await s.destroyBridge();
  const survey = s.group ? s.info.groups.get(s.group)?.surveyFlow : s.info.direction === 'outbound' ? s.info.outboundSurvey : null;
  if (survey && s.info.flows.has(survey)) {
    s.log.info({ flow: survey }, 'agent hung up first: satisfaction survey');
    await runFlow(s, survey, 'survey');
  } else {
    await s.end(s.hungUpBy, 'normal');
  }
}

export async function hold(s: CallSession, on: boolean): Promise<void> {
  const phase = s.connectedPhase();
  if (phase.consult) throw new CallControlError('wrong-state', 'the caller is held for a consultation');
  assertNoThirdParty(phase, 'holding the caller');
  if (phase.held === on) throw new CallControlError('wrong-state', on ? 'the caller is already held' : 'the caller is not held');
  if (on) await holdCustomer(s, phase);
  else await retrieveCustomer(s, phase);
  s.events.publish({ type: 'call.hold', guid: s.guid, held: on });
}

export async function holdCustomer(s: CallSession, phase: ConnectedPhase): Promise<void> {
  if (phase.held) return;
  phase.held = true;
  await ifStillThere(() => s.client().bridges.removeChannel({ bridgeId: phase.bridgeId, channel: [s.customerChannel] }));
  await s.media.startMoh(mohClass(s));
}

export async function retrieveCustomer(s: CallSession, phase: ConnectedPhase): Promise<void> {
  if (!phase.held) return;
  phase.held = false;
  await s.media.stopMoh();
  await ifStillThere(() => s.client().bridges.addChannel({ bridgeId: phase.bridgeId, channel: [s.customerChannel] }));
}

export function mohClass(s: CallSession): string {
  return (s.group ? s.info.groups.get(s.group)?.mohClass : null) ?? 'default';
}

/** A supervisor's phone (already answered, in Stasis) replaces the agent's. */
export async function takeOver(s: CallSession, supervisor: string, channelId: string): Promise<void> {
  const phase = s.connectedPhase();
  if (phase.consult) throw new CallControlError('wrong-state', 'a consultation is in progress');
  assertNoThirdParty(phase, 'a take over');
  s.deps.registry.addChannel(s, channelId);
  const old = phase.agent;
  s.phase = { ...phase, agent: supervisor, leg: channelId, keys: keyReader(s) };
  logCompletion(s, 'agent', old);
  endCallForAgent(s, old);
  await ifStillThere(() => s.client().bridges.addChannel({ bridgeId: phase.bridgeId, channel: [channelId] }));
  await s.hangupLeg(phase.leg);
  if (s.deps.agents.has(supervisor)) s.agent = supervisor;
  directCall(s, supervisor);
  await tagCall(s);
  s.log.info({ supervisor, was: old }, 'call taken over');
  s.events.publish({ type: 'supervisor.joined', guid: s.guid, supervisor, mode: 'takeover' });
}

/** At the end: the agent side of a connected call is released. */
export async function release(s: CallSession, phase: Phase): Promise<void> {
  if (phase.name !== 'connected') return;
  s.talkEndedAt = new Date();
  logCompletion(s, s.hungUpBy === 'agent' ? 'agent' : 'caller', phase.agent);
  endCallForAgent(s, phase.agent);
  await releaseThirdParty(s, phase);
  if (phase.consult) {
    phase.consult.offer.endedBy = 'withdrawn';
    s.clearOfferTimer(phase.consult.offer);
    await s.hangupLeg(phase.consult.offer.leg);
  }
  await s.hangupLeg(phase.leg);
}

/** Leaves the call's facts on the customer's channel, so an app started after a crash can finish the call (O3). */
export async function tagCall(s: CallSession): Promise<void> {
  const p = s.phase;
  if (p.name !== 'connected') return;
  const value = formatCallTag({
    guid: s.guid, direction: s.info.direction, caller: s.info.caller, callee: s.info.callee, agent: s.agent ?? p.agent,
    group: s.group, startedAt: s.startedAt.getTime(), answeredAt: (s.answeredAt ?? new Date()).getTime(),
  });
  await ifStillThere(() => s.client().channels.setChannelVar({ channelId: s.customerChannel, variable: CALL_TAG_VAR, value }));
}

export function logCompletion(s: CallSession, by: 'caller' | 'agent', agent: string): void {
  if (!s.visit || !s.answeredAt) return;
  const holdMs = s.answeredAt.getTime() - s.visit.at;
  const talkMs = (s.talkEndedAt ?? new Date()).getTime() - s.answeredAt.getTime();
  s.deps.queueLog?.write(queueLog.complete(new Date(), s.guid, s.visit.group, agent, by, holdMs, talkMs, s.visit.position));
}

/** An agent takes a call the ACD did not offer (direct call, pickup, transfer target). */
export function directCall(s: CallSession, agent: string, outbound = false): void {
  s.deps.agents.applyIfAllowed(agent, { type: 'direct-call', guid: s.guid, outbound });
}

export function endCallForAgent(s: CallSession, agent: string): void {
  if (!s.deps.agents.has(agent)) return;
  const wrapUpMs = (s.group ? s.info.groups.get(s.group)?.wrapupSec ?? 0 : 0) * 1000;
  s.deps.agents.applyIfAllowed(agent, { type: 'call-ended', guid: s.guid, wrapUpMs });
  stillOnAnotherCall(s, agent);
}

/**
 * A phone that also talks on another call (it answered a call-waiting call, issue 20) stays on
 * call with that one when this call ends, so the ACD does not offer it a third.
 */
export function stillOnAnotherCall(s: CallSession, agent: string): void {
  const other = s.deps.registry.all().find((c) => c !== s && (c.parties?.() ?? []).some((p) => p.connected && p.extension === agent));
  if (other) s.deps.agents.applyIfAllowed(agent, { type: 'direct-call', guid: other.guid, outbound: false });
}
