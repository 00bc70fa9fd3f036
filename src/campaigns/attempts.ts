/**
 * The phases of one campaign attempt (issue 22), pure. The agent's phone rings first (screen pop
 * with the list row), then the customer is dialled as from that phone, then they talk; the call
 * record ends it; the agent's disposition may come before or after the end.
 *
 *   agent-ringing --agent-answered--> dialling-customer --customer-answered--> talking --ended--> ended
 *   agent-ringing --agent-missed--> ended            dialling-customer --ended--> ended
 */
export type AttemptPhase = 'agent-ringing' | 'dialling-customer' | 'talking' | 'ended';
export type AttemptEvent = 'agent-answered' | 'customer-answered' | 'agent-missed' | 'ended';

const TABLE: Readonly<Record<AttemptPhase, Partial<Record<AttemptEvent, AttemptPhase>>>> = {
  'agent-ringing': { 'agent-answered': 'dialling-customer', 'agent-missed': 'ended', ended: 'ended' },
  'dialling-customer': { 'customer-answered': 'talking', ended: 'ended' },
  talking: { ended: 'ended' },
  ended: {},
};

/** The next phase, or null: the event does not apply (late or repeated events are ignored). */
export function nextAttemptPhase(from: AttemptPhase, e: AttemptEvent): AttemptPhase | null {
  return TABLE[from][e] ?? null;
}

/** Calls of the campaign still being set up: the pacing's "in flight". */
export function inFlight(p: AttemptPhase): boolean {
  return p === 'agent-ringing' || p === 'dialling-customer';
}
