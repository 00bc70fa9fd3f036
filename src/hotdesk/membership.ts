/**
 * Groups follow the agent ID, pure: while an agent ID sits at a phone, that phone is a member of
 * the agent ID's groups (with its priorities) instead of the phone's own group_members rows. A
 * phone with nobody seated keeps its own rows (the demo's 1001-1004). The result is what the ACD,
 * ring-all groups, pickup and the dashboard read as the groups in force.
 */
import type { GroupConfig } from '../domain';

export interface AgentIdGroups { group: string; priority: number }

export function seatedGroups(
  groups: ReadonlyMap<string, GroupConfig>,
  seats: readonly { agent: string; extension: string }[],
  agentGroups: ReadonlyMap<string, readonly AgentIdGroups[]>,
): ReadonlyMap<string, GroupConfig> {
  if (seats.length === 0) return groups;
  const seatedPhones = new Set(seats.map((s) => s.extension));
  const out = new Map<string, GroupConfig>();
  for (const [name, g] of groups) {
    const members = g.members.filter((m) => !seatedPhones.has(m.extension));
    for (const s of seats) {
      const mine = agentGroups.get(s.agent)?.find((x) => x.group === name);
      if (mine) members.push({ extension: s.extension, priority: mine.priority });
    }
    out.set(name, { ...g, members });
  }
  return out;
}
