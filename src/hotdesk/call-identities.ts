/**
 * Which agent ID served a call at a phone, pure: noted when the phone rings or talks for the call
 * (agent state changes carry the call GUID), read when the call's record and events are written.
 * So a record carries the agent ID that took the call even if the agent logs out right after.
 * Bounded: the oldest entries go first beyond `max`.
 */
export class CallIdentities {
  private readonly byCall = new Map<string, string>();

  constructor(private readonly max = 20000) {}

  note(guid: string, extension: string, agentId: string): void {
    const k = `${guid}|${extension}`;
    this.byCall.delete(k);
    this.byCall.set(k, agentId);
    while (this.byCall.size > this.max) this.byCall.delete(this.byCall.keys().next().value as string);
  }

  of(guid: string, extension: string): string | undefined {
    return this.byCall.get(`${guid}|${extension}`);
  }

  forget(guid: string, extension: string): void {
    this.byCall.delete(`${guid}|${extension}`);
  }

  get size(): number {
    return this.byCall.size;
  }
}

/** Event types that name an agent's phone in `agent`; they get `agentId` besides. */
export const AGENT_EVENTS = new Set(['agent.state', 'call.ringing', 'call.answered', 'call.hungup', 'call.result', 'call.transfer', 'fax.result', 'campaign.attempt', 'campaign.outcome']);

/**
 * Adds `agentId` to an event that names an agent's phone: the agent ID that served this call at
 * that phone, else the one seated there now, else the extension itself (nobody seated).
 */
export function withAgentId<T extends { type: string }>(event: T, identity: (extension: string, guid: string | null) => string): T {
  const e = event as T & { agent?: unknown; guid?: unknown; agentId?: unknown };
  if (!AGENT_EVENTS.has(e.type) || typeof e.agent !== 'string' || e.agentId !== undefined) return event;
  return { ...event, agentId: identity(e.agent, typeof e.guid === 'string' ? e.guid : null) };
}
