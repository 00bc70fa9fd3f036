/**
 * A supervisor on a call in progress (C5): listen, whisper or barge. The supervisor's phone is
 * rung first; once answered it is connected (snoop + own bridge, or the call's bridge). The
 * session owns its phone channel, snoop channel, bridge and the silence it plays into the call's
 * bridge (KEEP_MIXING), and ends when the supervisor hangs up or the monitored call ends; ending
 * releases all of them and its registry entries.
 */
import { CallControlError } from './transfer';
import { randomUUID } from 'node:crypto';
import type { Client } from 'ari-client';
import { connectedClient, ifStillThere, isAllocationFailure } from '../ari/errors';
import { withTimeout } from '../util/backoff';
import { ORIGINATED_ARG } from '../ari/events';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../log/logger';
import type { CallEventLike, CallRegistry, ChannelOwner } from './registry';
import { connectionFor, sessionTransition, type SessionEvent, type SessionState, type SupervisionMode } from './supervision';

/**
 * Silence played into the call's bridge while a snoop (listen, whisper) is attached. A snoop is an
 * audiohook on the agent's channel, and Asterisk 22 services audiohooks only when a voice frame
 * passes that channel: the whisper is mixed into frames written to the agent, and hanging up the
 * snoop blocks (ast_audiohook_detach) until the next frame (asterisk/asterisk#978). A two-party
 * bridge passes frames only while a phone sends RTP, so with a silent customer the agent heard no
 * whisper and the snoop outlived the session until the call ended. With this playback's
 * Announcer channel in it, Asterisk mixes the bridge in software, which writes a frame to every
 * member each 20 ms. ARI leaves the Announcer (an internal channel) out of the bridge's channels.
 */
const KEEP_MIXING = 'tone:0/1000';
/** How long ending the session waits for Asterisk to destroy the hung-up snoop channel. */
const SNOOP_GONE_MS = 3000;

export interface SupervisorSessionDeps {
  ari: () => Client | null;
  registry: CallRegistry;
  app: string;
  log: Logger;
  events: EventBus;
}

/** The part of the monitored call the session needs (from its CallSnapshot). */
export interface MonitoredCall {
  guid: string;
  agentChannel: string;
  bridgeId: string;
}

export class SupervisorSession implements ChannelOwner {
  readonly guid = randomUUID();
  readonly phoneChannel = `${this.guid}-sup`;
  readonly snoopChannel = `${this.guid}-snoop`;
  readonly bridgeId = `${this.guid}-bridge`;
  readonly mixingPlayback = `${this.guid}-mixing`;
  private state: SessionState = 'ringing';
  private queue: Promise<void> = Promise.resolve();
  private joined = false;
  private unsubscribe: (() => void) | null = null;
  private mixing = false;
  private snooping = false;
  private snoopDestroyed!: () => void;
  private readonly snoopGone = new Promise<void>((resolve) => { this.snoopDestroyed = resolve; });
  private readonly log: Logger;

  constructor(private readonly deps: SupervisorSessionDeps, readonly call: MonitoredCall, readonly supervisor: string, readonly mode: SupervisionMode) {
    this.log = deps.log.child({ guid: call.guid, session: this.guid });
  }

  /** Rings the supervisor's phone; rejects with CallControlError when it is not registered. */
  async start(callerId: string, timeoutSec: number): Promise<void> {
    const client = connectedClient(this.deps.ari);
    this.deps.registry.add(this, [this.phoneChannel]);
    // The monitored call's end, whatever the mode: the call object says so on the event bus.
    this.unsubscribe = this.deps.events.subscribe((e) => { if (e.type === 'call.hungup' && e.guid === this.call.guid) this.handle('call-gone'); });
    try {
      await client.channels.originate({
        endpoint: `PJSIP/${this.supervisor}`, channelId: this.phoneChannel, app: this.deps.app, appArgs: `${ORIGINATED_ARG},${this.guid}`,
        callerId, timeout: timeoutSec,
      });
    } catch (err) {
      this.handle('supervisor-gone');
      await this.queue;
      if (isAllocationFailure(err)) throw new CallControlError('phone-unreachable', `the phone of ${this.supervisor} is not registered`);
      throw err;
    }
    this.log.info({ supervisor: this.supervisor, mode: this.mode }, 'supervisor phone rings');
  }

  onChannelEvent(channelId: string, event: CallEventLike): void {
    const phone = channelId === this.phoneChannel;
    if (channelId === this.snoopChannel && event.type === 'ChannelDestroyed') this.snoopDestroyed();
    switch (event.type) {
      case 'StasisStart':
        if (phone) this.handle('answered');
        else if (channelId === this.snoopChannel) this.enqueue(() => this.bridgeSnoop());
        break;
      case 'ChannelLeftBridge':
        // Barge: the call's bridge is destroyed when the call ends.
        if (phone && this.mode === 'barge' && this.state === 'active') this.handle('call-gone');
        break;
      case 'StasisEnd':
      case 'ChannelDestroyed':
        this.handle(phone ? 'supervisor-gone' : 'call-gone');
        break;
    }
  }

