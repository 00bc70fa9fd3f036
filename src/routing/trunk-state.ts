/**
 * Live trunk facts for routing, kept by counters (no scan of the calls per decision):
 * endpoint states (ARI), round-robin cursors, calls up per trunk and outside calls up per account.
 * No I/O: the ARI dispatcher feeds the states, call sessions report their calls.
 *
 * Availability rules (issue 15):
 * - a trunk whose state no EndpointStateChange event ever reported, or whose state is 'unknown', is usable;
 * - a state from the link-up listing counts only when it is 'online': before the first qualify
 *   Asterisk lists every unqualified trunk as offline, so a listed 'offline' is taken as 'unknown';
 * - an EndpointStateChange 'offline' makes the trunk unavailable (the engine still tries it when
 *   every trunk of its group looks down).
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

export class TrunkStates {
  /** Trunk name -> online / offline / unknown: the state routing goes by (a listed 'offline' is kept as 'unknown'). */
  readonly endpointStates = new Map<string, string>();
  /** Next round-robin start index per trunk group. */
  readonly roundRobin = new Map<string, number>();
  private readonly trunkCalls = new Map<string, number>();
  private readonly outboundCalls = new Map<string, number>();

  /** A state from an EndpointStateChange event: taken as reported. */
  fromEvent(trunk: string, state: string | undefined): void {
    this.endpointStates.set(trunk, state || 'unknown');
  }

  /**
   * A state from the endpoint listing at link-up: only 'online' is believed; anything else
   * becomes 'unknown' (usable) until an event says otherwise.
   */
  fromListing(trunk: string, state: string | undefined): void {
    this.endpointStates.set(trunk, state === 'online' ? 'online' : 'unknown');
  }

  /** False only when an event reported the trunk offline. */
  isAvailable(trunk: string): boolean {
    return (this.endpointStates.get(trunk) ?? 'unknown') !== 'offline';
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
