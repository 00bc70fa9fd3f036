/**
 * A phone's own transfer key: SIP REFER. Every endpoint's channels carry
 * PJSIP_TRANSFER_HANDLING()=ari-only (pjsip_generated.conf), so Asterisk answers the REFER with
 * 202 and hands it to the app as a ChannelTransfer event instead of moving channels itself (which
 * dropped the customer). The phone is told the outcome with transfer_progress (a NOTIFY sipfrag).
 *
 * Blind (Refer-To a number): the number is routed as that phone would dial it (extension, group
 * number, 9/8 + outside number with its class of service) and the call's blind transfer runs.
 * Attended (Refer-To with Replaces, after the phone's own consult call): the far party of the
 * consult call joins the customer in the call that survives; both of the phone's channels go.
 */
import { ifStillThere } from '../../ari/errors';
import { CallControlError } from '../transfer';
import type { CallSession } from '../session/call-session';
import type { ConnectedPhase } from '../session/types';
import { directCall, endCallForAgent, logCompletion, retrieveCustomer, tagCall } from '../session/talk';
import { blind, resolve } from './transfer-ops';
import { referDestination, targetFromRoute } from './targets';

interface ChannelRef { id: string; name?: string }

/** The parts of ARI's ChannelTransfer event the app reads. */
export interface ReferEvent {
  refer_to: {
    requested_destination: { destination?: string; protocol_id?: string };
    destination_channel?: ChannelRef;
    connected_channel?: ChannelRef;
  };
  referred_by: { source_channel: ChannelRef; connected_channel?: ChannelRef };
}

/** A party moving between calls in an attended REFER. */
export interface Party { channel: string; extension: string | null; label: string }

type Progress = 'channel_answered' | 'channel_declined' | 'channel_unavailable' | 'channel_progress';

async function tell(s: CallSession, channelId: string, states: Progress): Promise<void> {
  const channels = s.client().channels as unknown as { transfer_progress(p: { channelId: string; states: string }): Promise<void> };
  await ifStillThere(() => channels.transfer_progress({ channelId, states })).catch((err) => s.log.warn({ err: (err as Error).message }, 'transfer progress not sent'));
}

/** The referring phone becomes the agent side of the call (an internal caller may transfer too). */
function referrerSide(s: CallSession, channelId: string): ConnectedPhase | null {
  const phase = s.phase;
  if (phase.name !== 'connected' || !s.bridged) return null;
  if (phase.leg === channelId) return phase;
  if (s.customerChannel === channelId && channelId === s.info.callerChannel && s.info.callerExtension) {
    // 1001 called 1002 and 1001 transfers: 1002 stays and is transferred, 1001 leaves.
    s.log.info({ referrer: s.info.callerExtension, stays: phase.agent }, 'the caller transfers: roles swap');
    endCallForAgent(s, phase.agent);
    s.customerChannel = phase.leg;
    phase.leg = channelId;
    phase.agent = s.info.callerExtension;
    if (s.deps.agents.has(phase.agent)) s.agent = phase.agent;
    return phase;
  }
  return null;
}

export async function onRefer(s: CallSession, channelId: string, e: ReferEvent): Promise<void> {
  const wanted = e.refer_to.requested_destination;
  s.log.info({ channel: channelId, destination: wanted.destination ?? null, replaces: wanted.protocol_id ?? null }, 'REFER from a phone');
  try {
    if (wanted.protocol_id || e.refer_to.destination_channel) return await attended(s, channelId, e);
    const number = referDestination(wanted.destination ?? '');
    if (!number) throw new CallControlError('unknown-target', `cannot transfer to "${wanted.destination ?? ''}"`);
    if (s.transfer.name !== 'idle') throw new CallControlError('wrong-state', 'a transfer is already in progress');
    const phase = referrerSide(s, channelId);
    if (!phase) throw new CallControlError('wrong-state', 'only a phone talking on the call can transfer it');
    // Validate first: a refused target leaves the call as it was and the phone is told so.
    const route = s.deps.resolveNumber?.(phase.agent, number) ?? { kind: 'error' as const, error: 'no routing' };
    const target = targetFromRoute(number, route);
    resolve(s, phase.agent, target);
    await tell(s, channelId, 'channel_answered');
    await blind(s, phase, target);
  } catch (err) {
    if (!(err instanceof CallControlError)) throw err;
    s.log.info({ why: err.message }, 'REFER refused');
    await tell(s, channelId, err.code === 'unknown-target' ? 'channel_unavailable' : 'channel_declined');
  }
}

/**
 * Attended: the phone talks on two channels, X (REFER received here) and Y (named by Replaces),
 * each in its own call. The call in which the phone serves a customer survives (a contact-center
 * call first, then the older); the far party of the other call replaces the phone in it.
 */
