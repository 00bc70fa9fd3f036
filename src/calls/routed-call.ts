/**
 * A call being routed or connected: runs the call-state machine and carries out its effects
 * over ARI. Events for one call are handled strictly in order through one queue.
 */
import type { Client } from 'ari-client';
import { ifStillThere } from '../ari/errors';
import { ORIGINATED_ARG } from '../ari/events';
import type { Logger } from '../log/logger';
import { transition, type CallEvent, type CallState, type Effect, type HangupReason } from './call-state';
import type { CallEventLike, CallRegistry, CallSnapshot, ChannelOwner, RingingLeg } from './registry';
import type { AgentService } from '../agents/agent-service';
import type { AgentEvent } from '../agents/agent-state';
import type { RecordWriter } from '../records/record-writer';
import { recordCall, type BridgeRecording, type CallRecorder } from './bridge-recording';
import { callStatus, STATUS_TEXT, type Direction, type HungUpBy, type MissReason } from '../records/status';
import { NO_EVENTS, type EventSink } from '../events/cti-events';
import { CALL_TAG_VAR, formatCallTag } from './call-tag';

/** extension: set when the target is a local phone (pickup, agent state). */
export interface DialTarget { endpoint: string; callerId: string; timeoutSec: number; extension?: string }

export interface RoutedCallDeps {
  ari: () => Client | null;
  registry: CallRegistry;
  log: Logger;
  app: string;
  agents?: AgentService;
  records?: RecordWriter;
  /** Asterisk's recording folder as this process sees it; null or absent: direct calls are not recorded. */
  recordingDir?: string | null;
  recorder?: CallRecorder;
  onEnded?: (call: RoutedCall) => void;
  events?: EventSink;
}

/** Who calls whom, for agent states and the call record. */
export interface RoutedCallInfo {
  direction: Direction;
  caller: string;
  callee: string;
  /** The calling phone's extension when a local phone places the call. */
  callerExtension: string | null;
  /** The trunk the call came in on or goes out through (reports). */
  trunk?: string | null;
}

export class RoutedCall implements ChannelOwner {
  private state: CallState = { name: 'routing' };
  private queue: Promise<void> = Promise.resolve();
  private bridgeId: string | null = null;
  /** Every leg originated for this call (hung up if the call has to be forced to an end). */
  private readonly legIds: string[] = [];
  private ringTimer: NodeJS.Timeout | null = null;
  private legCount = 0;
  private readonly legExtension = new Map<string, string>();
  private answeredAt: number | null = null;
  private answeredExtension: string | null = null;
  private ringSince: number | null = null;
  readonly startedAt = Date.now();

  private readonly events: EventSink;

  constructor(readonly guid: string, readonly callerChannel: string, readonly summary: string, private readonly deps: RoutedCallDeps, readonly info: RoutedCallInfo | null = null) {
    deps.registry.add(this, [callerChannel]);
    this.events = info ? deps.events ?? NO_EVENTS : NO_EVENTS;
    if (info) this.events.publish({ type: 'call.started', guid, direction: info.direction, caller: info.caller, callee: info.callee });
  }

  snapshot(): CallSnapshot {
    const s = this.state;
    const leg = s.name === 'answered' ? s.leg : null;
    return {
      guid: this.guid, direction: this.info?.direction ?? 'internal', caller: this.info?.caller ?? '', callee: this.info?.callee ?? '', state: s.name,
      agent: this.answeredExtension ?? this.info?.callerExtension ?? null, group: null, trunk: this.info?.trunk ?? null, startedAt: new Date(this.startedAt).toISOString(),
      answeredAt: this.answeredAt ? new Date(this.answeredAt).toISOString() : null, callerChannel: this.callerChannel, agentChannel: leg,
      bridgeId: this.bridgeId, held: false,
    };
  }

  ringing(): RingingLeg | null {
    if (this.state.name !== 'dialling' && this.state.name !== 'ringing') return null;
    const ext = this.state.legs.map((l) => this.legExtension.get(l)).find((e) => e !== undefined);
    return ext ? { extension: ext, group: null, since: this.ringSince ?? this.startedAt } : null;
  }

  /** *7 pickup: the picker's channel replaces the ringing phone(s). */
  pickup(picker: string, pickerChannel: string): Promise<boolean> {
    return new Promise((resolve) => this.enqueue(async () => {
      try {
        resolve(await this.takeOver(picker, pickerChannel));
      } catch (err) {
        resolve(false);
        throw err;
      }
    }));
  }

  private async takeOver(picker: string, pickerChannel: string): Promise<boolean> {
    if (this.state.name !== 'dialling' && this.state.name !== 'ringing') return false;
    const client = this.deps.ari();
    if (!client) return false;
    this.deps.registry.addChannel(this, pickerChannel);
    this.legExtension.set(pickerChannel, picker);
    this.legIds.push(pickerChannel);
    if (!(await ifStillThere(() => client.channels.answer({ channelId: pickerChannel })))) return false;
    const from = this.ringing()?.extension ?? '';
    await this.apply({ type: 'picked-up', leg: pickerChannel });
    this.events.publish({ type: 'call.pickup', guid: this.guid, picker, from, result: 'ok' });
    this.deps.log.info({ guid: this.guid, picker }, 'call picked up');
    return true;
  }

