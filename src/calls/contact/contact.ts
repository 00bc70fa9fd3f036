/**
 * The contact-center part of a call (C1, A2-A5, C7): IVR flows, the ACD queue with overflow,
 * the survey and voicemail. The flow interpreter and agent selection are pure; these functions
 * carry their decisions out on the call's session.
 */
import { positionPrompts } from '../../acd/announcements';
import { queueLog } from '../../acd/queue-log-events';
import { FlowRunner, type FlowExit } from '../../flows/flow-runner';
import type { FlowCursor } from '../../flows/interpreter';
import type { HungUpBy } from '../../records/status';
import { CallControlError } from '../transfer';
import type { CallSession } from '../session/call-session';
import type { Phase } from '../session/types';
import { endCallForAgent, logCompletion } from '../session/talk';
import { ring } from '../session/offers';
import { ringAll } from './ring-all';
import { ifStillThere } from '../../ari/errors';
import { FLOW_CALL_FACTS, GLOBAL_VARIABLE_PREFIX, SURVEY_SCORE_VARIABLE } from '../../flows/built-in-variables';

export async function start(s: CallSession, target: { flow: string } | { group: string }): Promise<void> {
  if (!(await s.media.answer())) return;
  if ('flow' in target) {
    s.flowName = target.flow;
    await runFlow(s, target.flow, 'flow');
  } else {
    await enterQueue(s, target.group);
  }
}

export async function runFlow(s: CallSession, name: string, as: 'flow' | 'survey'): Promise<void> {
  const runner = new FlowRunner(s.media, s.info.flows, s.log, (w) => s.enqueue(w), (how, cursor) => flowExit(s, how, cursor, as));
  s.phase = { name: as, runner };
  await runner.start(name, { ...(s.deps.globals?.() ?? {}), ...s.vars, caller: s.info.caller, callee: s.info.callee, ...(s.agent ? { agent: s.agent } : {}) });
}

async function flowExit(s: CallSession, how: FlowExit, cursor: FlowCursor, as: 'flow' | 'survey'): Promise<void> {
  // The flow's variables (digits collected in the IVR) travel with the call: screen pops, later flows.
  for (const [k, v] of Object.entries(cursor.vars)) if (!(FLOW_CALL_FACTS as readonly string[]).includes(k) && !k.startsWith(GLOBAL_VARIABLE_PREFIX)) s.vars[k] = String(v);
  // Any flow may ask the survey question (the survey after an agent, or a flow the API switched to).
  const score = cursor.vars[SURVEY_SCORE_VARIABLE] ?? '';
  if (/^[1-5]$/.test(score)) s.surveyScore = Number(score);
  if (as === 'survey') {
    s.log.info({ score: s.surveyScore }, 'survey finished');
    return s.end(s.hungUpBy ?? 'agent', 'normal');
  }
  switch (how.kind) {
    case 'queue': return enterQueue(s, how.group);
    case 'transfer':
      s.phase = { name: 'transferring', offer: null };
      return ring(s, { agent: how.extension, extension: how.extension, timeoutSec: how.timeoutSec, viaAcd: false });
    case 'voicemail': {
      const name = `vm-${s.guid}`;
      s.phase = { name: 'voicemail', recording: name };
      s.recording = { path: `${s.deps.recordingDir}/${name}.wav`, startedAt: new Date(), kind: 'voicemail' };
      if (!(await s.media.record(name, how.maxSec))) await s.end('caller', 'normal');
      return;
    }
    case 'hangup': return s.end('system', 'normal');
  }
}

export async function enterQueue(s: CallSession, group: string): Promise<void> {
  const cfg = s.info.groups.get(group);
  if (!cfg) {
    s.log.error({ group }, 'the call queues to an unknown group');
    return s.end('system', 'congestion');
  }
  if (cfg.strategy === 'ring-all' && (await ringAll(s, cfg, () => enterQueue(s, group)))) return;
  s.group = group;
  s.queuedAt ??= new Date();
  const phase: Extract<Phase, { name: 'queued' }> = { name: 'queued', group, offer: null, announcement: null };
  s.phase = phase;
  s.deps.acd.enqueue(s, group);
  s.visit = { group, at: Date.now(), position: s.deps.acd.position(s.guid) || 1 };
  s.deps.queueLog?.write(queueLog.enter(new Date(), s.guid, group, s.info.caller, s.visit.position));
  s.events.publish({ type: 'call.queued', guid: s.guid, group, position: s.visit.position });
  // A4: announce the position only to a caller who has to wait; music follows the announcement.
  if (cfg.announcePosition && s.deps.acd.isWaiting(s.guid)) {
    phase.announcement = await s.media.play(positionPrompts(s.deps.acd.position(s.guid)), 'en');
    if (phase.announcement) return;
  }
  await s.media.startMoh(cfg.mohClass);
}

