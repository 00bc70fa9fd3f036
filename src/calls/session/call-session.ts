/**
 * One call session for every kind of call (contact-center calls, internal, outbound, site2,
 * click-to-call, pickup): one ordered event queue, the legs it owns (registered before their
 * originate), one bridge named after the call, one end that runs exactly once, one record path
 * (the pure callOutcome). Features (talk.ts, offers.ts, transfer/, contact/, direct/) are
 * functions over a session, written once for every kind.
 *
 * Roles: the CUSTOMER channel is the party the call is about (the caller of a DID, the outside
 * party of an agent's outbound call); it stays to the end, hears music while held and runs the
 * survey. The AGENT side (phase connected) is the phone serving it, replaced by transfers.
 */
import type { Client } from 'ari-client';
import { connectedClient, ifStillThere } from '../../ari/errors';
import type { Customer, EventSink, HangupSide } from '../../events/cti-events';
import { NO_EVENTS } from '../../events/cti-events';
import type { Logger } from '../../log/logger';
import type { HungUpBy, MissReason } from '../../records/status';
import { CallerMedia } from '../caller-media';
import { callOutcome } from '../outcome/call-outcome';
import type { CallEventLike, CallParty, CallSnapshot, ChannelOwner, RingingLeg } from '../registry';
import { CallControlError, type TransferMode, type TransferTarget } from '../transfer';
import { IDLE, transferTransition, TransferStateError, type TransferEvent, type TransferOutcome, type TransferState } from '../transfer/transfer-state';
import type { ConnectedPhase, Offer, Phase, SessionDeps, SessionInfo } from './types';
import * as talk from './talk';
import * as offers from './offers';
import * as transfer from '../transfer/transfer-ops';
import * as contact from '../contact/contact';
import * as direct from '../direct/direct';
import { dialTargets } from '../direct/phone-ring';
import * as legCounts from './leg-counts';
import { partiesOf } from './parties';
import { onRefer, type ReferEvent } from '../transfer/refer';
import { onChannelEvent } from './channel-events';
import * as threeWay from '../three-way/three-way';
import { withAriPriority } from '../../overload/ari-priority';

/** Channel events that answer or end a leg: their work goes first even on a call not answered yet (issue 18). */
const URGENT_EVENTS = new Set(['StasisStart', 'StasisEnd', 'ChannelDestroyed']);

export class CallSession implements ChannelOwner {
  phase: Phase = { name: 'new' };
  transfer: TransferState = IDLE;
  private queue: Promise<void> = Promise.resolve();
  legCount = 0;
  readonly log: Logger;
  readonly events: EventSink;
  /** The party the call is about (see the file comment); the caller's channel until a direct call says otherwise. */
  customerChannel: string;
  /** The customer's number as phones rung for the call see it (the outside number of an agent's outbound call). */
  customerNumber: string;
  readonly startedAt = new Date();
  /** The screen-pop row, looked up once when the call arrives. */
  readonly customer: Promise<Customer | null>;
  /** The call's one mixing bridge, created on the first connect and kept to the end. */
  bridgeId: string | null = null;
  /** Customer and agent are in the bridge (the API sees "connected" from then on). */
  bridged = false;
  /** Flow variables: set through the API or collected by flows, given to every flow the call runs. */
  readonly vars: Record<string, string> = {};
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly disposers: (() => void)[] = [];
  private hangupPublished = false;
  // Facts for the call record.
  flowName: string | null = null;
  group: string | null = null;
  agent: string | null = null;
  queuedAt: Date | null = null;
  /** The current queue visit (queue_log): when and at which position it began. */
  visit: { group: string; at: number; position: number } | null = null;
  answeredAt: Date | null = null;
  talkEndedAt: Date | null = null;
  ringMs = 0;
  hungUpBy: HungUpBy | null = null;
  endReason = 'normal';
  miss: MissReason = null;
  ringingAtEnd = false;
  surveyScore: number | null = null;
  recording: { path: string; startedAt: Date; kind: 'call' | 'voicemail' } | null = null;
  transferred = false;
  retrieved = false;
  /** Who to ring again when a blind transfer is not answered. */
  returnTo: string | null = null;
  /** Queue callback: this call asked for one (20), or is an attempt to call a customer back (21, 22). */
  callback: 'requested' | 'attempt' | null = null;
  /** Channels handed to another call (attended REFER): never hung up by this one. */
  readonly detached = new Set<string>();

