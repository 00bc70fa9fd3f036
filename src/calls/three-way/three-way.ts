/**
 * The agent's three-way call (issue 21): on a connected call the agent adds a third party (an
 * extension, a group's ready member or an outside number, routed as the agent's phone would
 * dial it); the customer and the agent keep talking while it rings, and once it answers it joins
 * the call's bridge. The states are three-way-state.ts; these functions carry them out over ARI.
 * The third party's leg is the call's own (registered before its originate, hung up at the end).
 */
import { ifStillThere } from '../../ari/errors';
import { ARI_TRANSFER_VARS, ORIGINATED_ARG } from '../../ari/events';
import { callerIdString } from '../call-plan';
import { CallControlError, targetLabel, type TransferTarget } from '../transfer';
import type { CallSession } from '../session/call-session';
import type { ConnectedPhase, Offer } from '../session/types';
import { directCall, endCallForAgent, keyReader, logCompletion, tagCall } from '../session/talk';
import { screenPop } from '../session/offers';
import { resolve } from '../transfer/transfer-ops';
import { bindLeg, countLeg, releaseCount } from '../session/leg-counts';
import { THREE_WAY_IDLE, threeWayTransition, ThreeWayStateError, type ThreeWayEvent, type ThreeWayState } from './three-way-state';

/** The third party of a connected call (ConnectedPhase.party). */
export interface ThirdParty {
  state: ThreeWayState;
  offer: Offer;
}

/** Refuses a command that would disturb a three-way call (hold, transfer, take over). */
export function assertNoThirdParty(phase: ConnectedPhase, what: string): void {
  if (phase.party) throw new CallControlError('wrong-state', `a third party is on the call (${phase.party.state.name}): drop it before ${what}`);
}

/** One transition, one log line, one call.conference event; a refused event is a CallControlError. */
function move(s: CallSession, phase: ConnectedPhase, event: ThreeWayEvent): ThreeWayState {
  const from = phase.party?.state ?? THREE_WAY_IDLE;
  let next;
  try {
    next = threeWayTransition(from, event);
  } catch (err) {
    if (err instanceof ThreeWayStateError) throw new CallControlError('wrong-state', err.message);
    throw err;
  }
  s.log.info(`three-way ${s.guid}: ${from.name} -[${event.type}]-> ${next.state.name}`);
  const target = next.state.target ?? from.target ?? '';
  s.events.publish({ type: 'call.conference', guid: s.guid, agent: phase.agent, target, result: next.outcome });
  return next.state;
}

/** A group's party: its first ready member by priority (not the agent itself, not in do not disturb). */
function groupMember(s: CallSession, group: string, agent: string): string {
  const cfg = s.info.groups.get(group);
  if (!cfg) throw new CallControlError('unknown-target', `no group "${group}"`);
  const member = [...cfg.members].sort((a, b) => a.priority - b.priority).map((m) => m.extension)
    .find((ext) => ext !== agent && s.deps.agents.get(ext)?.name === 'ready' && !s.deps.phoneFeatures?.get(ext).dnd);
  if (!member) throw new CallControlError('wrong-state', `nobody in group ${group} is ready`);
  return member;
}

