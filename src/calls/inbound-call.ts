/**
 * A call handled by the contact center: IVR flow -> ACD queue -> agent -> survey (C1, A2-A5,
 * C4, C7, D2). One object per call, one explicit phase, every event handled in order through
 * one queue. The flow interpreter, agent selection and record status are pure; this class only
 * carries their decisions out over ARI and reports what happened.
 */
import type { Client } from 'ari-client';
import type { Acd, OfferResult, QueuedCall } from '../acd/acd';
import type { AgentService } from '../agents/agent-service';
import { connectedClient, ifStillThere, isAllocationFailure } from '../ari/errors';
import { ORIGINATED_ARG } from '../ari/events';
import type { GroupConfig } from '../db/telephony-repository';
import { FlowRunner, type FlowExit } from '../flows/flow-runner';
import type { FlowCursor, FlowSet } from '../flows/interpreter';
import type { Logger } from '../log/logger';
import type { RecordWriter } from '../records/record-writer';
import { callStatus, STATUS_TEXT, type Direction, type HungUpBy, type MissReason } from '../records/status';
import { CallerMedia } from './caller-media';
import { recordCall, type CallRecorder } from './bridge-recording';
import { positionPrompts } from '../acd/announcements';
import { queueLog } from '../acd/queue-log-events';
import type { QueueLogWriter } from '../acd/queue-log';
import { callerIdString } from './call-plan';
import type { CallRegistry, CallSnapshot, ChannelOwner, RingingLeg } from './registry';
import { InCallKeys, type InCallCodes, type InCallRequest } from './in-call-codes';
import { CALL_TAG_VAR, formatCallTag } from './call-tag';
import { CallControlError, targetLabel, type ResolveDial, type TransferMode, type TransferTarget } from './transfer';
import { NO_EVENTS, type Customer, type EventSink, type HangupSide } from '../events/cti-events';

export interface InboundCallDeps {
  ari: () => Client | null;
  registry: CallRegistry;
  log: Logger;
  app: string;
  acd: Acd;
  agents: AgentService;
  records: RecordWriter;
  /** Asterisk's recording folder as this process sees it. */
  recordingDir: string;
  recorder?: CallRecorder;
  promptDir: string;
  queueLog?: QueueLogWriter;
  events?: EventSink;
  /** Routes a number an agent transfers to, as if the agent's phone dialled it. */
  resolveDial?: ResolveDial;
  /** In-call codes (*5, *6, *8); absent: the agent's keys are not read. */
  inCallCodes?: InCallCodes;
  /** Screen pop lookup by caller number (bounded in time by the caller of this class). */
  customers?: (phone: string) => Promise<Customer | null>;
}

export interface InboundCallInfo {
  guid: string;
  callerChannel: string;
  direction: Direction;
  caller: string;
  callerName: string;
  /** The number dialled (DID or group number). */
  callee: string;
  /** The configuration the call started with: it keeps it to the end (C2). */
  flows: FlowSet;
  groups: ReadonlyMap<string, GroupConfig>;
  /** The trunk the call came in on (reports). */
  trunk?: string | null;
}

interface Offer {
  agent: string;
  leg: string;
  since: number;
  timer: NodeJS.Timeout | null;
  /** How the ring ended from our side; null while it rings. */
  endedBy: 'timeout' | 'withdrawn' | null;
  viaAcd: boolean;
  /** The dial string when it is not the agent's own phone (transfers to numbers). */
  endpoint?: string;
}

/** An attended transfer in progress: the caller is held, the agent talks to the target. */
interface Consult {
  target: string;
  offer: Offer;
  answered: boolean;
  /** The tone played to the agent (dial tone after *8, ringback while the target rings). */
  tone: string | null;
}

type Phase =
  | { name: 'new' }
  | { name: 'flow'; runner: FlowRunner }
  | { name: 'queued'; group: string; offer: Offer | null; announcement: string | null }
  | { name: 'transferring'; offer: Offer | null }
  | { name: 'connected'; agent: string; leg: string; bridgeId: string; held: boolean; consult: Consult | null; keys: InCallKeys | null }
  | { name: 'survey'; runner: FlowRunner }
  | { name: 'voicemail'; recording: string }
  | { name: 'ended' };

export class InboundCall implements ChannelOwner, QueuedCall {
  private phase: Phase = { name: 'new' };
  private queue: Promise<void> = Promise.resolve();
  private legs = 0;
  private readonly media: CallerMedia;
  private readonly log: Logger;
  private readonly startedAt = new Date();
  // Facts for the call record.
  private flowName: string | null = null;
  private group: string | null = null;
  private agent: string | null = null;
  private queuedAt: Date | null = null;
  /** The current queue visit (queue_log): when and at which position it began. */
  private visit: { group: string; at: number; position: number } | null = null;
  private answeredAt: Date | null = null;
  private talkEndedAt: Date | null = null;
  private ringMs = 0;
  private hungUpBy: HungUpBy | null = null;
  private endReason = 'normal';
  private miss: MissReason = null;
  private ringingAtEnd = false;
  private surveyScore: number | null = null;
  private recording: { path: string; startedAt: Date; kind: 'call' | 'voicemail' } | null = null;
  private readonly events: EventSink;
  /** The screen-pop row, looked up once when the call arrives. */
  private readonly customer: Promise<Customer | null>;
  private hangupPublished = false;
  /** The call's one mixing bridge, created on the first connect and kept to the end. */
  private bridgeId: string | null = null;
  /** Caller and agent are in the bridge (the API sees "connected" from then on). */
  private bridged = false;
  /** Flow variables set through the API, given to every flow the call runs from then on. */
  private readonly vars: Record<string, string> = {};
  /** A blind transfer is ringing its target; who to ring again if nobody answers. */
  private transferPending: { mode: TransferMode; target: string; returnTo: string | null } | null = null;
  private transferred = false;
  private retrieved = false;