  private handle(event: SessionEvent): void {
    this.enqueue(async () => {
      const from = this.state;
      const next = sessionTransition(this.state, event);
      this.state = next.state;
      if (from !== next.state) this.log.info(`supervisor session ${this.guid}: ${from} -[${event}]-> ${next.state}`);
      if (next.effect === 'join') await this.join();
      else if (next.effect === 'cleanup') await this.cleanup();
    });
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(work).catch((err) => {
      this.log.warn({ err: (err as Error).message }, 'supervisor session step failed; ending it');
      if (this.state !== 'ended') this.handle('join-failed');
    });
  }

  private async join(): Promise<void> {
    const c = connectedClient(this.deps.ari);
    const how = connectionFor(this.mode);
    if (how.kind === 'join-call-bridge') {
      if (!(await ifStillThere(() => c.bridges.addChannel({ bridgeId: this.call.bridgeId, channel: this.phoneChannel })))) return this.handle('call-gone');
    } else {
      await c.bridges.create({ type: 'mixing', bridgeId: this.bridgeId, name: `supervise-${this.call.guid}` });
      if (!(await ifStillThere(() => c.bridges.addChannel({ bridgeId: this.bridgeId, channel: this.phoneChannel })))) return this.handle('supervisor-gone');
      // Started before the snoop attaches, stopped once it is destroyed (cleanup).
      // Set first: a request that timed out may still have started the silence, which cleanup stops (404 if not).
      this.mixing = true;
      if (!(await ifStillThere(() => c.bridges.play({ bridgeId: this.call.bridgeId, media: KEEP_MIXING, playbackId: this.mixingPlayback })))) return this.handle('call-gone');
      this.deps.registry.addChannel(this, this.snoopChannel);
      // The snoop channel joins the bridge when it enters Stasis (bridgeSnoop).
      const ok = await ifStillThere(() => c.channels.snoopChannelWithId({
        channelId: this.call.agentChannel, snoopId: this.snoopChannel, spy: how.spy, whisper: how.whisper, app: this.deps.app, appArgs: `${ORIGINATED_ARG},${this.guid}`,
      }));
      if (!ok) return this.handle('call-gone');
      // Set now: even if the subscription below fails, cleanup's bounded wait keeps the bridge
      // mixing long enough (frames every 20 ms) for the hung-up snoop to detach.
      this.snooping = true;
      // Its ChannelDestroyed comes after StasisEnd, which ends the subscription Stasis gave.
      if (!(await ifStillThere(() => c.applications.subscribe({ applicationName: this.deps.app, eventSource: `channel:${this.snoopChannel}` })))) return this.handle('call-gone');
    }
    this.joined = true;
    this.deps.events.publish({ type: 'supervisor.joined', guid: this.call.guid, supervisor: this.supervisor, mode: this.mode });
    this.log.info({ supervisor: this.supervisor, mode: this.mode }, 'supervisor joined');
  }

  private async bridgeSnoop(): Promise<void> {
    if (this.state !== 'active') return;
    const c = connectedClient(this.deps.ari);
    if (!(await ifStillThere(() => c.bridges.addChannel({ bridgeId: this.bridgeId, channel: this.snoopChannel })))) this.handle('call-gone');
  }

  private async cleanup(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    const c = this.deps.ari();
    if (c) {
      await ifStillThere(() => c.channels.hangup({ channelId: this.phoneChannel })).catch(() => {});
      if (this.mode !== 'barge') {
        await ifStillThere(() => c.channels.hangup({ channelId: this.snoopChannel })).catch(() => {});
        // The snoop's audiohook detaches on the next frame the bridge mixes (KEEP_MIXING).
        if (this.snooping) {
          await withTimeout(this.snoopGone, SNOOP_GONE_MS, 'snoop channel destroyed')
            .catch((err) => this.log.warn({ err: (err as Error).message }, 'snoop channel still there; silence stopped anyway'));
        }
        if (this.mixing) await ifStillThere(() => c.playbacks.stop({ playbackId: this.mixingPlayback })).catch(() => {});
        await ifStillThere(() => c.bridges.destroy({ bridgeId: this.bridgeId })).catch(() => {});
      }
    }
    this.deps.registry.remove(this);
    if (this.joined) this.deps.events.publish({ type: 'supervisor.left', guid: this.call.guid, supervisor: this.supervisor });
    this.log.info({ supervisor: this.supervisor }, 'supervisor session ended');
  }
}
