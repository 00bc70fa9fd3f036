/**
 * Hot-desking (source 002 §8, §11: 工号 separate from the phone), pure: which agent ID sits at
 * which phone. An agent has its own ID and PIN, independent of any extension; it logs in on any
 * phone (`*11<agent id>*<pin>#`, or the API) and from then on the ACD rings that phone for it.
 * One agent per phone and one phone per agent: logging in at an occupied phone logs the agent
 * sitting there out, and an agent logging in elsewhere leaves its old phone.
 *
 * Wired by hot-desk-service.ts (docs/HOT-DESKING.md).
 */
export const AGENT_ID = /^[0-9]{2,16}$/;
export const PIN = /^[0-9]{4,12}$/;

export interface SeatChange {
  agent: string;
  extension: string;
  /** The agent that sat at this phone before and is now logged out there. */
  displaced: string | null;
  /** The phone the agent sat at before (now free). */
  left: string | null;
}

export class Seating {
  private readonly byAgent = new Map<string, string>();
  private readonly byPhone = new Map<string, string>();

  /** Seats from a saved list (start-up): later entries win a contested phone or agent. */
  constructor(seats: Iterable<{ agent: string; extension: string }> = []) {
    for (const s of seats) this.login(s.agent, s.extension);
  }

  login(agent: string, extension: string): SeatChange {
    const left = this.byAgent.get(agent) ?? null;
    const displaced = this.byPhone.get(extension) ?? null;
    if (left !== null) this.byPhone.delete(left);
    if (displaced !== null) this.byAgent.delete(displaced);
    this.byAgent.set(agent, extension);
    this.byPhone.set(extension, agent);
    return { agent, extension, displaced: displaced === agent ? null : displaced, left: left === extension ? null : left };
  }

  /** The phone the agent left, or null when it sat nowhere. */
  logout(agent: string): string | null {
    const ext = this.byAgent.get(agent) ?? null;
    if (ext !== null) this.byPhone.delete(ext);
    this.byAgent.delete(agent);
    return ext;
  }

  phoneOf(agent: string): string | null {
    return this.byAgent.get(agent) ?? null;
  }

  agentAt(extension: string): string | null {
    return this.byPhone.get(extension) ?? null;
  }

  seats(): { agent: string; extension: string }[] {
    return [...this.byAgent].map(([agent, extension]) => ({ agent, extension })).sort((a, b) => a.agent.localeCompare(b.agent));
  }
}

/**
 * The hot-desk login dialled on a phone: the login code, the agent ID, `*`, the PIN, an optional
 * `#` (`*1120011*4321#`). Null when the digits are not that (the plain login code is the
 * extension's own agent logging in, handled by feature-codes.ts).
 */
export function parseHotDeskLogin(dialled: string, loginCode = '*11'): { agent: string; pin: string } | null {
  if (!dialled.startsWith(loginCode)) return null;
  const m = /^([0-9]+)\*([0-9]+)#?$/.exec(dialled.slice(loginCode.length));
  if (!m || !AGENT_ID.test(m[1]) || !PIN.test(m[2])) return null;
  return { agent: m[1], pin: m[2] };
}

/** Both identities a record, a state change or an event carries once agents hot-desk. */
export function identities(seating: Seating, extension: string): { agent: string; extension: string } {
  return { agent: seating.agentAt(extension) ?? extension, extension };
}