/** Adds a third party: it rings while the customer and the agent talk on. */
export async function add(s: CallSession, target: TransferTarget): Promise<void> {
  const phase = s.connectedPhase();
  if (phase.consult || s.transfer.name !== 'idle') throw new CallControlError('wrong-state', 'a transfer or consultation is in progress: complete or cancel it first');
  if (phase.held) throw new CallControlError('wrong-state', 'the caller is held: retrieve the caller first');
  const routed = resolve(s, phase.agent, target);
  const dest = 'group' in routed ? resolve(s, phase.agent, { kind: 'extension', extension: groupMember(s, routed.group, phase.agent) }) : routed;
  if ('group' in dest) throw new CallControlError('unknown-target', `cannot reach ${targetLabel(target)}`);
  if (dest.extension === phase.agent) throw new CallControlError('unknown-target', 'an agent cannot add itself to its call');
  const state = move(s, phase, { type: 'add', target: dest.label });
  const count = dest.trunk ? countLeg(s, { trunk: dest.trunk, outboundBy: phase.agent }) : null;
  const leg = `${s.guid}-p${++s.legCount}`;
  const offer: Offer = { agent: dest.label, leg, since: Date.now(), timer: null, endedBy: null, viaAcd: false, endpoint: dest.endpoint, extension: dest.extension };
  const party: ThirdParty = { state, offer };
  phase.party = party;
  s.deps.registry.addChannel(s, leg);
  bindLeg(count, leg);
  if (dest.extension) {
    s.deps.agents.applyIfAllowed(dest.extension, { type: 'direct-ring', guid: s.guid });
    await screenPop(s, dest.extension);
  }
  try {
    await s.client().channels.originate({
      endpoint: dest.endpoint, channelId: leg, app: s.deps.app, appArgs: `${ORIGINATED_ARG},${s.guid}`, originator: phase.leg,
      // A phone sees the customer's number; a number outside sees what routing presents there.
      callerId: dest.extension ? callerIdString(s.customerNumber) : dest.callerId, timeout: dest.timeoutSec + 5, variables: { ...ARI_TRANSFER_VARS },
    });
  } catch (err) {
    s.log.warn({ target: dest.label, err: (err as Error).message }, 'third party could not be originated');
    releaseCount(s, count);
    offer.endedBy = 'withdrawn';
    return partyGone(s, phase, party);
  }
  offer.timer = s.after(dest.timeoutSec * 1000, async () => {
    offer.timer = null;
    if (offer.endedBy || phase.party !== party || party.state.name !== 'ringing') return;
    offer.endedBy = 'timeout';
    await s.hangupLeg(leg);
  });
}

/** The third party answered: it joins the customer and the agent. */
export async function answered(s: CallSession, phase: ConnectedPhase, party: ThirdParty): Promise<void> {
  s.clearOfferTimer(party.offer);
  party.state = move(s, phase, { type: 'answered' });
  if (party.offer.extension) directCall(s, party.offer.extension);
  await ifStillThere(() => s.client().bridges.addChannel({ bridgeId: phase.bridgeId, channel: [party.offer.leg] }));
}

/** The agent drops the third party (joined) or stops calling it (ringing). */
export async function drop(s: CallSession): Promise<void> {
  const phase = s.connectedPhase();
  const party = phase.party;
  if (!party) throw new CallControlError('wrong-state', 'no third party on the call');
  move(s, phase, { type: party.state.name === 'joined' ? 'drop' : 'cancel' });
  await leave(s, phase, party);
}

/** The third party's leg is gone (hung up, no answer, busy): back to a two-party call. */
export async function partyGone(s: CallSession, phase: ConnectedPhase, party: ThirdParty): Promise<void> {
  if (phase.party !== party) return;
  move(s, phase, { type: party.state.name === 'joined' ? 'party-left' : 'failed' });
  await leave(s, phase, party);
}

/**
 * The agent hung up: a ringing third party is no longer called and the agent's hang-up goes on
 * as usual (returns false); a joined one stays with the customer and serves the call (true).
 */
export async function agentLeft(s: CallSession, phase: ConnectedPhase, party: ThirdParty): Promise<boolean> {
  move(s, phase, { type: 'agent-left' });
  if (party.state.name !== 'joined') {
    await leave(s, phase, party);
    return false;
  }
  const old = phase.agent;
  s.phase = { name: 'connected', agent: party.offer.agent, leg: party.offer.leg, bridgeId: phase.bridgeId, held: false, consult: null, keys: keyReader(s) };
  s.log.info({ from: old, to: party.offer.agent }, `call ${s.guid}: connected -[agent left the three-way call]-> connected`);
  logCompletion(s, 'agent', old);
  endCallForAgent(s, old);
  if (party.offer.extension && s.deps.agents.has(party.offer.extension)) s.agent = party.offer.extension;
  s.transferred = true;
  await tagCall(s);
  return true;
}

/** At the end of the call: the third party's leg goes too. */
export async function release(s: CallSession, phase: ConnectedPhase): Promise<void> {
  const party = phase.party;
  if (!party) return;
  phase.party = null;
  await leave(s, phase, party);
}

async function leave(s: CallSession, phase: ConnectedPhase, party: ThirdParty): Promise<void> {
  if (phase.party === party) phase.party = null;
  const wasJoined = party.state.name === 'joined';
  party.state = THREE_WAY_IDLE;
  party.offer.endedBy ??= 'withdrawn';
  s.clearOfferTimer(party.offer);
  const ext = party.offer.extension;
  if (ext) {
    if (wasJoined) endCallForAgent(s, ext);
    else s.deps.agents.applyIfAllowed(ext, { type: 'offer-cancelled', guid: s.guid });
  }
  await s.hangupLeg(party.offer.leg);
}
