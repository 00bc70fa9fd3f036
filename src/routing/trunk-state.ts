/**
 * Live trunk facts for routing, kept by counters (no scan of the calls per decision):
 * endpoint states (ARI), round-robin cursors, calls up per trunk and outside calls up per account.
 * No I/O: the ARI dispatcher feeds the states, call sessions report their calls.
 *
 * Availability rules (issue 15):
 * - a trunk whose state no EndpointStateChange event ever reported, or whose state is 'unknown', is usable;
 * - a state from the link-up listing counts only when it is 'online': before the first qualify
 *   Asterisk lists every unqualified trunk as offline, so a listed 'offline' is taken as 'unknown';
 * - an EndpointStateChange 'offline' (a missed qualify) does not make the trunk unavailable by
 *   itself (issue 18, ride-over): it stays usable while calls through it succeed, i.e. when the
 *   last call outcome since it went offline was a success, or, with no call outcome since, for
 *   RIDE_OVER_MS after the miss when a call succeeded within RIDE_OVER_MS before it (a busy
 *   trunk whose OPTIONS answer came late under load). It becomes unavailable when a call through it fails (no answer to the
 *   INVITE, 503, ...) or when it was quiet before going offline. The engine still tries an
 *   unavailable trunk when every trunk of its group looks down.
 * A call outcome: `success` = the far end answered the INVITE in any way (ringing, answer, busy,
 * a normal decline); `failure` = no response, congestion, out of order (trunk-outcome.ts).
 */
import type { RoutingState, TrunkStatus } from './types';

/** What a call reports when it starts: its trunk (if any) and, for outside calls, the calling account. */
export interface CallFacts {
  /** The trunk the call uses (inbound from it or outbound through it); null/absent: no trunk. */
  trunk?: string | null;
  /** Extension of the account making an outside call (R8 per-account limit); null/absent: not counted. */
  outboundBy?: string | null;
}

/** Releases what `callStarted` counted; calling it again does nothing. */
export type CallRelease = () => void;

/** A trunk that carried a call this recently before a missed qualify is still tried (ms). */
export const RIDE_OVER_MS = 60000;

export class TrunkStates {
  /** Trunk name -> online / offline / unknown: the state routing goes by (a listed 'offline' is kept as 'unknown'). */
  readonly endpointStates = new Map<string, string>();
  /** Next round-robin start index per trunk group. */
  readonly roundRobin = new Map<string, number>();
  private readonly trunkCalls = new Map<string, number>();
  private readonly outboundCalls = new Map<string, number>();
  /** When each trunk went offline (qualify), and the last call outcome and success per trunk. */
  private readonly offlineSince = new Map<string, number>();
  private readonly lastOutcome = new Map<string, { ok: boolean; at: number }>();
  private readonly lastSuccess = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A state from an EndpointStateChange event: taken as reported. */
  fromEvent(trunk: string, state: string | undefined): void {
    const s = state || 'unknown';
    if (s === 'offline' && this.endpointStates.get(trunk) !== 'offline') this.offlineSince.set(trunk, this.now());
    if (s !== 'offline') this.offlineSince.delete(trunk);
    this.endpointStates.set(trunk, s);
  }

  /** How a call through the trunk went (in or out): the far end responded (true) or not (false). */
  callOutcome(trunk: string, ok: boolean): void {
    const at = this.now();
    this.lastOutcome.set(trunk, { ok, at });
    if (ok) this.lastSuccess.set(trunk, at);
  }

  /**
   * A state from the endpoint listing at link-up: only 'online' is believed; anything else
   * becomes 'unknown' (usable) until an event says otherwise.
   */
  fromListing(trunk: string, state: string | undefined): void {
    this.offlineSince.delete(trunk);
    this.endpointStates.set(trunk, state === 'online' ? 'online' : 'unknown');
  }

  /** False only when an event reported the trunk offline and its calls do not say otherwise (see the file comment). */
  isAvailable(trunk: string): boolean {
    if ((this.endpointStates.get(trunk) ?? 'unknown') !== 'offline') return true;
    return this.ridesOver(trunk);
  }

  /** Offline by qualify but still carrying calls (issue 18). */
  ridesOver(trunk: string): boolean {
    const since = this.offlineSince.get(trunk) ?? this.now();
    const last = this.lastOutcome.get(trunk);
    if (last && last.at > since) return last.ok;
    // No call since the miss: ride over for a minute if it carried calls just before (a dead
    // trunk's calls may end without an outcome: cancelled by us before any response).
    const ok = this.lastSuccess.get(trunk);
    return ok !== undefined && since - ok <= RIDE_OVER_MS && this.now() - since <= RIDE_OVER_MS;
  }

  /** Keeps the cursors a routing decision moved. */
  keepCursors(cursors: ReadonlyMap<string, number>): void {
    for (const [k, v] of cursors) this.roundRobin.set(k, v);
  }

  /**
   * Counts a call (on its trunk, and as an outside call of `outboundBy`) until the returned
   * function is called; that function releases the counts exactly once, however often it is called.
   */
  callStarted(facts: CallFacts): CallRelease {
    const trunk = facts.trunk || null;
    const account = facts.outboundBy || null;
    if (trunk) bump(this.trunkCalls, trunk, 1);
    if (account) bump(this.outboundCalls, account, 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (trunk) bump(this.trunkCalls, trunk, -1);
      if (account) bump(this.outboundCalls, account, -1);
    };
  }

  /** Calls up on a trunk now. */
  activeCalls(trunk: string): number {
    return this.trunkCalls.get(trunk) ?? 0;
  }

  /** Outside calls an account has up now (R8 per-account limit). */
  activeOutbound(extension: string): number {
    return this.outboundCalls.get(extension) ?? 0;
  }

  /**
   * The engine's view: every trunk with a known state or calls up. `callsOverride` replaces the
   * counters' calls per trunk (the dispatcher's registry scan, until every call kind reports).
   */
  routingState(callsOverride?: ReadonlyMap<string, number>): RoutingState {
    const calls = callsOverride ?? this.trunkCalls;
    const trunkStatus = new Map<string, TrunkStatus>();
    for (const name of new Set([...this.endpointStates.keys(), ...calls.keys()])) {
      trunkStatus.set(name, { available: this.isAvailable(name), activeCalls: calls.get(name) ?? 0 });
    }
    return { trunkStatus, roundRobin: this.roundRobin };
  }
}

function bump(m: Map<string, number>, key: string, by: number): void {
  const n = (m.get(key) ?? 0) + by;
  if (n > 0) m.set(key, n);
  else m.delete(key);
}
