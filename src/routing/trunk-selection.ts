/**
 * Picks a trunk of a trunk group: round-robin or first-free, skipping trunks that are down or full.
 * When every trunk is skipped only for looking down (none disabled or full), the first of them in
 * the round-robin order is still tried: availability comes from qualify, which lags (or has not run
 * yet), and Asterisk fails the call anyway if the trunk is really unreachable.
 */
import type { RoutingState, Trunk, TrunkGroup } from './types';

export interface TrunkChoice {
  chosen: string | null;
  candidates: string[];
  skipped: { trunk: string; why: string }[];
  nextCursor: number;
  /** Set when the chosen trunk was skipped as unavailable and is tried anyway (all trunks look down). */
  note?: string;
}

export function selectTrunk(group: TrunkGroup, trunks: ReadonlyMap<string, Trunk>, state: RoutingState): TrunkChoice {
  const n = group.trunks.length;
  const start = group.strategy === 'round_robin' && n > 0 ? (state.roundRobin.get(group.name) ?? 0) % n : 0;
  const candidates = group.trunks.slice(start).concat(group.trunks.slice(0, start));
  const skipped: { trunk: string; why: string }[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const name = candidates[i];
    const why = unusable(trunks.get(name), state.trunkStatus.get(name));
    if (why) {
      skipped.push({ trunk: name, why });
      continue;
    }
    return { chosen: name, candidates, skipped, nextCursor: (start + i + 1) % n };
  }
  if (n > 0 && skipped.every((s) => s.why === 'unavailable')) {
    // Every candidate was skipped, in order: the first one is the best of them.
    const name = candidates[0];
    return { chosen: name, candidates, skipped, nextCursor: (start + 1) % n, note: `all trunks look down; trying ${name}` };
  }
  return { chosen: null, candidates, skipped, nextCursor: start };
}

function unusable(trunk: Trunk | undefined, status: { available: boolean; activeCalls: number } | undefined): string | null {
  if (!trunk) return 'unknown trunk';
  if (!trunk.enabled) return 'disabled';
  // No status yet (just started) counts as available: Asterisk will fail the call if it is not.
  if (status && !status.available) return 'unavailable';
  if (trunk.maxChannels > 0 && status && status.activeCalls >= trunk.maxChannels) {
    return `full (${status.activeCalls}/${trunk.maxChannels})`;
  }
  return null;
}
