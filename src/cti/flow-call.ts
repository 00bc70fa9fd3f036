/**
 * A call the app places to run a flow for whoever answers (timers, manual 002 §28 定时处理设置):
 * the number is dialled as the `from` account's phone would dial it (dial rules, class of
 * service, trunk choice and caller ID); the answered channel enters Stasis and becomes a contact
 * call (StasisApp.startFlowCall) that runs the flow. Not answered: `call.hungup` then nothing
 * more (no record: nobody talked). The watcher's registry entries end with the ringing.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from 'ari-client';
import { ifStillThere, isAllocationFailure } from '../ari/errors';
import { ARI_TRANSFER_VARS, ORIGINATED_ARG } from '../ari/events';
import type { CallEventLike, CallRegistry, ChannelOwner } from '../calls/registry';
import type { DialResolution } from '../calls/transfer';
import type { EventSink } from '../events/cti-events';
import type { Logger } from '../log/logger';

export interface FlowCallDeps {
  ari: () => Client | null;
  registry: CallRegistry;
  app: string;
  log: Logger;
  events: EventSink;
  resolveDial: (fromExtension: string, number: string) => DialResolution | { error: string };
  startFlowCall: (c: { guid: string; channelId: string; number: string; from: string; flow: string; trunk: string | null }) => boolean;
}

export class FlowCallError extends Error {}

export class FlowCall implements ChannelOwner {
  /** The watcher's own registry key; the call registers under callGuid when answered. */
  readonly guid = randomUUID();
  readonly callGuid = randomUUID();
  private readonly channelId = `${this.callGuid}-flow`;
  private done = false;
  private target: DialResolution | null = null;

  constructor(private readonly deps: FlowCallDeps, readonly from: string, readonly number: string, readonly flow: string) {}

  /** Dials; rejects with FlowCallError when the number routes nowhere or the phone is not registered. */
  async start(): Promise<string> {
    const client = this.deps.ari();
    if (!client) throw new FlowCallError('the link to Asterisk (ARI) is down');
    const r = this.deps.resolveDial(this.from, this.number);
    if ('error' in r) throw new FlowCallError(`${this.number} from ${this.from}: ${r.error}`);
    this.target = r;
    this.deps.registry.add(this, [this.channelId]);
    try {
      await client.channels.originate({
        endpoint: r.endpoint, channelId: this.channelId, app: this.deps.app, appArgs: `${ORIGINATED_ARG},${this.callGuid}`,
        callerId: r.callerId, timeout: r.timeoutSec, variables: { ...ARI_TRANSFER_VARS },
      });
    } catch (err) {
      this.finish();
      if (isAllocationFailure(err)) throw new FlowCallError(`${r.endpoint} cannot be reached`);
      throw err;
    }
    this.deps.log.info({ guid: this.callGuid, from: this.from, number: this.number, flow: this.flow, endpoint: r.endpoint }, 'flow call: dialling');
    return this.callGuid;
  }

  onChannelEvent(channelId: string, event: CallEventLike): void {
    if (channelId !== this.channelId || this.done) return;
    if (event.type === 'StasisStart') this.answered();
    else if (event.type === 'ChannelDestroyed' || event.type === 'StasisEnd') {
      this.deps.log.info({ guid: this.callGuid, cause: event.cause }, 'flow call: not answered');
      this.deps.events.publish({ type: 'call.hungup', guid: this.callGuid, by: 'callee', agent: null });
      this.finish();
    }
  }

  private answered(): void {
    this.finish();
    const taken = this.deps.startFlowCall({ guid: this.callGuid, channelId: this.channelId, number: this.number, from: this.from, flow: this.flow, trunk: this.target?.trunk ?? null });
    if (taken) return;
    this.deps.log.warn({ guid: this.callGuid, flow: this.flow }, 'flow call: the flow is gone from the configuration; hung up');
    const client = this.deps.ari();
    if (client) void ifStillThere(() => client.channels.hangup({ channelId: this.channelId })).catch(() => undefined);
  }

  private finish(): void {
    this.done = true;
    this.deps.registry.remove(this);
  }
}
