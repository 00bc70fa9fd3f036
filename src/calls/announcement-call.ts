/**
 * A short call that only answers, plays a confirmation (or an error tone) and hangs up: the
 * reply to a feature code such as *11 (login) or a pickup that found nothing to pick up.
 */
import type { Client } from 'ari-client';
import type { Logger } from '../log/logger';
import { CallerMedia } from './caller-media';
import type { CallEventLike, CallRegistry, ChannelOwner } from './registry';

export class AnnouncementCall implements ChannelOwner {
  private playbackId: string | null = null;
  private done = false;
  private queue: Promise<void> = Promise.resolve();
  private readonly media: CallerMedia;

  constructor(readonly guid: string, channelId: string, ari: () => Client | null, private readonly registry: CallRegistry, private readonly log: Logger, promptDir: string) {
    this.media = new CallerMedia(ari, channelId, promptDir);
    registry.add(this, [channelId]);
  }

  play(prompts: string[]): void {
    this.enqueue(async () => {
      if (!(await this.media.answer())) return this.end();
      this.playbackId = await this.media.play(prompts, 'en');
      if (!this.playbackId) this.end();
    });
  }

  onChannelEvent(_channelId: string, event: CallEventLike): void {
    this.enqueue(async () => {
      if (event.type === 'PlaybackFinished' && event.playbackId === this.playbackId) {
        await this.media.hangup('normal');
        this.end();
      } else if (event.type === 'StasisEnd' || event.type === 'ChannelDestroyed') {
        this.end();
      }
    });
  }

  private enqueue(work: () => Promise<void> | void): void {
    this.queue = this.queue.then(work).catch((err) => {
      this.log.warn({ guid: this.guid, err: (err as Error).message }, 'announcement failed');
      void this.media.hangup('normal').catch(() => {});
      this.end();
    });
  }

  private end(): void {
    if (this.done) return;
    this.done = true;
    this.registry.remove(this);
  }
}