  constructor(readonly info: SessionInfo, readonly deps: SessionDeps) {
    this.log = deps.log.child({ guid: info.guid });
    this.events = deps.events ?? NO_EVENTS;
    this.customerChannel = info.callerChannel;
    this.customerNumber = info.caller;
    this.customer = (deps.customers?.(info.caller) ?? Promise.resolve(null)).catch(() => null);
    deps.registry.add(this, [info.callerChannel]);
    const release = deps.countCall?.({ trunk: info.trunk, outboundBy: info.direction === 'outbound' ? info.callerExtension : null });
    if (release) this.disposers.push(release);
    this.events.publish({ type: 'call.started', guid: info.guid, direction: info.direction, caller: info.caller, callee: info.callee });
  }

  get guid(): string {
    return this.info.guid;
  }

  /** Answered by someone (the IVR, an agent, the callee) or past its setup: served before new calls (issue 18). */
  get accepted(): boolean {
    return this.answeredAt !== null || (this.phase.name !== 'new' && this.phase.name !== 'dialling');
  }

  get phaseName(): Phase['name'] {
    return this.phase.name;
  }

  /** The customer channel's media (prompts, music, recordings): follows the customer role. */
  get media(): CallerMedia {
    return new CallerMedia(this.deps.ari, this.customerChannel, this.deps.promptDir);
  }

  client(): Client {
    return connectedClient(this.deps.ari);
  }

  snapshot(): CallSnapshot {
    const p = this.phase;
    const offer = offers.currentOffer(this);
    const state = p.name === 'queued' && offer && !offer.endedBy ? 'ringing'
      : p.name === 'dialling' ? (p.ringing ? 'ringing' : 'dialling')
        : p.name === 'connected' && !this.bridged ? 'answering'
          : p.name === 'connected' && p.consult ? 'consulting' : p.name === 'connected' && p.held ? 'held' : p.name;
    return {
      guid: this.guid, direction: this.info.direction, caller: this.info.caller, callee: this.info.callee, state,
      agent: p.name === 'connected' ? p.agent : offer?.agent ?? this.agent ?? this.info.callerExtension, group: this.group, trunk: this.info.trunk,
      startedAt: this.startedAt.toISOString(), answeredAt: this.answeredAt?.toISOString() ?? null, callerChannel: this.customerChannel,
      agentChannel: p.name === 'connected' ? p.leg : null, bridgeId: this.bridgeId, held: p.name === 'connected' && p.held,
    };
  }

  parties(): CallParty[] {
    return partiesOf(this);
  }

  // --- how calls start (their kind) ---

  /** A contact-center call: answers the caller (200 OK) and runs a flow or queues to a group. */
  startContact(target: { flow: string } | { group: string }): void {
    this.enqueue(() => contact.start(this, target));
  }

  /** A direct call: rings the target(s); the first to answer talks with the caller. */
  startDirect(targets: direct.DialTarget[]): void {
    this.enqueue(() => dialTargets(this, targets));
  }

  /** A call refused at routing: the caller is hung up with the reason, the record says why. */
  reject(reason: string): void {
    this.enqueue(() => this.end('system', reason));
  }

  // --- events from the dispatcher (registry) ---

  onChannelEvent(channelId: string, event: CallEventLike & { recordingName?: string }): void {
    this.enqueue(() => onChannelEvent(this, channelId, event), undefined, URGENT_EVENTS.has(event.type));
  }

  /** A phone's own transfer key (SIP REFER, PJSIP_TRANSFER_HANDLING ari-only). */
  onTransferRequest(channelId: string, refer: ReferEvent): void {
    this.enqueue(() => onRefer(this, channelId, refer));
  }

  /** Who a channel that hung up was, for the record: the caller's own channel is always "caller". */
  sideOf(channelId: string): HungUpBy {
    if (channelId === this.info.callerChannel) return 'caller';
    if (channelId === this.customerChannel) return 'callee';
    return 'agent';
  }

  // --- the ACD (QueuedCall) ---

  offer(agent: string, ringTimeoutSec: number): void {
    this.enqueue(() => offers.ring(this, { agent, extension: agent, timeoutSec: ringTimeoutSec, viaAcd: true }));
  }