  get stateName(): CallState['name'] {
    return this.state.name;
  }

  /** Originates every target; each leg is registered before its originate is sent. */
  dial(targets: DialTarget[]): void {
    this.enqueue(async () => {
      const client = this.deps.ari();
      const legs: string[] = [];
      for (const t of targets) {
        const id = `${this.guid}-${++this.legCount}`;
        this.deps.registry.addChannel(this, id);
        this.legIds.push(id);
        if (t.extension) this.legExtension.set(id, t.extension);
        try {
          if (!client) throw new Error('ARI link is down');
          await client.channels.originate({
            endpoint: t.endpoint, channelId: id, app: this.deps.app, appArgs: `${ORIGINATED_ARG},${this.guid}`,
            callerId: t.callerId, timeout: t.timeoutSec, originator: this.callerChannel,
          });
          legs.push(id);
        } catch (err) {
          this.deps.log.warn({ guid: this.guid, endpoint: t.endpoint, err: (err as Error).message }, 'originate failed');
        }
      }
      if (this.info?.callerExtension) this.agentEvent(this.info.callerExtension, { type: 'direct-call', guid: this.guid, outbound: true });
      this.ringSince = Date.now();
      const timeout = Math.max(...targets.map((t) => t.timeoutSec), 1);
      this.ringTimer = setTimeout(() => this.handle({ type: 'ring-timeout' }), (timeout + 5) * 1000);
      this.apply({ type: 'dialled', legs });
    });
  }

  /** C5 force hang-up: ends the call through the state machine, recorded as hung up by the system. */
  forceHangup(): void {
    this.handle({ type: 'force-hangup' });
  }

  reject(reason: HangupReason): void {
    this.handle({ type: 'rejected', reason });
  }

  handle(event: CallEvent): void {
    this.enqueue(async () => this.apply(event));
  }

  onChannelEvent(channelId: string, event: CallEventLike): void {
    const caller = channelId === this.callerChannel;
    switch (event.type) {
      case 'StasisStart':
        if (!caller) this.handle({ type: 'leg-answered', leg: channelId });
        break;
      case 'ChannelStateChange':
        if (!caller && event.channel?.state === 'Ringing') this.handle({ type: 'leg-ringing', leg: channelId });
        break;
      case 'StasisEnd':
      case 'ChannelDestroyed':
        if (caller) this.handle({ type: 'caller-hangup' });
        else if (event.type === 'ChannelDestroyed' && this.state.name !== 'answered') this.handle({ type: 'leg-failed', leg: channelId, cause: event.cause ?? 16 });
        else this.handle({ type: 'leg-hangup', leg: channelId });
        break;
    }
  }

  private enqueue(work: () => Promise<void> | void): void {
    this.queue = this.queue.then(work).catch((err) => {
      this.deps.log.error({ guid: this.guid, err }, 'call step failed; ending the call');
      void this.forceEnd();
    });
  }

  private apply(event: CallEvent): Promise<void> {
    const from = this.state.name;
    const next = transition(this.state, event);
    this.state = next.state;
    if (from !== next.state.name) {
      this.deps.log.info({ guid: this.guid }, `call ${this.guid}: ${from} -[${event.type}]-> ${next.state.name}`);
    }
    return this.run(next.effects);
  }

  private async run(effects: Effect[]): Promise<void> {
    const client = this.deps.ari();
    for (const e of effects) {
      if (e.do === 'cleanup') {
        this.cleanup();
        continue;
      }
      if (!client) throw new Error('ARI link is down');
      switch (e.do) {
        case 'ring-caller':
          await ifStillThere(() => client.channels.ring({ channelId: this.callerChannel }));
          break;
        case 'bridge': {
          if (this.ringTimer) clearTimeout(this.ringTimer);
          this.bridgeId = `${this.guid}-bridge`;
          this.answeredAt = Date.now();
          this.answeredExtension = this.legExtension.get(e.leg) ?? null;
          if (this.answeredExtension) this.agentEvent(this.answeredExtension, { type: 'direct-call', guid: this.guid, outbound: false });
          if (this.info) this.events.publish({ type: 'call.answered', guid: this.guid, agent: this.answeredExtension ?? this.info.callerExtension, caller: this.info.caller, callee: this.info.callee });
          await ifStillThere(() => client.channels.answer({ channelId: this.callerChannel }));
          await client.bridges.create({ type: 'mixing', bridgeId: this.bridgeId, name: this.guid });
          const ok = await ifStillThere(() => client.bridges.addChannel({ bridgeId: this.bridgeId!, channel: [this.callerChannel, e.leg] }));
          if (!ok) this.handle({ type: 'caller-hangup' });
          else {
            await this.tagCall(client);
            await this.startRecording(client);
          }
          break;
        }
        case 'hangup-legs':
          await Promise.all(e.legs.map((l) => ifStillThere(() => client.channels.hangup({ channelId: l, reason: e.reason }))));
          break;
        case 'hangup-caller':
          await ifStillThere(() => client.channels.hangup({ channelId: this.callerChannel, reason: e.reason }));
          break;
      }
    }
  }