  constructor(readonly info: InboundCallInfo, private readonly deps: InboundCallDeps) {
    this.log = deps.log.child({ guid: info.guid });
    this.media = new CallerMedia(deps.ari, info.callerChannel, deps.promptDir);
    this.events = deps.events ?? NO_EVENTS;
    this.customer = (deps.customers?.(info.caller) ?? Promise.resolve(null)).catch(() => null);
    deps.registry.add(this, [info.callerChannel]);
    this.events.publish({ type: 'call.started', guid: info.guid, direction: info.direction, caller: info.caller, callee: info.callee });
  }

  snapshot(): CallSnapshot {
    const p = this.phase;
    const offer = this.currentOffer();
    const state = p.name === 'queued' && offer && !offer.endedBy ? 'ringing'
      : p.name === 'connected' && !this.bridged ? 'answering'
      : p.name === 'connected' && p.consult ? 'consulting' : p.name === 'connected' && p.held ? 'held' : p.name;
    return {
      guid: this.guid, direction: this.info.direction, caller: this.info.caller, callee: this.info.callee, state,
      agent: p.name === 'connected' ? p.agent : offer?.agent ?? this.agent, group: this.group, trunk: this.info.trunk ?? null, startedAt: this.startedAt.toISOString(),
      answeredAt: this.answeredAt?.toISOString() ?? null, callerChannel: this.info.callerChannel,
      agentChannel: p.name === 'connected' ? p.leg : null, bridgeId: this.bridgeId, held: p.name === 'connected' && p.held,
    };
  }

  private publishHangup(by: HangupSide, agent: string | null): void {
    if (this.hangupPublished) return;
    this.hangupPublished = true;
    this.events.publish({ type: 'call.hungup', guid: this.guid, by, agent });
  }

  get guid(): string {
    return this.info.guid;
  }

  get phaseName(): Phase['name'] {
    return this.phase.name;
  }

  /** Answers the caller (200 OK, not early media) and runs a flow or queues to a group. */
  start(target: { flow: string } | { group: string }): void {
    this.enqueue(async () => {
      if (!(await this.media.answer())) return;
      if ('flow' in target) {
        this.flowName = target.flow;
        await this.runFlow(target.flow, 'flow');
      } else {
        await this.enterQueue(target.group);
      }
    });
  }

  onChannelEvent(channelId: string, event: { type: string; cause?: number; digit?: string; playbackId?: string; recordingName?: string }): void {
    this.enqueue(async () => {
      const caller = channelId === this.info.callerChannel;
      switch (event.type) {
        case 'ChannelDtmfReceived':
          if (caller && (this.phase.name === 'flow' || this.phase.name === 'survey')) await this.phase.runner.onDtmf(event.digit ?? '');
          if (!caller && this.phase.name === 'connected' && this.phase.leg === channelId && this.phase.keys) {
            const req = this.phase.keys.feed(event.digit ?? '', Date.now());
            if (req) await this.onAgentKeys(req);
          }
          break;
        case 'PlaybackFinished':
          if (caller && (this.phase.name === 'flow' || this.phase.name === 'survey')) await this.phase.runner.onPlaybackFinished(event.playbackId ?? '');
          if (caller && this.phase.name === 'queued' && this.phase.announcement === event.playbackId) {
            this.phase.announcement = null;
            await this.media.startMoh(this.info.groups.get(this.phase.group)?.mohClass ?? 'default');
          }
          break;
        case 'RecordingFinished':
        case 'RecordingFailed':
          if (caller && this.phase.name === 'voicemail') await this.finish('system', 'normal');
          break;
        case 'StasisStart':
          if (!caller) await this.legAnswered(channelId);
          break;
        case 'StasisEnd':
        case 'ChannelDestroyed':
          if (caller) await this.finish('caller', 'normal');
          else await this.legGone(channelId, event.cause ?? 16);
          break;
      }
    });
  }

  /** C5 force hang-up: ends the call in order with its other events, recorded as hung up by the system. */
  forceHangup(): void {
    this.enqueue(() => this.finish('system', 'normal'));
  }

  // --- QueuedCall (told by the ACD) ---

  offer(agent: string, ringTimeoutSec: number): void {
    this.enqueue(() => this.ring(agent, ringTimeoutSec, true));
  }

  withdraw(agent: string): void {
    this.enqueue(async () => {
      const offer = this.currentOffer();
      if (!offer || offer.agent !== agent || offer.endedBy) return;
      offer.endedBy = 'withdrawn';
      await this.hangupLeg(offer.leg);
    });
  }

  overflow(): void {
    this.enqueue(async () => {
      if (this.phase.name !== 'queued') return;
      const cfg = this.info.groups.get(this.phase.group);
      if (this.visit) this.deps.queueLog?.write(queueLog.exitWithTimeout(new Date(), this.guid, this.visit.group, 1, this.visit.position, Date.now() - this.visit.at));
      if (cfg?.overflowGroup) {
        this.log.info({ from: this.phase.group, to: cfg.overflowGroup }, 'overflow to another group');
        await this.enterQueue(cfg.overflowGroup);
      } else if (cfg?.overflowFlow) {
        await this.media.stopMoh();
        await this.runFlow(cfg.overflowFlow, 'flow');
      } else {
        await this.finish('system', 'no_answer');
      }
    });
  }

  // --- pickup (A5) ---

  /** The phone ringing for this call right now, if any. */
  ringing(): RingingLeg | null {
    const offer = this.currentOffer();
    if (!offer || offer.endedBy) return null;
    return { extension: offer.agent, group: this.phase.name === 'queued' ? this.phase.group : null, since: offer.since };
  }