  withdraw(agent: string): void {
    this.enqueue(() => offers.withdraw(this, agent));
  }

  overflow(): void {
    this.enqueue(() => contact.overflow(this));
  }

  // --- pickup (A5) ---

  ringing(): RingingLeg | null {
    return offers.ringingLeg(this);
  }

  pickup(picker: string, pickerChannel: string): Promise<boolean> {
    return new Promise((resolve) => this.enqueue(async () => resolve(await offers.pickup(this, picker, pickerChannel)), () => resolve(false)));
  }

  // --- call control (C3, C5, T3): the API, the agent's keys and REFER, on every kind of call ---

  transferTo(target: TransferTarget, mode: TransferMode): Promise<void> {
    return this.control(() => transfer.request(this, target, mode));
  }

  completeTransfer(): Promise<void> {
    return this.control(() => transfer.complete(this));
  }

  cancelTransfer(): Promise<void> {
    return this.control(() => transfer.cancel(this));
  }

  /** The agent's three-way call: add a third party, or drop it (three-way/). */
  addThirdParty(target: TransferTarget): Promise<void> {
    return this.control(() => threeWay.add(this, target));
  }

  dropThirdParty(): Promise<void> {
    return this.control(() => threeWay.drop(this));
  }

  hold(on: boolean): Promise<void> {
    return this.control(() => talk.hold(this, on));
  }

  takeOver(supervisor: string, channelId: string): Promise<void> {
    return this.control(() => talk.takeOver(this, supervisor, channelId));
  }

  setVariable(name: string, value: string): Promise<void> {
    return this.control(async () => {
      this.vars[name] = value;
      if (this.phase.name === 'flow' || this.phase.name === 'survey') this.phase.runner.setVariable(name, value);
    });
  }

  switchFlow(flow: string): Promise<void> {
    return this.control(() => contact.switchFlow(this, flow));
  }

  /** C5 force hang-up: ends the call in order with its other events, recorded as hung up by the system. */
  forceHangup(): void {
    this.enqueue(() => this.end('system', 'normal'));
  }

  // --- internals shared by the feature modules ---

  /** Moves the transfer state; one log line per transition; a refused event is a CallControlError. */
  moveTransfer(event: TransferEvent): TransferOutcome {
    const from = this.transfer;
    let next;
    try {
      next = transferTransition(from, event);
    } catch (err) {
      if (err instanceof TransferStateError) throw new CallControlError('wrong-state', err.message);
      throw err;
    }
    this.transfer = next.state;
    this.log.info(`transfer ${this.guid}: ${from.name} -[${event.type}]-> ${next.state.name}`);
    const target = event.type === 'blind' || event.type === 'consult' ? event.target : from.target;
    if (next.outcome && target) {
      this.events.publish({ type: 'call.transfer', guid: this.guid, mode: next.state.mode ?? from.mode ?? 'blind', target, result: next.outcome, agent: this.agent });
    }
    return next.outcome;
  }

  connectedPhase(): ConnectedPhase {
    if (this.phase.name !== 'connected') throw new CallControlError('wrong-state', `the call is ${this.phase.name}, not connected to an agent`);
    return this.phase;
  }

