/**
 * Click-to-call (C6, T3 originate): the agent's phone rings first; once it answers, Asterisk
 * runs the dialplan (context callcenter-in, extension = the customer's number) and the channel
 * enters Stasis as a call FROM that account, so routing, prefixes, trunk choice, records and
 * agent states are exactly those of a number dialled on the phone.
 *
 * The call's GUID is chosen here, before the originate, so the CRM can follow its events from
 * the first one: it is carried in the agent channel's id (`<guid>-c2c`), which StasisApp reads
 * when the channel enters Stasis (see clickToCallGuid).
 */
import { CallControlError } from './transfer';
import { randomUUID } from 'node:crypto';
import type { Client } from 'ari-client';
import { isAllocationFailure } from '../ari/errors';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../log/logger';
import { callerIdString } from './call-plan';
import type { CallEventLike, CallParty, CallRegistry, ChannelOwner } from './registry';

const SUFFIX = '-c2c';
const CHANNEL_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-c2c$/;

/** The agent channel's id for a click-to-call GUID. */
export function clickToCallChannelId(guid: string): string {
  return `${guid}${SUFFIX}`;
}

/** The GUID the API announced for this channel, when it is a click-to-call agent channel. */
export function clickToCallGuid(channelId: string): string | null {
  return CHANNEL_ID.exec(channelId)?.[1] ?? null;
}

export interface ClickToCallDeps {
  ari: () => Client | null;
  registry: CallRegistry;
  log: Logger;
  events: EventBus;
  /** The dialplan context every phone's call starts in. */
  context: string;
  /** The Stasis application, subscribed to the agent's channel while it rings. */
  app: string;
  /** The agent is "ringing" while its phone rings first, so the ACD does not offer it a call meanwhile. */
  agents?: { applyIfAllowed(agent: string, event: { type: 'direct-ring' | 'offer-cancelled'; guid: string }): unknown };
}

export interface ClickToCallRequest {
  agent: string;
  number: string;
  /** What the agent's phone shows instead of the customer's number. */
  displayNumber?: string;
  ringTimeoutSec: number;
}

/**
 * Watches the agent's ringing channel until the dialplan hands it to Stasis (the call object
 * takes it over there). If the agent never answers, the CRM is told the announced call ended.
 * It has its own registry key: the call object registers under the announced GUID.
 */
export class ClickToCall implements ChannelOwner {
  readonly guid = randomUUID();
  private ended = false;
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly deps: ClickToCallDeps, readonly callGuid: string, readonly request: ClickToCallRequest) {}

  get channelId(): string {
    return clickToCallChannelId(this.callGuid);
  }

  /** The agent's own phone ringing first. */
  parties(): CallParty[] {
    return [{ extension: this.request.agent, connected: false }];
  }

  async start(): Promise<void> {
    const client = this.deps.ari();
    if (!client) throw new Error('ARI link is down');
    const r = this.request;
    this.deps.registry.add(this, [this.channelId]);
    this.deps.agents?.applyIfAllowed(r.agent, { type: 'direct-ring', guid: this.callGuid });
    // Whichever comes first ends the watch: the Up state or the call object's first event.
    this.unsubscribe = this.deps.events.subscribe((e) => { if (e.type === 'call.started' && e.guid === this.callGuid) this.finish(); });
    // Ringing ends by answer (the channel enters Stasis), by refusal, or by the originate timeout;
    // the timer only guards against a lost event.
    this.timer = setTimeout(() => this.finish(), (r.ringTimeoutSec + 15) * 1000);
    try {
      await client.channels.originate({
        endpoint: `PJSIP/${r.agent}`, channelId: this.channelId, context: this.deps.context, extension: r.number, priority: 1,
        callerId: callerIdString(r.displayNumber ?? r.number), timeout: r.ringTimeoutSec,
      });
    } catch (err) {
      this.finish();
      if (isAllocationFailure(err)) throw new CallControlError('phone-unreachable', `the phone of ${r.agent} is not registered`);
      throw err;
    }
    // The channel runs in the dialplan, not in Stasis: its events reach the app only through an
    // explicit subscription (made once the channel exists; a human cannot answer or decline
    // within the few milliseconds before it).
    try {
      await client.applications.subscribe({ applicationName: this.deps.app, eventSource: `channel:${this.channelId}` });
    } catch (err) {
      // The channel is already gone: declined at once, or answered and in Stasis (call.started ends the watch).
      this.deps.log.info({ guid: this.callGuid, err: (err as Error).message }, 'click-to-call: the agent\'s channel ended before its events were subscribed');
      if (!this.ended) this.onChannelEvent(this.channelId, { type: 'ChannelDestroyed', cause: 0 } as CallEventLike);
      return;
    }
    this.deps.log.info({ guid: this.callGuid, agent: r.agent, hidden: r.displayNumber !== undefined }, 'click-to-call: agent phone rings');
  }

  /**
   * Events reach this object through the app's subscription to the channel while it is in the
   * dialplan. Answer (state Up) means the dialplan takes over and StasisApp creates the call.
   */
  onChannelEvent(_channelId: string, event: CallEventLike): void {
    if (event.type === 'ChannelStateChange' && event.channel?.state === 'Up') this.finish();
    else if (event.type === 'ChannelDestroyed') {
      this.deps.log.info({ guid: this.callGuid, agent: this.request.agent, cause: event.cause }, 'click-to-call: agent did not answer');
      this.deps.events.publish({ type: 'call.hungup', guid: this.callGuid, by: 'agent', agent: this.request.agent });
      this.finish();
    }
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    // Answered: the call session has taken the agent to "on call" (same GUID) and this changes
    // nothing; not answered: the agent is back to where it was.
    this.deps.agents?.applyIfAllowed(this.request.agent, { type: 'offer-cancelled', guid: this.callGuid });
    if (this.timer) clearTimeout(this.timer);
    this.unsubscribe?.();
    // Only this watcher's own entries go: the call object may already own the channel.
    this.deps.registry.remove(this);
  }
}