export async function overflow(s: CallSession): Promise<void> {
  if (s.phase.name !== 'queued') return;
  const cfg = s.info.groups.get(s.phase.group);
  if (s.visit) s.deps.queueLog?.write(queueLog.exitWithTimeout(new Date(), s.guid, s.visit.group, 1, s.visit.position, Date.now() - s.visit.at));
  if (cfg?.overflowGroup) {
    s.log.info({ from: s.phase.group, to: cfg.overflowGroup }, 'overflow to another group');
    await enterQueue(s, cfg.overflowGroup);
  } else if (cfg?.overflowFlow) {
    await s.media.stopMoh();
    await runFlow(s, cfg.overflowFlow, 'flow');
  } else {
    await s.end('system', 'no_answer');
  }
}

/** Sends the customer into another flow, from wherever the call is (an agent talking is released). */
export async function switchFlow(s: CallSession, flow: string): Promise<void> {
  if (!s.info.flows.has(flow)) throw new CallControlError('unknown-target', `no flow "${flow}"`);
  const phase = s.phase;
  switch (phase.name) {
    case 'flow': case 'survey': phase.runner.stop(); break;
    case 'queued': case 'transferring': {
      await releaseOffer(s, phase);
      if (phase.name === 'queued' && phase.announcement) await s.media.stopPlayback(phase.announcement);
      await s.media.stopMoh();
      break;
    }
    case 'connected': {
      if (phase.consult || s.transfer.name !== 'idle') throw new CallControlError('wrong-state', 'a consultation is in progress');
      s.phase = { name: 'transferring', offer: null };
      s.talkEndedAt = new Date();
      logCompletion(s, 'agent', phase.agent);
      endCallForAgent(s, phase.agent);
      if (phase.held) await s.media.stopMoh();
      else await ifStillThere(() => s.client().bridges.removeChannel({ bridgeId: phase.bridgeId, channel: [s.customerChannel] }));
      await s.hangupLeg(phase.leg);
      break;
    }
    default: throw new CallControlError('wrong-state', `a call in phase ${phase.name} cannot switch flows`);
  }
  s.flowName = flow;
  s.log.info({ flow }, 'switched to another flow');
  await runFlow(s, flow, 'flow');
}

/** Leaves the queue and stops the phone ringing for the call, if any. */
export async function releaseOffer(s: CallSession, phase: Extract<Phase, { name: 'queued' | 'transferring' }>): Promise<void> {
  s.deps.acd.leave(s.guid);
  const offer = phase.offer;
  if (!offer || offer.endedBy) return;
  offer.endedBy = 'withdrawn';
  s.clearOfferTimer(offer);
  if (offer.viaAcd) s.deps.acd.offerResult(s.guid, offer.agent, 'cancelled', Date.now() - offer.since);
  else if (offer.extension) s.deps.agents.applyIfAllowed(offer.extension, { type: 'offer-cancelled', guid: s.guid });
  await s.hangupLeg(offer.leg);
}

/** At the end: flows stop, the queue entry goes (abandon logged), a ringing phone stops. */
export async function release(s: CallSession, phase: Phase, by: HungUpBy): Promise<void> {
  switch (phase.name) {
    case 'flow': case 'survey': phase.runner.stop(); break;
    case 'queued': case 'transferring':
      if (phase.name === 'queued' && s.visit && by === 'caller') {
        s.deps.queueLog?.write(queueLog.abandon(new Date(), s.guid, s.visit.group, s.deps.acd.position(s.guid) || 1, s.visit.position, Date.now() - s.visit.at));
      }
      if (phase.offer && !phase.offer.endedBy) s.ringingAtEnd = true;
      await releaseOffer(s, phase);
      break;
  }
}