  private cleanedUp = false;

  /** Runs once, however the call ended. */
  private cleanup(): void {
    if (this.cleanedUp) return;
    this.cleanedUp = true;
    if (this.ringTimer) clearTimeout(this.ringTimer);
    this.ringTimer = null;
    const client = this.deps.ari();
    if (this.bridgeId && client) {
      const bridgeId = this.bridgeId;
      void ifStillThere(() => client.bridges.destroy({ bridgeId })).catch((err) => this.deps.log.warn({ guid: this.guid, err }, 'bridge destroy failed'));
    }
    this.deps.registry.remove(this);
    for (const ext of [this.info?.callerExtension, this.answeredExtension]) {
      if (ext) this.agentEvent(ext, { type: 'call-ended', guid: this.guid, wrapUpMs: 0 });
    }
    this.writeRecord();
    this.deps.onEnded?.(this);
  }

  private recording: BridgeRecording | null = null;

  /** The call's facts on the caller's channel, for an app started after a crash (O3, call-tag.ts). */
  private async tagCall(client: Client): Promise<void> {
    if (!this.info) return;
    const value = formatCallTag({
      guid: this.guid, direction: this.info.direction, caller: this.info.caller, callee: this.info.callee,
      agent: this.answeredExtension ?? this.info.callerExtension, group: null, startedAt: this.startedAt, answeredAt: this.answeredAt ?? Date.now(),
    });
    await ifStillThere(() => client.channels.setChannelVar({ channelId: this.callerChannel, variable: CALL_TAG_VAR, value }));
  }

  private async startRecording(client: Client): Promise<void> {
    if (!this.deps.recordingDir || !this.bridgeId) return;
    this.recording = await recordCall(this.deps.recorder, this.callerChannel, this.guid, this.deps.recordingDir, this.deps.log);
  }

  private agentEvent(agent: string, event: AgentEvent): void {
    this.deps.agents?.applyIfAllowed(agent, event);
  }

  private writeRecord(): void {
    const info = this.info;
    if (!info || !this.deps.records || this.state.name !== 'ended') return;
    const { reason, by } = this.state;
    const hungUpBy: HungUpBy = by === 'callee' ? (this.answeredExtension ? 'agent' : 'callee') : by;
    const miss: MissReason = reason === 'busy' || reason === 'rejected' ? 'rejected' : reason === 'no_answer' || reason === 'timeout' ? 'timeout'
      : reason === 'congestion' || reason === 'unallocated' ? 'unreachable' : null;
    const now = Date.now();
    const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
    const status = callStatus({ direction: info.direction, answered: this.answeredAt !== null, hungUpBy: by === 'caller' ? 'caller' : hungUpBy, queued: false, ringingAtEnd: this.answeredAt === null && by === 'caller', voicemail: false, miss });
    const agent = this.answeredExtension ?? info.callerExtension;
    const talkSec = this.answeredAt ? (now - this.answeredAt) / 1000 : 0;
    this.events.publish({ type: 'call.hungup', guid: this.guid, by: hungUpBy, agent });
    this.events.publish({ type: 'call.result', guid: this.guid, status, statusText: STATUS_TEXT[status], caller: info.caller, callee: info.callee, agent, group: null, talkSec, waitSec: 0 });
    void this.deps.records.write({
      guid: this.guid, direction: info.direction, caller: info.caller, callee: info.callee, flow: null, group: null, trunk: info.trunk ?? null,
      agent: this.answeredExtension ?? info.callerExtension, status, startedAt: iso(this.startedAt)!, queuedAt: null, answeredAt: iso(this.answeredAt),
      endedAt: iso(now)!, ringSec: ((this.answeredAt ?? now) - (this.ringSince ?? now)) / 1000, waitSec: 0,
      talkSec: this.answeredAt ? (now - this.answeredAt) / 1000 : 0, hangupBy: hungUpBy, endReason: reason, surveyScore: null,
      recording: this.recording ? { path: this.recording.path, kind: 'call', startedAt: this.recording.startedAt.toISOString(), durationSec: (now - this.recording.startedAt.getTime()) / 1000 } : null,
    });
  }

  /**
   * A call step failed: hang up whatever may be left and end the call. Also when the failing step
   * was the ending itself (a hang-up request that got no answer under load): the call must still
   * leave the registry and write its record, or it would stay there for good.
   */
  private async forceEnd(): Promise<void> {
    if (this.state.name !== 'ended') this.state = { name: 'ended', reason: 'congestion', by: 'system' };
    const client = this.deps.ari();
    if (client) {
      for (const id of [this.callerChannel, ...this.legIds]) await ifStillThere(() => client.channels.hangup({ channelId: id })).catch(() => {});
    }
    this.cleanup();
  }
}