  /** A timer owned by the call: its work runs on the call's queue; the end clears it. */
  after(ms: number, work: () => Promise<void> | void): NodeJS.Timeout {
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.enqueue(async () => work());
    }, ms);
    this.timers.add(t);
    return t;
  }

  clearTimer(t: NodeJS.Timeout | null): void {
    if (!t) return;
    clearTimeout(t);
    this.timers.delete(t);
  }

  clearOfferTimer(offer: Offer): void {
    this.clearTimer(offer.timer);
    offer.timer = null;
  }

  /**
   * Channels of this call that left the app (StasisEnd, ChannelDestroyed) or that it hung up:
   * never hung up (again), which was one or two needless requests per call (issue 18).
   */
  private readonly gone = new Set<string>();

  /** A channel of this call left the app (StasisEnd, ChannelDestroyed): never hung up by it. */
  legLeft(channelId: string): void {
    this.gone.add(channelId);
  }

  async hangupLeg(leg: string, reason?: string): Promise<void> {
    if (this.detached.has(leg) || this.gone.has(leg)) return;
    await ifStillThere(() => this.client().channels.hangup({ channelId: leg, ...(reason ? { reason } : {}) }));
    this.gone.add(leg);
  }

  async destroyBridge(): Promise<void> {
    const bridgeId = this.bridgeId;
    if (!bridgeId) return;
    this.bridgeId = null;
    this.bridged = false;
    await ifStillThere(() => this.client().bridges.destroy({ bridgeId }));
  }

  publishHangup(by: HangupSide, agent: string | null): void {
    if (this.hangupPublished) return;
    this.hangupPublished = true;
    this.events.publish({ type: 'call.hungup', guid: this.guid, by, agent });
  }

  /** Runs work in order; work arriving after the end is skipped (onSkip tells a waiting caller). */
  enqueue(work: () => Promise<void>, onSkip?: () => void, urgent = false): void {
    // Issue 18: the ARI requests of a call answered by anyone go before the setup of new calls.
    const run = () => withAriPriority(urgent || this.accepted ? 'accepted' : 'new', work);
    this.queue = this.queue.then(() => (this.phase.name === 'ended' ? onSkip?.() : run())).catch(async (err) => {
      onSkip?.();
      this.log.error({ err: (err as Error).message, phase: this.phase.name }, 'call step failed; ending the call');
      await this.end('system', 'congestion').catch(() => {});
    });
  }

  private control<T>(work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => this.enqueue(async () => {
      try {
        resolve(await work());
      } catch (err) {
        reject(err);
        if (!(err instanceof CallControlError)) throw err;
      }
    }, () => reject(new CallControlError('wrong-state', 'the call has ended'))));
  }

  /** Ends the call: everything it owns is released and its record written, exactly once. */
  async end(by: HungUpBy, reason: string): Promise<void> {
    const phase = this.phase;
    if (phase.name === 'ended') return;
    this.phase = { name: 'ended' };
    this.hungUpBy ??= by;
    this.endReason = reason;
    this.log.info(`call ${this.guid}: ${phase.name} -[end ${by} ${reason}]-> ended`);
    this.publishHangup(by, phase.name === 'connected' ? phase.agent : this.agent ?? this.info.callerExtension);
    // The call leaves the registry and writes its record even when a hang-up request fails
    // (no answer from Asterisk under load): otherwise it would stay there for good.
    try {
      for (const t of this.timers) clearTimeout(t);
      this.timers.clear();
      await contact.release(this, phase, by);
      await direct.release(this, phase);
      await talk.release(this, phase);
      await this.destroyBridge();
      if (by !== 'caller' || this.customerChannel !== this.info.callerChannel) await this.hangupLeg(this.customerChannel, hangupCause(reason));
      if (this.info.callerChannel !== this.customerChannel) await this.hangupLeg(this.info.callerChannel, hangupCause(reason));
    } finally {
      this.deps.registry.remove(this);
      for (const d of this.disposers.splice(0)) d();
      legCounts.releaseAll(this);
      await this.writeRecord();
    }
  }

  private async writeRecord(): Promise<void> {
    const ms = (d: Date | null) => d?.getTime() ?? null;
    const { record, result } = callOutcome({
      guid: this.guid, direction: this.info.direction, caller: this.info.caller, callee: this.info.callee, flow: this.flowName, group: this.group,
      trunk: this.info.trunk, agent: this.agent ?? this.info.callerExtension, startedAt: this.startedAt.getTime(), queuedAt: ms(this.queuedAt),
      answeredAt: ms(this.answeredAt), talkEndedAt: ms(this.talkEndedAt), endedAt: Date.now(), ringMs: this.ringMs, hungUpBy: this.hungUpBy ?? 'system',
      endReason: this.endReason, surveyScore: this.surveyScore,
      recording: this.recording ? { path: this.recording.path, kind: this.recording.kind, startedAt: this.recording.startedAt.getTime() } : null,
      ringingAtEnd: this.ringingAtEnd, miss: this.miss, transferred: this.transferred, retrieved: this.retrieved, callback: this.callback,
    });
    this.events.publish(result);
    await this.deps.records.write(record);
  }
}

/** ARI hang-up reasons for how a call ended (what the caller's phone is told). */
function hangupCause(reason: string): string | undefined {
  return ['busy', 'congestion', 'no_answer', 'unallocated', 'rejected', 'normal'].includes(reason) ? reason : 'normal';
}
