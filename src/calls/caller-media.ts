/**
 * Media requests on one channel over ARI (prompts, music on hold, recordings), each tolerant
 * of a channel that hung up a moment ago.
 */
import type { Client } from 'ari-client';
import { connectedClient, ifStillThere } from '../ari/errors';
import type { ChannelMedia } from '../flows/flow-runner';

/** Prompt name -> ARI media URI; "file:x" is an uploaded prompt in the site's prompt folder. */
export function mediaUri(prompt: string, promptDir: string): string {
  return prompt.startsWith('file:') ? `sound:${promptDir}/${prompt.slice(5)}` : `sound:${prompt}`;
}

export class CallerMedia implements ChannelMedia {
  private count = 0;

  constructor(private readonly ari: () => Client | null, private readonly channelId: string, private readonly promptDir: string) {}

  private client(): Client {
    return connectedClient(this.ari);
  }

  async play(prompts: string[], language: string): Promise<string | null> {
    const playbackId = `${this.channelId}-p${++this.count}`;
    const media = prompts.map((p) => mediaUri(p, this.promptDir));
    const ok = await ifStillThere(() => this.client().channels.play({ channelId: this.channelId, media: media as unknown as string, lang: language, playbackId }));
    return ok ? playbackId : null;
  }

  async stopPlayback(id: string): Promise<void> {
    await ifStillThere(() => this.client().playbacks.stop({ playbackId: id }));
  }

  async startMoh(mohClass: string): Promise<void> {
    await ifStillThere(() => this.client().channels.startMoh({ channelId: this.channelId, mohClass }));
  }

  async stopMoh(): Promise<void> {
    await ifStillThere(() => this.client().channels.stopMoh({ channelId: this.channelId }));
  }

  async answer(): Promise<boolean> {
    return ifStillThere(() => this.client().channels.answer({ channelId: this.channelId }));
  }

  async hangup(reason: string): Promise<void> {
    await ifStillThere(() => this.client().channels.hangup({ channelId: this.channelId, reason }));
  }

  /** Records what the caller says (voicemail) into <spool>/recording/<name>.wav. */
  async record(name: string, maxSec: number): Promise<boolean> {
    return ifStillThere(() => this.client().channels.record({ channelId: this.channelId, name, format: 'wav', maxDurationSeconds: maxSec, beep: true, terminateOn: '#', ifExists: 'overwrite' }));
  }
}
