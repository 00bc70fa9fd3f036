/**
 * A call being routed or connected: runs the call-state machine and carries out its effects
 * over ARI. Events for one call are handled strictly in order through one queue.
 */
import type { Client } from 'ari-client';
import { ifStillThere } from '../ari/errors';
import { ORIGINATED_ARG } from '../ari/events';
import type { Logger } from '../log/logger';
import { transition, type CallEvent, type CallState, type Effect, type HangupReason } from './call-state';
import type { CallRegistry, ChannelOwner } from './registry';

export interface DialTarget { endpoint: string; callerId: string; timeoutSec: number }

export interface RoutedCallDeps {
  ari: () => Client | null;
  registry: CallRegistry<RoutedCall>;
  log: Logger;
  app: string;
  onEnded?: (call: RoutedCall) => void;
}

export class RoutedCall implements ChannelOwner {
  private state: CallState = { name: 'routing' };
  private queue: Promise<void> = Promise.resolve();
  private bridgeId: string | null = null;
  private ringTimer: NodeJS.Timeout | null = null;
  private legCount = 0;
  readonly startedAt = Date.now();

  constructor(readonly guid: string, readonly callerChannel: string, readonly summary: string, private readonly deps: RoutedCallDeps) {
    deps.registry.add(this, [callerChannel]);
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
      const timeout = Math.max(...targets.map((t) => t.timeoutSec), 1);
      this.ringTimer = setTimeout(() => this.handle({ type: 'ring-timeout' }), (timeout + 5) * 1000);
      this.apply({ type: 'dialled', legs });
    });
  }

  reject(reason: HangupReason): void {
    this.handle({ type: 'rejected', reason });
  }

  handle(event: CallEvent): void {
    this.enqueue(async () => this.apply(event));
  }

  onChannelEvent(channelId: string, event: { type: string; cause?: number; channel: { state: string } }): void {
    const caller = channelId === this.callerChannel;
    switch (event.type) {
      case 'StasisStart':
        if (!caller) this.handle({ type: 'leg-answered', leg: channelId });
        break;
      case 'ChannelStateChange':
        if (!caller && event.channel.state === 'Ringing') this.handle({ type: 'leg-ringing', leg: channelId });
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
          await ifStillThere(() => client.channels.answer({ channelId: this.callerChannel }));
          await client.bridges.create({ type: 'mixing', bridgeId: this.bridgeId, name: this.guid });
          const ok = await ifStillThere(() => client.bridges.addChannel({ bridgeId: this.bridgeId!, channel: [this.callerChannel, e.leg] }));
          if (!ok) this.handle({ type: 'caller-hangup' });
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

  private cleanup(): void {
    if (this.ringTimer) clearTimeout(this.ringTimer);
    this.ringTimer = null;
    const client = this.deps.ari();
    if (this.bridgeId && client) {
      const bridgeId = this.bridgeId;
      void ifStillThere(() => client.bridges.destroy({ bridgeId })).catch((err) => this.deps.log.warn({ guid: this.guid, err }, 'bridge destroy failed'));
    }
    this.deps.registry.remove(this);
    this.deps.onEnded?.(this);
  }

  /** Last resort after an unexpected failure: hang up everything this call owns. */
  private async forceEnd(): Promise<void> {
    if (this.state.name === 'ended') return;
    const legs = this.state.name === 'answered' ? [this.state.leg] : this.state.name === 'routing' ? [] : this.state.legs;
    this.state = { name: 'ended', reason: 'congestion', by: 'system' };
    const client = this.deps.ari();
    if (client) {
      for (const id of [this.callerChannel, ...legs]) await ifStillThere(() => client.channels.hangup({ channelId: id })).catch(() => {});
    }
    this.cleanup();
  }
}
