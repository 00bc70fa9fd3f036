/** The registry of live calls, keyed by every channel id a call owns. Passed in, never global. */

/** What the dispatcher hands a call: the ARI event, flattened where ARI nests it. */
export interface CallEventLike {
  type: string;
  cause?: number;
  digit?: string;
  playbackId?: string;
  channel?: { state: string };
}

/** A phone ringing for a call, as pickup (A5) sees it. */
export interface RingingLeg {
  extension: string;
  group: string | null;
  since: number;
}

/** What the API and dashboard see of a call (T3 call info). */
export interface CallSnapshot {
  guid: string;
  direction: string;
  caller: string;
  callee: string;
  /** The call's phase: flow, queued, ringing, connected, consulting, held, survey, ... */
  state: string;
  agent: string | null;
  group: string | null;
  /** The trunk the call came in on or goes out through. */
  trunk: string | null;
  startedAt: string;
  answeredAt: string | null;
  /** The customer's channel and the agent's, when there are. */
  callerChannel: string;
  agentChannel: string | null;
  bridgeId: string | null;
  held: boolean;
}

/** A local phone a call involves: connected (serving the customer) or only a party (rung, calling, the agent of record). */
export interface CallParty {
  extension: string;
  connected: boolean;
}

export interface ChannelOwner {
  readonly guid: string;
  /** The local phones the call involves now (what an agent may see and control, src/api/call-access.ts). */
  parties?(): CallParty[];
  onChannelEvent(channelId: string, event: CallEventLike): void;
  ringing?(): RingingLeg | null;
  pickup?(picker: string, pickerChannel: string): Promise<boolean>;
  snapshot?(): CallSnapshot;
  /** Supervisor force hang-up (C5): the call ends every side and records "system". */
  forceHangup?(): void;
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

  byGuid(guid: string): C | undefined {
    return this.calls.get(guid);
  }

  all(): C[] {
    return [...this.calls.values()];
  }
}