  /** Connects the picker instead of the ringing phone. Resolves false if nothing rings any more. */
  pickup(picker: string, pickerChannel: string): Promise<boolean> {
    return new Promise((resolve) => this.enqueue(async () => {
      const offer = this.currentOffer();
      if (!offer || offer.endedBy) return resolve(false);
      this.deps.registry.addChannel(this, pickerChannel);
      offer.endedBy = 'withdrawn';
      this.clearOfferTimer(offer);
      if (offer.viaAcd) this.deps.acd.offerResult(this.guid, offer.agent, 'cancelled', Date.now() - offer.since);
      this.deps.acd.leave(this.guid);
      await this.hangupLeg(offer.leg);
      this.ringMs = Date.now() - offer.since;
      const ok = await ifStillThere(() => this.client().channels.answer({ channelId: pickerChannel }));
      if (!ok) return resolve(false);
      this.directCall(picker);
      this.log.info({ picker, was: offer.agent }, 'call picked up');
      this.events.publish({ type: 'call.pickup', guid: this.guid, picker, from: offer.agent, result: 'ok' });
      await this.connect(picker, pickerChannel);
      resolve(true);
    }, () => resolve(false)));
  }

  // --- call control (C3, C5, T3): the API and the agent's in-call keys ---

  /** Blind or attended transfer of the connected caller. Rejects with CallControlError. */
  transfer(target: TransferTarget, mode: TransferMode): Promise<void> {
    return this.control(async () => {
      const phase = this.connectedPhase();
      if (phase.consult) throw new CallControlError('wrong-state', 'a consultation is in progress: complete or cancel it first');
      if (mode === 'attended') {
        if (target.kind === 'group') throw new CallControlError('not-supported', 'an attended transfer needs a person: transfer to a group is blind');
        await this.startConsult(phase, target);
      } else {
        await this.blindTransfer(phase, target);
      }
    });
  }

  /** Attended transfer: joins caller and target, the agent leaves. */
  completeTransfer(): Promise<void> {
    return this.control(async () => {
      const phase = this.connectedPhase();
      if (!phase.consult) throw new CallControlError('wrong-state', 'no transfer in progress');
      if (!phase.consult.answered) throw new CallControlError('wrong-state', 'the transfer target has not answered yet');
      await this.completeConsult(phase, phase.consult);
    });
  }

  /** Ends the consultation (or a blind transfer still ringing) and returns to the caller. */
  cancelTransfer(): Promise<void> {
    return this.control(async () => {
      const phase = this.phase;
      if (phase.name === 'connected' && phase.consult) return this.returnToCaller(phase, phase.consult, 'cancelled');
      if (phase.name === 'transferring' && this.transferPending?.returnTo && phase.offer && !phase.offer.endedBy) {
        const back = this.transferPending.returnTo;
        this.publishTransfer(this.transferPending.mode, this.transferPending.target, 'cancelled');
        this.transferPending = null;
        phase.offer.endedBy = 'withdrawn';
        this.clearOfferTimer(phase.offer);
        await this.hangupLeg(phase.offer.leg);
        phase.offer = null;
        this.retrieved = true;
        return this.ring(back, 30, false);
      }
      throw new CallControlError('wrong-state', 'no transfer in progress');
    });
  }

  /** Holds (music for the caller, who leaves the bridge) or retrieves the caller. */
  hold(on: boolean): Promise<void> {
    return this.control(async () => {
      const phase = this.connectedPhase();
      if (phase.consult) throw new CallControlError('wrong-state', 'the caller is held for a consultation');
      if (phase.held === on) throw new CallControlError('wrong-state', on ? 'the caller is already held' : 'the caller is not held');
      if (on) await this.holdCaller(phase);
      else await this.retrieveCaller(phase);
      this.events.publish({ type: 'call.hold', guid: this.guid, held: on });
    });
  }

  /** A supervisor's phone (already answered, in Stasis) replaces the agent's. */
  takeOver(supervisor: string, channelId: string): Promise<void> {
    return this.control(async () => {
      const phase = this.connectedPhase();
      if (phase.consult) throw new CallControlError('wrong-state', 'a consultation is in progress');
      this.deps.registry.addChannel(this, channelId);
      const old = phase.agent;
      this.phase = { ...phase, agent: supervisor, leg: channelId, keys: this.keyReader() };
      this.logCompletion('agent', old);
      this.endCallForAgent(old);
      await ifStillThere(() => this.client().bridges.addChannel({ bridgeId: phase.bridgeId, channel: [channelId] }));
      await this.hangupLeg(phase.leg);
      if (this.deps.agents.has(supervisor)) this.agent = supervisor;
      this.directCall(supervisor);
      await this.tagCall();
      this.log.info({ supervisor, was: old }, 'call taken over');
      this.events.publish({ type: 'supervisor.joined', guid: this.guid, supervisor, mode: 'takeover' });
    });
  }

  /** Sets a flow variable: the running flow sees it now, later flows (survey) from their start. */
  setVariable(name: string, value: string): Promise<void> {
    return this.control(async () => {
      if (this.phase.name === 'ended') throw new CallControlError('wrong-state', 'the call has ended');
      this.vars[name] = value;
      if (this.phase.name === 'flow' || this.phase.name === 'survey') this.phase.runner.setVariable(name, value);
    });
  }

  /** Sends the caller into another flow, from wherever the call is (an agent talking is released). */
  switchFlow(flow: string): Promise<void> {
    return this.control(async () => {
      if (!this.info.flows.has(flow)) throw new CallControlError('unknown-target', `no flow "${flow}"`);
      const phase = this.phase;
      switch (phase.name) {
        case 'flow': case 'survey': phase.runner.stop(); break;
        case 'queued': case 'transferring': {
          this.deps.acd.leave(this.guid);
          const offer = phase.offer;
          if (offer && !offer.endedBy) {
            offer.endedBy = 'withdrawn';
            this.clearOfferTimer(offer);
            if (offer.viaAcd) this.deps.acd.offerResult(this.guid, offer.agent, 'cancelled', Date.now() - offer.since);
            await this.hangupLeg(offer.leg);
          }
          if (phase.name === 'queued' && phase.announcement) await this.media.stopPlayback(phase.announcement);
          await this.media.stopMoh();
          this.transferPending = null;
          break;
        }
        case 'connected': {
          if (phase.consult) throw new CallControlError('wrong-state', 'a consultation is in progress');
          this.phase = { name: 'transferring', offer: null };
          this.talkEndedAt = new Date();
          this.logCompletion('agent', phase.agent);
          this.endCallForAgent(phase.agent);
          if (phase.held) await this.media.stopMoh();
          else await ifStillThere(() => this.client().bridges.removeChannel({ bridgeId: phase.bridgeId, channel: [this.info.callerChannel] }));
          await this.hangupLeg(phase.leg);
          break;
        }
        default: throw new CallControlError('wrong-state', `a call in phase ${phase.name} cannot switch flows`);
      }
      this.flowName = flow;
      this.log.info({ flow }, 'switched to another flow');
      await this.runFlow(flow, 'flow');
    });
  }

