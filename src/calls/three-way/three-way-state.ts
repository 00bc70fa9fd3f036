/**
 * The agent's three-way call (issue 21, "conference" on the /agent page and the CTI API) as
 * explicit states. An agent talking to the customer adds a third party; the customer and the
 * agent keep talking while it rings; once it answers all three talk in the call's bridge. Pure:
 * three-way.ts carries the transitions out over ARI, one log line per transition
 * (`three-way <guid>: ringing -[answered]-> joined`).
 *
 *   idle --add--> ringing --answered--> joined
 *        ringing --failed (no answer, busy, unreachable) / cancel / agent-left--> idle
 *        joined --party-left / drop--> idle (customer and agent go on as before)
 *        joined --agent-left--> idle (the third party stays with the customer and serves the call)
 */

export type ThreeWayStateName = 'idle' | 'ringing' | 'joined';

export type ThreeWayEvent =
  | { type: 'add'; target: string }
  | { type: 'answered' }
  | { type: 'failed' }
  | { type: 'cancel' }
  | { type: 'party-left' }
  | { type: 'drop' }
  | { type: 'agent-left' };

/** What a transition means for the call's events (call.conference result). */
export type ThreeWayOutcome = 'ringing' | 'joined' | 'failed' | 'cancelled' | 'left' | 'dropped' | 'handed-over';

export interface ThreeWayState {
  name: ThreeWayStateName;
  /** The third party (an extension or a number); null when idle. */
  target: string | null;
}

export const THREE_WAY_IDLE: ThreeWayState = { name: 'idle', target: null };

export class ThreeWayStateError extends Error {
  constructor(readonly from: ThreeWayStateName, readonly event: ThreeWayEvent['type']) {
    super(refusal(from, event));
  }
}

function refusal(from: ThreeWayStateName, event: ThreeWayEvent['type']): string {
  if (from === 'idle') return event === 'add' ? 'a third party cannot be added now' : 'no third party on the call';
  if (event === 'add') return from === 'ringing' ? 'a third party is already being called: cancel it first' : 'the call is already a three-way call';
  if (event === 'drop') return 'the third party has not answered yet: cancel the call to it instead';
  if (event === 'cancel') return 'the third party has answered: drop it instead';
  return `${event} is not possible while ${from}`;
}

export function threeWayTransition(s: ThreeWayState, e: ThreeWayEvent): { state: ThreeWayState; outcome: ThreeWayOutcome } {
  switch (s.name) {
    case 'idle':
      if (e.type === 'add') return { state: { name: 'ringing', target: e.target }, outcome: 'ringing' };
      break;
    case 'ringing':
      if (e.type === 'answered') return { state: { ...s, name: 'joined' }, outcome: 'joined' };
      if (e.type === 'failed') return { state: THREE_WAY_IDLE, outcome: 'failed' };
      if (e.type === 'cancel' || e.type === 'agent-left') return { state: THREE_WAY_IDLE, outcome: 'cancelled' };
      break;
    case 'joined':
      if (e.type === 'party-left') return { state: THREE_WAY_IDLE, outcome: 'left' };
      if (e.type === 'drop') return { state: THREE_WAY_IDLE, outcome: 'dropped' };
      if (e.type === 'agent-left') return { state: THREE_WAY_IDLE, outcome: 'handed-over' };
      break;
  }
  throw new ThreeWayStateError(s.name, e.type);
}
