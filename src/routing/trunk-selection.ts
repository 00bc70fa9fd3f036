/** Picks a trunk of a trunk group: round-robin or first-free, skipping trunks that are down or full. */
import type { RoutingState, Trunk, TrunkGroup } from './types';

export interface TrunkChoice {
  chosen: string | null;
  candidates: string[];
  skipped: { trunk: string; why: string }[];
  nextCursor: number;
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
