/**
 * An outside leg that runs in the dialplan rather than in Stasis (a fax send): the app follows
 * its channel only to know when it is gone, so its count against the trunk and account limits
 * (R8) ends with it. Like click-to-call, its events reach the app through an explicit channel
 * subscription, made once the channel exists; a channel already gone by then ends the watch.
 */
import type { Client } from 'ari-client';
import type { Logger } from '../log/logger';
import type { CallEventLike, CallRegistry, ChannelOwner } from './registry';

export interface DialplanLegDeps {
  ari: () => Client | null;
  registry: CallRegistry;
  app: string;
  log: Logger;
}

/** No fax or dialplan leg lasts this long: a watch whose end event was lost (ARI link down) still ends. */
export const DIALPLAN_LEG_MAX_MS = 3 * 3600_000;

export class DialplanLeg implements ChannelOwner {
  private ended = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: DialplanLegDeps, readonly guid: string, readonly channelId: string, private readonly release: () => void) {}

  /** Call right after the originate: releases when the channel is gone. */
  async watch(maxMs = DIALPLAN_LEG_MAX_MS): Promise<void> {
    this.deps.registry.add(this, [this.channelId]);
    this.timer = setTimeout(() => this.finish('the watch timed out'), maxMs);
    try {
      const client = this.deps.ari();
      if (!client) throw new Error('ARI link is down');
      await client.applications.subscribe({ applicationName: this.deps.app, eventSource: `channel:${this.channelId}` });
    } catch (err) {
      this.finish(`no subscription (${(err as Error).message})`);
    }
  }

  onChannelEvent(_channelId: string, event: CallEventLike): void {
    if (event.type === 'ChannelDestroyed' || event.type === 'StasisEnd') this.finish('channel gone');
  }

  private finish(why: string): void {
    if (this.ended) return;
    this.ended = true;
    if (this.timer) clearTimeout(this.timer);
    this.release();
    this.deps.registry.remove(this);
    this.deps.log.debug({ guid: this.guid, channel: this.channelId, why }, 'dialplan leg released');
  }
}
