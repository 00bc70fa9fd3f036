/** The registry of live calls, keyed by every channel id a call owns. Passed in, never global. */

export interface ChannelOwner {
  readonly guid: string;
  onChannelEvent(channelId: string, event: { type: string; cause?: number; channel: { state: string } }): void;
}

export class CallRegistry<C extends ChannelOwner = ChannelOwner> {
  private readonly byChannel = new Map<string, C>();
  private readonly calls = new Map<string, C>();

  add(call: C, channelIds: string[]): void {
    this.calls.set(call.guid, call);
    for (const id of channelIds) this.byChannel.set(id, call);
  }

  /** Registered before the originate whose events it awaits. */
  addChannel(call: C, channelId: string): void {
    this.byChannel.set(channelId, call);
  }

  byChannelId(channelId: string): C | undefined {
    return this.byChannel.get(channelId);
  }

  remove(call: C): void {
    this.calls.delete(call.guid);
    for (const [id, c] of this.byChannel) if (c === call) this.byChannel.delete(id);
  }

  get size(): number {
    return this.calls.size;
  }

  get channelCount(): number {
    return this.byChannel.size;
  }

  all(): C[] {
    return [...this.calls.values()];
  }
}
