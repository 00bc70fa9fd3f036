/**
 * Issue 18, qualify ride-over: how calls through a trunk go, read from the ARI events of its
 * channels (no I/O: fed by the dispatcher, it reports to TrunkStates.callOutcome).
 * - success: a call from the trunk reached us (StasisStart), or our call to it rang or was
 *   answered, or the far end refused it in a way only a live far end does (busy, rejected,
 *   unallocated number, no answer, invalid number);
 * - failure: our call ended before any ringing with a cause meaning the far end did not respond
 *   or is out of service (Q.850 18 no response: the INVITE timed out or 408; 27 out of order: 502;
 *   34 congestion: 503; 38 network out of order / 500; 41, 42 temporary failure; 102 timer expiry: 504);
 * - anything else (our own cancel, normal clearing before ringing): no evidence either way.
 */
export const FAILURE_CAUSES: ReadonlySet<number> = new Set([18, 27, 34, 38, 41, 42, 102]);
export const LIVE_FAR_END_CAUSES: ReadonlySet<number> = new Set([1, 3, 17, 19, 21, 28]);

/** A channel event as the dispatcher has it (only these fields are read). */
export interface TrunkChannelEvent {
  type: string;
  channel?: { id: string; name?: string; state?: string };
  cause?: number;
}

/** "PJSIP/carrier-b-0000002b" -> "carrier-b"; null for anything else. */
export function endpointOfChannel(name: string | undefined): string | null {
  const m = /^PJSIP\/(.+)-[0-9a-f]{8}$/.exec(name ?? '');
  return m ? m[1] : null;
}

/** Channels remembered at most (a link drop can lose their ChannelDestroyed). */
const MAX_TRACKED = 10000;

export class TrunkCallWatch {
  /** Trunk channels whose outcome was already reported (a call from the trunk, or ours that rang): their end says nothing more. */
  private readonly settled = new Set<string>();

  constructor(private readonly isTrunk: (endpoint: string) => boolean, private readonly report: (trunk: string, ok: boolean) => void) {}

  onEvent(e: TrunkChannelEvent): void {
    const ch = e.channel;
    if (!ch) return;
    const trunk = endpointOfChannel(ch.name);
    if (!trunk || !this.isTrunk(trunk)) return;
    switch (e.type) {
      case 'StasisStart':
        // A call from the trunk reached us, or ours to it was answered.
        return this.success(ch.id, trunk);
      case 'ChannelStateChange':
        if (ch.state === 'Ringing' || ch.state === 'Up') this.success(ch.id, trunk);
        return;
      case 'ChannelDestroyed': {
        if (this.settled.delete(ch.id) || e.cause === undefined) return;
        if (FAILURE_CAUSES.has(e.cause)) this.report(trunk, false);
        else if (LIVE_FAR_END_CAUSES.has(e.cause)) this.report(trunk, true);
      }
    }
  }

  get remembered(): number {
    return this.settled.size;
  }

  private success(channelId: string, trunk: string): void {
    if (this.settled.has(channelId)) return;
    if (this.settled.size >= MAX_TRACKED) this.settled.delete(this.settled.values().next().value as string);
    this.settled.add(channelId);
    this.report(trunk, true);
  }
}