async function attended(s: CallSession, channelId: string, e: ReferEvent): Promise<void> {
  const other = e.refer_to.destination_channel?.id;
  const otherCall = other ? s.deps.registry.byChannelId(other) : undefined;
  if (!other || !otherCall || otherCall === s || !('onTransferRequest' in otherCall)) {
    throw new CallControlError('unknown-target', 'the call to replace is not one of ours');
  }
  const o = otherCall as unknown as CallSession;
  const mine = s.phase.name === 'connected' && s.bridged ? s.phase : null;
  const theirs = o.phase.name === 'connected' && o.bridged ? o.phase : null;
  if (!mine || !theirs) throw new CallControlError('wrong-state', 'both calls must be connected');
  const survivorIsMine = s.group !== null || (o.group === null && s.startedAt <= o.startedAt);
  const [keep, keepPhone, givePhone] = survivorIsMine ? [s, channelId, other] : [o, other, channelId];
  if (keep === s) {
    const phase = referrerSide(s, keepPhone);
    if (!phase) throw new CallControlError('wrong-state', 'the phone is not talking on this call');
    const party = await handOver(o, givePhone);
    if (!party) throw new CallControlError('wrong-state', 'the consulted party is gone');
    await tell(s, channelId, 'channel_answered');
    await join(s, phase, party);
  } else {
    // The surviving call is the other one: it carries the transfer out on its own queue.
    await tell(s, channelId, 'channel_answered');
    const party = await handOverNow(s, givePhone);
    if (!party) return;
    await adoptParty(o, keepPhone, party);
  }
}

/** In the surviving call: the party replaces the transferring phone, the customer is retrieved. */
export async function join(s: CallSession, phase: ConnectedPhase, party: Party): Promise<void> {
  const old = phase.agent;
  const oldLeg = phase.leg;
  s.deps.registry.addChannel(s, party.channel);
  logCompletion(s, 'agent', old);
  endCallForAgent(s, old);
  phase.agent = party.label;
  phase.leg = party.channel;
  phase.consult = null;
  if (party.extension && s.deps.agents.has(party.extension)) s.agent = party.extension;
  if (party.extension) directCall(s, party.extension);
  await ifStillThere(() => s.client().bridges.addChannel({ bridgeId: phase.bridgeId, channel: [party.channel] }));
  await retrieveCustomer(s, phase);
  await s.hangupLeg(oldLeg);
  s.transferred = true;
  s.events.publish({ type: 'call.transfer', guid: s.guid, mode: 'attended', target: party.label, result: 'completed', agent: s.agent });
  s.log.info({ from: old, to: party.label }, 'attended transfer (REFER with Replaces) completed');
  await tagCall(s);
}

/** The other call's side of an attended REFER, on this call's queue. */
export async function adoptReferred(s: CallSession, phoneChannel: string, party: Party): Promise<void> {
  const phase = referrerSide(s, phoneChannel);
  if (!phase) {
    s.log.warn({ party: party.label }, 'attended REFER: the phone left this call meanwhile; the party is hung up');
    await ifStillThere(() => s.client().channels.hangup({ channelId: party.channel }));
    return;
  }
  await join(s, phase, party);
}

/** Gives a call's far party to another call, on that call's queue (see handOverNow). */
function handOver(s: CallSession, phoneChannel: string): Promise<Party | null> {
  return new Promise((done) => s.enqueue(async () => done(await handOverNow(s, phoneChannel)), () => done(null)));
}

/**
 * The party talking with the transferring phone leaves the call without being hung up; the call
 * ends as transferred (record 4) and the phone's channel is hung up. Only from the call's queue.
 */
async function handOverNow(s: CallSession, phoneChannel: string): Promise<Party | null> {
  const p = s.phase;
  if (p.name !== 'connected') return null;
  let party: Party;
  if (p.leg === phoneChannel) {
    const ext = s.customerChannel === s.info.callerChannel ? s.info.callerExtension : null;
    party = { channel: s.customerChannel, extension: ext, label: ext ?? s.info.callee };
  } else if (s.customerChannel === phoneChannel) {
    const ext = s.deps.agents.has(p.agent) ? p.agent : null;
    party = { channel: p.leg, extension: ext, label: p.agent };
  } else {
    return null;
  }
  s.log.info({ party: party.label }, 'party handed over to another call (attended REFER)');
  s.detached.add(party.channel);
  s.transferred = true;
  await s.destroyBridge();
  await s.end(phoneChannel === s.info.callerChannel ? 'caller' : 'agent', 'transferred');
  // The replaced dialog ends here (RFC 5589: the target side hangs it up), whoever placed it.
  await s.hangupLeg(phoneChannel);
  return party;
}

/** The party joins the surviving call in place of the phone's channel, on that call's queue. */
function adoptParty(s: CallSession, phoneChannel: string, party: Party): Promise<void> {
  return new Promise((done) => s.enqueue(async () => {
    await adoptReferred(s, phoneChannel, party);
    done();
  }, () => {
    void ifStillThere(() => s.client().channels.hangup({ channelId: party.channel })).catch(() => undefined);
    done();
  }));
}
