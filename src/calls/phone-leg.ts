/**
 * A phone rung for an API command (pickup, take over): originates the extension into the
 * Stasis app and, once it answers, hands the answered channel to `onAnswer`. If the handler
 * declines (the call moved on) the phone is hung up. Registry entries of the leg end with it.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from 'ari-client';
import { ifStillThere, isAllocationFailure } from '../ari/errors';
import { ARI_TRANSFER_VARS, ORIGINATED_ARG } from '../ari/events';
import type { Logger } from '../log/logger';
import type { CallEventLike, CallRegistry, ChannelOwner } from './registry';
import { CallControlError } from './transfer';

export interface PhoneLegDeps {
  ari: () => Client | null;
  registry: CallRegistry;
  app: string;
  log: Logger;
}

export class PhoneLeg implements ChannelOwner {
  readonly guid = randomUUID();
  private readonly channelId = `${this.guid}-phone`;
  private done = false;

  constructor(private readonly deps: PhoneLegDeps, readonly extension: string, private readonly onAnswer: (channelId: string) => Promise<boolean>) {}

  /** Rings the phone; rejects with CallControlError when it cannot be reached at all. */
  async ring(callerId: string, timeoutSec: number): Promise<void> {
    const client = this.deps.ari();
    if (!client) throw new Error('ARI link is down');
    this.deps.registry.add(this, [this.channelId]);
    try {
      await client.channels.originate({
        endpoint: `PJSIP/${this.extension}`, channelId: this.channelId, app: this.deps.app, appArgs: `${ORIGINATED_ARG},${this.guid}`, callerId, timeout: timeoutSec, variables: { ...ARI_TRANSFER_VARS },
      });
    } catch (err) {
      this.end();
      if (isAllocationFailure(err)) throw new CallControlError('phone-unreachable', `the phone of ${this.extension} is not registered`);
      throw err;
    }
  }

  onChannelEvent(channelId: string, event: CallEventLike): void {
    if (channelId !== this.channelId || this.done) return;
    if (event.type === 'StasisStart') void this.answered();
    else if (event.type === 'StasisEnd' || event.type === 'ChannelDestroyed') this.end();
  }

  private async answered(): Promise<void> {
    this.done = true;
    let taken = false;
    try {
      taken = await this.onAnswer(this.channelId);
    } catch (err) {
      this.deps.log.info({ extension: this.extension, err: (err as Error).message }, 'answered phone not used');
    }
    // Only this leg's own entries go: a call that took the channel now owns it in the registry.
    this.deps.registry.remove(this);
    if (!taken) {
      const client = this.deps.ari();
      if (client) await ifStillThere(() => client.channels.hangup({ channelId: this.channelId })).catch(() => {});
    }
  }

  private end(): void {
    this.done = true;
    this.deps.registry.remove(this);
  }
}
