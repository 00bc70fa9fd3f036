/**
 * ACD selection (A2): which waiting call goes to which ready agent. Pure and deterministic.
 *
 * - Calls are served first come, first served across all groups (the longest wait first).
 * - Within a group, the agent with the best (lowest) priority wins; among equals the one idle
 *   longest (smallest queuedSince); a remaining tie goes to the lower extension (numerically).
 * - An agent who already rang for this call in the current round is skipped; when every ready
 *   member has had a try, a new round starts (the adapter resets the call's tried set).
 */

export interface Member { extension: string; priority: number }

export interface AgentView {
  extension: string;
  ready: boolean;
  queuedSince: number;
}

export interface WaitingCall {
  guid: string;
  group: string;
  /** When the call joined the queue; the order of service. */
  enteredAt: number;
  /** Agents already tried in this round. */
  tried: ReadonlySet<string>;
  /** An agent is ringing for this call right now. */
  offering: boolean;
  /** Only this agent may take the call (a callback booked by an agent for itself); absent or null: any member. */
  onlyAgent?: string | null;
}

export interface Offer { guid: string; agent: string; newRound: boolean }

/** The best agent among candidates, or null. */
export function pickAgent(candidates: readonly Member[], agents: ReadonlyMap<string, AgentView>, exclude: ReadonlySet<string>): string | null {
  let best: { m: Member; a: AgentView } | null = null;
  for (const m of candidates) {
    const a = agents.get(m.extension);
    if (!a?.ready || exclude.has(m.extension)) continue;
    if (!best || better(m, a, best.m, best.a)) best = { m, a };
  }
  return best ? best.m.extension : null;
}

function better(m: Member, a: AgentView, bm: Member, ba: AgentView): boolean {
  if (m.priority !== bm.priority) return m.priority < bm.priority;
  if (a.queuedSince !== ba.queuedSince) return a.queuedSince < ba.queuedSince;
  // Numeric order, so extension 999 comes before 1010.
  return m.extension.localeCompare(bm.extension, 'en', { numeric: true }) < 0;
}

/** Offers to make now: each ready agent gets at most one call, oldest calls first. */
export function planOffers(waiting: readonly WaitingCall[], agents: ReadonlyMap<string, AgentView>, members: ReadonlyMap<string, readonly Member[]>): Offer[] {
  const taken = new Set<string>();
  const offers: Offer[] = [];
  const order = [...waiting].sort((x, y) => x.enteredAt - y.enteredAt || (x.guid < y.guid ? -1 : 1));
  for (const call of order) {
    if (call.offering) continue;
    const candidates = call.onlyAgent ? [{ extension: call.onlyAgent, priority: 0 }] : members.get(call.group) ?? [];
    const exclude = new Set([...taken, ...call.tried]);
    let agent = pickAgent(candidates, agents, exclude);
    let newRound = false;
    if (!agent && call.tried.size > 0) {
      agent = pickAgent(candidates, agents, taken);
      newRound = agent !== null;
    }
    if (!agent) continue;
    taken.add(agent);
    offers.push({ guid: call.guid, agent, newRound });
  }
  return offers;
}

/** 1-based position of a call among the calls waiting for the same group. */
export function queuePosition(waiting: readonly WaitingCall[], guid: string): number {
  const me = waiting.find((w) => w.guid === guid);
  if (!me) return 0;
  return waiting.filter((w) => w.group === me.group && (w.enteredAt < me.enteredAt || (w.enteredAt === me.enteredAt && w.guid <= me.guid))).length;
}