  private control<T>(work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => this.enqueueControl(async () => {
      try {
        resolve(await work());
      } catch (err) {
        if (err instanceof CallControlError) return reject(err);
        reject(err);
        throw err;
      }
    }, () => reject(new CallControlError('wrong-state', 'the call has ended'))));
  }

  private enqueueControl(work: () => Promise<void>, onSkip: () => void): void {
    this.enqueue(work, onSkip);
  }

  private connectedPhase(): Extract<Phase, { name: 'connected' }> {
    if (this.phase.name !== 'connected') throw new CallControlError('wrong-state', `the call is ${this.phase.name}, not connected to an agent`);
    return this.phase;
  }

  /** Leaves the call's facts on the caller's channel, so an app started after a crash can finish the call (O3). */
  private async tagCall(): Promise<void> {
    const p = this.phase;
    if (p.name !== 'connected') return;
    const value = formatCallTag({
      guid: this.guid, direction: this.info.direction, caller: this.info.caller, callee: this.info.callee, agent: this.agent ?? p.agent,
      group: this.group, startedAt: this.startedAt.getTime(), answeredAt: (this.answeredAt ?? new Date()).getTime(),
    });
    await ifStillThere(() => this.client().channels.setChannelVar({ channelId: this.info.callerChannel, variable: CALL_TAG_VAR, value }));
  }

  private keyReader(): InCallKeys | null {
    return this.deps.inCallCodes ? new InCallKeys(this.deps.inCallCodes) : null;
  }

  private async onAgentKeys(req: InCallRequest): Promise<void> {
    const phase = this.connectedPhase();
    this.log.info({ agent: phase.agent, request: req.kind }, 'agent keyed an in-call code');
    const refuse = async (why: string) => {
      this.log.info({ why }, 'in-call code refused');
      phase.keys?.consultEnded();
      await ifStillThere(() => this.client().channels.play({ channelId: phase.leg, media: 'sound:beeperr' }));
    };
    try {
      switch (req.kind) {
        case 'transfer': return await this.blindTransfer(phase, { kind: 'extension', extension: req.target });
        case 'transfer-group': {
          const group = [...this.info.groups.values()].find((g) => g.number === req.group || g.name === req.group);
          if (!group) return await refuse(`no group ${req.group}`);
          return await this.blindTransfer(phase, { kind: 'group', group: group.name });
        }
        case 'consult':
          await this.holdCaller(phase);
          phase.consult = null;
          await this.playTone(phase, 'dial');
          return;
        case 'consult-dial': return await this.startConsult(phase, { kind: 'number', number: req.number });
        case 'consult-cancel':
          if (phase.consult) return await this.returnToCaller(phase, phase.consult, 'cancelled');
          await this.stopTone(phase);
          if (phase.held) await this.retrieveCaller(phase);
          return;
      }
    } catch (err) {
      if (err instanceof CallControlError) return refuse(err.message);
      throw err;
    }
  }

  private toneOf = new Map<string, string>();

  private async playTone(phase: Extract<Phase, { name: 'connected' }>, tone: 'dial' | 'ring'): Promise<void> {
    await this.stopTone(phase);
    const id = `${phase.leg}-tone-${tone}-${Date.now()}`;
    if (await ifStillThere(() => this.client().channels.play({ channelId: phase.leg, media: `tone:${tone}`, playbackId: id }))) this.toneOf.set(phase.leg, id);
  }

  private async stopTone(phase: Extract<Phase, { name: 'connected' }>): Promise<void> {
    const id = this.toneOf.get(phase.leg);
    if (!id) return;
    this.toneOf.delete(phase.leg);
    await ifStillThere(() => this.client().playbacks.stop({ playbackId: id }));
  }

  private async holdCaller(phase: Extract<Phase, { name: 'connected' }>): Promise<void> {
    if (phase.held) return;
    phase.held = true;
    await ifStillThere(() => this.client().bridges.removeChannel({ bridgeId: phase.bridgeId, channel: [this.info.callerChannel] }));
    await this.media.startMoh(this.mohClass());
  }

  private async retrieveCaller(phase: Extract<Phase, { name: 'connected' }>): Promise<void> {
    if (!phase.held) return;
    phase.held = false;
    await this.media.stopMoh();
    await ifStillThere(() => this.client().bridges.addChannel({ bridgeId: phase.bridgeId, channel: [this.info.callerChannel] }));
  }

  private mohClass(): string {
    return (this.group ? this.info.groups.get(this.group)?.mohClass : null) ?? 'default';
  }

  private resolve(agent: string, target: TransferTarget): { endpoint: string; label: string; extension: string | null; timeoutSec: number; callerId: string } {
    const number = target.kind === 'extension' ? target.extension : target.kind === 'number' ? target.number : '';
    const r = this.deps.resolveDial?.(agent, number) ?? { error: 'transfers to numbers are not available' };
    if ('error' in r) throw new CallControlError('unknown-target', `cannot transfer to ${number}: ${r.error}`);
    if (target.kind === 'extension' && !r.extension) throw new CallControlError('unknown-target', `${number} is not an extension`);
    return { ...r, label: r.extension ?? number };
  }

  private publishTransfer(mode: TransferMode, target: string, result: 'started' | 'answered' | 'completed' | 'cancelled' | 'failed'): void {
    this.events.publish({ type: 'call.transfer', guid: this.guid, mode, target, result, agent: this.agent });
  }

  private async blindTransfer(phase: Extract<Phase, { name: 'connected' }>, target: TransferTarget): Promise<void> {
    const dest = target.kind === 'group' ? null : this.resolve(phase.agent, target);
    if (target.kind === 'group' && !this.info.groups.has(target.group)) throw new CallControlError('unknown-target', `no group "${target.group}"`);
    if (dest?.extension === phase.agent) throw new CallControlError('unknown-target', 'a call cannot be transferred to the agent who has it');
    const label = targetLabel(target);
    this.log.info({ from: phase.agent, to: label }, 'blind transfer');
    this.phase = { name: 'transferring', offer: null }; // first: the agent leg's hang-up is no longer "the agent hung up"
    this.logCompletion('agent', phase.agent);
    this.endCallForAgent(phase.agent);
    await this.stopTone(phase);
    if (!phase.held) await ifStillThere(() => this.client().bridges.removeChannel({ bridgeId: phase.bridgeId, channel: [this.info.callerChannel] }));
    await this.hangupLeg(phase.leg);
    this.publishTransfer('blind', label, 'started');
    if (target.kind === 'group') {
      if (phase.held) await this.media.stopMoh();
      this.transferred = true;
      this.publishTransfer('blind', label, 'completed');
      return this.enterQueue(target.group);
    }
    if (!phase.held) await this.media.startMoh(this.mohClass());
    this.transferPending = { mode: 'blind', target: label, returnTo: this.deps.agents.has(phase.agent) ? phase.agent : null };
    // A phone sees the customer's number; a number outside sees what routing presents there.
    await this.ring(dest!.label, dest!.timeoutSec, false, dest!.endpoint, dest!.extension ? undefined : dest!.callerId);
  }

  private async startConsult(phase: Extract<Phase, { name: 'connected' }>, target: TransferTarget): Promise<void> {
    const dest = this.resolve(phase.agent, target);
    if (dest.extension === phase.agent) throw new CallControlError('unknown-target', 'an agent cannot consult itself');
    await this.holdCaller(phase);
    const leg = `${this.guid}-c${++this.legs}`;
    const offer: Offer = { agent: dest.label, leg, since: Date.now(), timer: null, endedBy: null, viaAcd: false, endpoint: dest.endpoint };
    const consult: Consult = { target: dest.label, offer, answered: false, tone: null };
    phase.consult = consult;
    this.deps.registry.addChannel(this, leg);
    this.publishTransfer('attended', dest.label, 'started');
    try {
      await this.client().channels.originate({
        endpoint: dest.endpoint, channelId: leg, app: this.deps.app, appArgs: `${ORIGINATED_ARG},${this.guid}`,
        callerId: dest.callerId, timeout: dest.timeoutSec + 5, originator: phase.leg,
      });
    } catch (err) {
      this.log.warn({ target: dest.label, err: (err as Error).message }, 'consult leg could not be originated');
      return this.returnToCaller(phase, consult, 'failed');
    }
    await this.playTone(phase, 'ring');
    offer.timer = setTimeout(() => this.enqueue(async () => {
      offer.timer = null;
      if (offer.endedBy || this.phase !== phase || phase.consult !== consult || consult.answered) return;
      offer.endedBy = 'timeout';
      await this.hangupLeg(leg);
    }), dest.timeoutSec * 1000);
  }

  private async consultAnswered(phase: Extract<Phase, { name: 'connected' }>, consult: Consult): Promise<void> {
    this.clearOfferTimer(consult.offer);
    consult.answered = true;
    await this.stopTone(phase);
    await ifStillThere(() => this.client().bridges.addChannel({ bridgeId: phase.bridgeId, channel: [consult.offer.leg] }));
    this.log.info({ target: consult.target }, 'consult target answered');
    this.publishTransfer('attended', consult.target, 'answered');
  }

  private async completeConsult(phase: Extract<Phase, { name: 'connected' }>, consult: Consult): Promise<void> {
    const old = phase.agent;
    this.log.info({ from: old, to: consult.target }, 'attended transfer completed');
    this.phase = { name: 'connected', agent: consult.target, leg: consult.offer.leg, bridgeId: phase.bridgeId, held: false, consult: null, keys: this.keyReader() };
    this.logCompletion('agent', old);
    this.endCallForAgent(old);
    await this.stopTone(phase);
    await this.hangupLeg(phase.leg);
    await this.media.stopMoh();
    await ifStillThere(() => this.client().bridges.addChannel({ bridgeId: phase.bridgeId, channel: [this.info.callerChannel] }));
    if (this.deps.agents.has(consult.target)) this.agent = consult.target;
    this.directCall(consult.target);
    this.transferred = true;
    this.publishTransfer('attended', consult.target, 'completed');
    await this.tagCall();
  }

  private async returnToCaller(phase: Extract<Phase, { name: 'connected' }>, consult: Consult, result: 'cancelled' | 'failed'): Promise<void> {
    phase.consult = null;
    phase.keys?.consultEnded();
    consult.offer.endedBy ??= 'withdrawn';
    this.clearOfferTimer(consult.offer);
    await this.stopTone(phase);
    await this.hangupLeg(consult.offer.leg);
    await this.retrieveCaller(phase);
    this.retrieved = true;
    this.log.info({ target: consult.target, result }, 'consultation ended; back to the caller');
    this.publishTransfer('attended', consult.target, result);
  }

  private async consultGone(phase: Extract<Phase, { name: 'connected' }>, consult: Consult, cause: number): Promise<void> {
    if (consult.offer.endedBy === 'withdrawn') return;
    this.log.info({ target: consult.target, cause, answered: consult.answered }, 'consult target left');
    await this.returnToCaller(phase, consult, consult.answered ? 'cancelled' : 'failed');
  }

  /** The agent hung up while consulting: answered target -> transfer done; ringing -> it keeps ringing (blind). */
  private async agentLeftConsult(phase: Extract<Phase, { name: 'connected' }>, consult: Consult): Promise<void> {
    if (consult.answered) {
      phase.leg = `${phase.leg}-gone`; // the leg is already gone; nothing to hang up
      return this.completeConsult(phase, consult);
    }
    this.log.info({ target: consult.target }, 'agent hung up while the consult target rings: blind transfer');
    this.phase = { name: 'transferring', offer: consult.offer };
    this.logCompletion('agent', phase.agent);
    this.endCallForAgent(phase.agent);
    this.transferPending = { mode: 'attended', target: consult.target, returnTo: null };
  }

  // --- internals ---

  private client(): Client {
    return connectedClient(this.deps.ari);
  }

  /** Runs work in order; work arriving after the end is skipped (onSkip tells a waiting caller). */
  private enqueue(work: () => Promise<void>, onSkip?: () => void): void {
    this.queue = this.queue.then(() => (this.phase.name === 'ended' ? onSkip?.() : work())).catch(async (err) => {
      onSkip?.();
      this.log.error({ err: (err as Error).message, phase: this.phase.name }, 'call step failed; ending the call');
      await this.finish('system', 'congestion').catch(() => {});
    });
  }

  private currentOffer(): Offer | null {
    return this.phase.name === 'queued' || this.phase.name === 'transferring' ? this.phase.offer : null;
  }

  private async runFlow(name: string, as: 'flow' | 'survey'): Promise<void> {
    const runner = new FlowRunner(this.media, this.info.flows, this.log, (w) => this.enqueue(w), (how, cursor) => this.flowExit(how, cursor, as));
    this.phase = { name: as, runner };
    await runner.start(name, { ...this.vars, caller: this.info.caller, callee: this.info.callee, ...(this.agent ? { agent: this.agent } : {}) });
  }

  private async flowExit(how: FlowExit, cursor: FlowCursor, as: 'flow' | 'survey'): Promise<void> {
    // Any flow may ask the survey question (the survey after an agent, or a flow the API switched to).
    const score = cursor.vars.survey_score ?? '';
    if (/^[1-5]$/.test(score)) this.surveyScore = Number(score);
    if (as === 'survey') {
      this.log.info({ score: this.surveyScore }, 'survey finished');
      return this.finish(this.hungUpBy ?? 'agent', 'normal');
    }
    switch (how.kind) {
      case 'queue': return this.enterQueue(how.group);
      case 'transfer': {
        this.phase = { name: 'transferring', offer: null };
        return this.ring(how.extension, how.timeoutSec, false);
      }
      case 'voicemail': {
        const name = `vm-${this.guid}`;
        this.phase = { name: 'voicemail', recording: name };
        this.recording = { path: `${this.deps.recordingDir}/${name}.wav`, startedAt: new Date(), kind: 'voicemail' };
        if (!(await this.media.record(name, how.maxSec))) await this.finish('caller', 'normal');
        return;
      }
      case 'hangup': return this.finish('system', 'normal');
    }
  }

  private async enterQueue(group: string): Promise<void> {
    const cfg = this.info.groups.get(group);
    if (!cfg) {
      this.log.error({ group }, 'flow queues to an unknown group');
      return this.finish('system', 'congestion');
    }
    this.group = group;
    this.queuedAt ??= new Date();
    const phase: Extract<Phase, { name: 'queued' }> = { name: 'queued', group, offer: null, announcement: null };
    this.phase = phase;
    this.deps.acd.enqueue(this, group);
    this.visit = { group, at: Date.now(), position: this.deps.acd.position(this.guid) || 1 };
    this.deps.queueLog?.write(queueLog.enter(new Date(), this.guid, group, this.info.caller, this.visit.position));
    this.events.publish({ type: 'call.queued', guid: this.guid, group, position: this.visit.position });
    // A4: announce the position only to a caller who has to wait; music follows the announcement.
    if (cfg.announcePosition && this.deps.acd.isWaiting(this.guid)) {
      phase.announcement = await this.media.play(positionPrompts(this.deps.acd.position(this.guid)), 'en');
      if (phase.announcement) return;
    }
    await this.media.startMoh(cfg.mohClass);
  }

  /** Rings one phone for this call (an ACD offer, or a flow's transfer node). */
  private async ring(agent: string, ringTimeoutSec: number, viaAcd: boolean, endpoint?: string, callerId?: string): Promise<void> {
    const phase = this.phase;
    if ((phase.name !== 'queued' && phase.name !== 'transferring') || phase.offer) {
      if (viaAcd) this.deps.acd.offerResult(this.guid, agent, 'cancelled', 0);
      return;
    }
    const leg = `${this.guid}-a${++this.legs}`;
    const offer: Offer = { agent, leg, since: Date.now(), timer: null, endedBy: null, viaAcd, endpoint };
    phase.offer = offer;
    this.deps.registry.addChannel(this, leg);
    this.events.publish({
      type: 'call.ringing', guid: this.guid, agent, caller: this.info.caller, callee: this.info.callee,
      group: phase.name === 'queued' ? phase.group : null, customer: await this.customer,
    });
    try {
      await this.client().channels.originate({
        endpoint: endpoint ?? `PJSIP/${agent}`, channelId: leg, app: this.deps.app, appArgs: `${ORIGINATED_ARG},${this.guid}`,
        callerId: callerId ?? callerIdString(this.info.caller, this.info.callerName), timeout: ringTimeoutSec + 5, originator: this.info.callerChannel,
      });
    } catch (err) {
      // A phone without a registered contact is unreachable; any other failure (ARI trouble)
      // is not the phone's fault: the agent stays ready and is tried again after a pause.
      this.log.warn({ agent, err: (err as Error).message }, 'agent leg could not be originated');
      phase.offer = null;
      return this.offerEnded(offer, isAllocationFailure(err) ? 'unreachable' : 'rejected');
    }
    offer.timer = setTimeout(() => this.enqueue(async () => {
      offer.timer = null;
      if (offer.endedBy) return;
      offer.endedBy = 'timeout';
      await this.hangupLeg(leg);
    }), ringTimeoutSec * 1000);
  }

  private async legAnswered(leg: string): Promise<void> {
    const phase = this.phase;
    if (phase.name === 'connected' && phase.consult?.offer.leg === leg && !phase.consult.offer.endedBy) return this.consultAnswered(phase, phase.consult);
    const offer = this.currentOffer();
    if (!offer || offer.leg !== leg || offer.endedBy) {
      await this.hangupLeg(leg); // answered too late: the call moved on
      return;
    }
    this.clearOfferTimer(offer);
    this.ringMs = Date.now() - offer.since;
    if (offer.viaAcd) this.deps.acd.offerResult(this.guid, offer.agent, 'answered', this.ringMs);
    else this.directCall(offer.agent);
    await this.connect(offer.agent, leg);
  }

  private async legGone(leg: string, cause: number): Promise<void> {
    const phase = this.phase;
    if (phase.name === 'connected' && phase.consult?.offer.leg === leg) return this.consultGone(phase, phase.consult, cause);
    if (phase.name === 'connected' && phase.leg === leg) {
      if (phase.consult) return this.agentLeftConsult(phase, phase.consult);
      return this.agentHungUp(phase);
    }
    const offer = this.currentOffer();
    if (!offer || offer.leg !== leg) return;
    this.clearOfferTimer(offer);
    if (phase.name === 'queued' || phase.name === 'transferring') phase.offer = null;
    const result: OfferResult | 'unreachable' = offer.endedBy === 'withdrawn' ? 'cancelled'
      : offer.endedBy === 'timeout' || cause === 18 || cause === 19 ? 'no-answer'
        : cause === 17 || cause === 21 ? 'rejected' : 'unreachable';
    await this.offerEnded(offer, result);
  }

  private async offerEnded(offer: Offer, result: OfferResult | 'unreachable'): Promise<void> {
    const ringMs = Date.now() - offer.since;
    this.miss = result === 'no-answer' ? 'timeout' : result === 'rejected' ? 'rejected' : result === 'unreachable' ? 'unreachable' : this.miss;
    this.log.info({ agent: offer.agent, result, ringMs }, 'offer ended');
    if (offer.viaAcd && result === 'no-answer' && this.visit) this.deps.queueLog?.write(queueLog.ringNoAnswer(new Date(), this.guid, this.visit.group, offer.agent, ringMs));
    if (!offer.viaAcd) {
      if (result === 'cancelled') return;
      const pending = this.transferPending;
      if (pending) {
        this.transferPending = null;
        this.publishTransfer(pending.mode, pending.target, 'failed');
        if (pending.returnTo) {
          // Nobody took the transfer: the call goes back to the agent who sent it (17).
          this.log.info({ target: pending.target, back: pending.returnTo }, 'transfer not answered; ringing the transferring agent again');
          this.retrieved = true;
          return this.ring(pending.returnTo, 30, false);
        }
      }
      await this.finish('system', result === 'no-answer' ? 'no_answer' : result === 'rejected' ? 'busy' : 'congestion');
      return;
    }
    if (result === 'unreachable') {
      // A phone that cannot be reached is not offered again until the agent says ready.
      this.deps.acd.offerResult(this.guid, offer.agent, 'rejected', ringMs);
      this.deps.agents.applyIfAllowed(offer.agent, { type: 'not-ready', reason: 'unreachable' });
      return;
    }
    this.deps.acd.offerResult(this.guid, offer.agent, result, ringMs);
  }

  private async connect(agent: string, leg: string): Promise<void> {
    const bridgeId = `${this.guid}-bridge`;
    if (this.deps.agents.has(agent) || !this.agent) this.agent = agent;
    this.answeredAt ??= new Date();
    const before = this.phase;
    this.phase = { name: 'connected', agent, leg, bridgeId, held: false, consult: null, keys: this.keyReader() };
    if (this.transferPending) {
      this.transferred = true;
      this.publishTransfer(this.transferPending.mode, this.transferPending.target, 'completed');
      this.transferPending = null;
    }
    if (before.name === 'queued' && this.visit) {
      this.deps.queueLog?.write(queueLog.connect(new Date(), this.guid, this.visit.group, agent, Date.now() - this.visit.at, leg, this.ringMs));
    }
    this.events.publish({ type: 'call.answered', guid: this.guid, agent, caller: this.info.caller, callee: this.info.callee });
    if (before.name === 'queued' && before.announcement) await this.media.stopPlayback(before.announcement);
    await this.media.stopMoh();
    const c = this.client();
    const fresh = this.bridgeId === null;
    if (fresh) {
      await c.bridges.create({ type: 'mixing', bridgeId, name: this.guid });
      this.bridgeId = bridgeId;
    }
    if (!(await ifStillThere(() => c.bridges.addChannel({ bridgeId, channel: [this.info.callerChannel, leg] })))) return;
    this.bridged = true;
    await this.tagCall();
    const cfg = this.group ? this.info.groups.get(this.group) : null;
    if (fresh && (cfg?.recordCalls ?? true)) {
      const rec = await recordCall(this.deps.recorder, this.info.callerChannel, this.guid, this.deps.recordingDir, this.log);
      if (rec) this.recording = { ...rec, kind: 'call' };
    }
    this.log.info({ agent, recording: this.recording?.path }, 'caller connected to agent');
  }

  private async agentHungUp(phase: Extract<Phase, { name: 'connected' }>): Promise<void> {
    this.hungUpBy = 'agent';
    this.talkEndedAt = new Date();
    this.publishHangup('agent', phase.agent);
    this.logCompletion('agent', phase.agent);
    this.endCallForAgent(phase.agent);
    if (phase.held) await this.media.stopMoh();
    await this.destroyBridge();
    const survey = this.group ? this.info.groups.get(this.group)?.surveyFlow : null;
    if (survey && this.info.flows.has(survey)) {
      this.log.info({ flow: survey }, 'agent hung up first: satisfaction survey');
      await this.runFlow(survey, 'survey');
    } else {
      await this.finish('agent', 'normal');
    }
  }

  /** Ends the call: everything it owns is released and its record written, exactly once. */
  private async finish(by: HungUpBy, reason: string): Promise<void> {
    const phase = this.phase;
    if (phase.name === 'ended') return;
    this.phase = { name: 'ended' };
    this.hungUpBy ??= by;
    this.endReason = reason;
    this.publishHangup(by, phase.name === 'connected' ? phase.agent : this.agent);
    // The call leaves the registry and writes its record even when a hang-up request fails
    // (no answer from Asterisk under load): otherwise it would stay there for good.
    try {
      switch (phase.name) {
        case 'flow': case 'survey': phase.runner.stop(); break;
        case 'queued': case 'transferring': {
          if (phase.name === 'queued' && this.visit && by === 'caller') {
            this.deps.queueLog?.write(queueLog.abandon(new Date(), this.guid, this.visit.group, this.deps.acd.position(this.guid) || 1, this.visit.position, Date.now() - this.visit.at));
          }
          this.deps.acd.leave(this.guid);
          const offer = phase.offer;
          if (offer && !offer.endedBy) {
            this.ringingAtEnd = true;
            offer.endedBy = 'withdrawn';
            this.clearOfferTimer(offer);
            if (offer.viaAcd) this.deps.acd.offerResult(this.guid, offer.agent, 'cancelled', Date.now() - offer.since);
            await this.hangupLeg(offer.leg);
          }
          break;
        }
        case 'connected':
          this.talkEndedAt = new Date();
          this.logCompletion('caller', phase.agent);
          this.endCallForAgent(phase.agent);
          if (phase.consult) {
            phase.consult.offer.endedBy = 'withdrawn';
            this.clearOfferTimer(phase.consult.offer);
            await this.hangupLeg(phase.consult.offer.leg);
          }
          await this.hangupLeg(phase.leg);
          break;
      }
      await this.destroyBridge();
      if (by !== 'caller') await this.media.hangup(reason);
    } finally {
      this.deps.registry.remove(this);
      await this.writeRecord();
    }
  }

  private async writeRecord(): Promise<void> {
    const ended = new Date();
    const talkEnd = this.talkEndedAt ?? ended;
    const status = callStatus({
      direction: this.info.direction, answered: this.answeredAt !== null, hungUpBy: this.hungUpBy ?? 'system', queued: this.queuedAt !== null,
      ringingAtEnd: this.ringingAtEnd, voicemail: this.recording?.kind === 'voicemail', miss: this.miss,
      transferred: this.transferred, retrieved: this.retrieved,
    });
    const sec = (a: Date | null, b: Date | null) => (a && b ? Math.max(0, (b.getTime() - a.getTime()) / 1000) : 0);
    this.events.publish({
      type: 'call.result', guid: this.guid, status, statusText: STATUS_TEXT[status], caller: this.info.caller, callee: this.info.callee,
      agent: this.agent, group: this.group, talkSec: sec(this.answeredAt, talkEnd), waitSec: sec(this.queuedAt, this.answeredAt ?? ended),
    });
    await this.deps.records.write({
      guid: this.guid, direction: this.info.direction, caller: this.info.caller, callee: this.info.callee, flow: this.flowName, group: this.group, trunk: this.info.trunk ?? null,
      agent: this.agent, status, startedAt: this.startedAt.toISOString(), queuedAt: this.queuedAt?.toISOString() ?? null,
      answeredAt: this.answeredAt?.toISOString() ?? null, endedAt: ended.toISOString(), ringSec: this.ringMs / 1000,
      waitSec: sec(this.queuedAt, this.answeredAt ?? ended), talkSec: sec(this.answeredAt, talkEnd), hangupBy: this.hungUpBy ?? 'system',
      endReason: this.endReason, surveyScore: this.surveyScore,
      recording: this.recording ? { ...this.recording, startedAt: this.recording.startedAt.toISOString(), durationSec: this.recording.kind === 'call' ? sec(this.recording.startedAt, talkEnd) : sec(this.recording.startedAt, ended) } : null,
    });
  }

  private logCompletion(by: 'caller' | 'agent', agent: string): void {
    if (!this.visit || !this.answeredAt) return;
    const hold = this.answeredAt.getTime() - this.visit.at;
    const talk = (this.talkEndedAt ?? new Date()).getTime() - this.answeredAt.getTime();
    this.deps.queueLog?.write(queueLog.complete(new Date(), this.guid, this.visit.group, agent, by, hold, talk, this.visit.position));
  }

  private directCall(agent: string): void {
    this.deps.agents.applyIfAllowed(agent, { type: 'direct-call', guid: this.guid, outbound: false });
  }

  private endCallForAgent(agent: string): void {
    if (!this.deps.agents.has(agent)) return;
    const wrapUpMs = (this.group ? this.info.groups.get(this.group)?.wrapupSec ?? 0 : 0) * 1000;
    this.deps.agents.apply(agent, { type: 'call-ended', guid: this.guid, wrapUpMs });
  }

  private clearOfferTimer(offer: Offer): void {
    if (offer.timer) clearTimeout(offer.timer);
    offer.timer = null;
  }

  private async hangupLeg(leg: string): Promise<void> {
    await ifStillThere(() => this.client().channels.hangup({ channelId: leg }));
  }

  private async destroyBridge(): Promise<void> {
    const bridgeId = this.bridgeId;
    if (!bridgeId) return;
    this.bridgeId = null;
    await ifStillThere(() => this.client().bridges.destroy({ bridgeId }));
  }
}
