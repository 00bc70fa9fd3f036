/**
 * The state machine of a routed call: one caller leg, one or more dialled legs (a ring group
 * rings several), at most one winner bridged with the caller. Pure: events in, next state and
 * effects out. A transition that is not allowed throws; the adapter logs it and ends the call.
 */

export type HangupReason = 'normal' | 'busy' | 'no_answer' | 'congestion' | 'rejected' | 'unallocated' | 'answered_elsewhere' | 'timeout';

export type CallState =
  | { name: 'routing' }
  | { name: 'dialling'; legs: string[]; failures: number[] }
  | { name: 'ringing'; legs: string[]; failures: number[] }
  | { name: 'answered'; leg: string }
  | { name: 'ended'; reason: HangupReason; by: 'caller' | 'callee' | 'system' };

export type CallEvent =
  | { type: 'dialled'; legs: string[] }
  | { type: 'rejected'; reason: HangupReason }
  | { type: 'leg-ringing'; leg: string }
  | { type: 'leg-answered'; leg: string }
  | { type: 'leg-failed'; leg: string; cause: number }
  | { type: 'leg-hangup'; leg: string }
  | { type: 'caller-hangup' }
  | { type: 'ring-timeout' }
  /** Another phone took the ringing call over (*7 pickup): it becomes the answered leg. */
  | { type: 'picked-up'; leg: string }
  /** A supervisor ended the call (C5 force hang-up): every side is hung up, by the system. */
  | { type: 'force-hangup' };

export type Effect =
  | { do: 'ring-caller' }
  | { do: 'bridge'; leg: string }
  | { do: 'hangup-legs'; legs: string[]; reason: HangupReason }
  | { do: 'hangup-caller'; reason: HangupReason }
  | { do: 'cleanup' };

export interface Transition { state: CallState; effects: Effect[] }

export class InvalidTransition extends Error {
  constructor(readonly from: CallState['name'], readonly event: CallEvent['type']) {
    super(`event ${event} is not allowed in state ${from}`);
  }
}

/** Q.850 cause of a failed leg -> how the caller is told. */
export function reasonForCause(cause: number): HangupReason {
  switch (cause) {
    case 17: return 'busy';
    case 18: case 19: return 'no_answer';
    case 21: return 'rejected';
    case 1: case 3: return 'unallocated';
    case 16: return 'normal';
    default: return 'congestion';
  }
}

/** When every leg failed, the most telling cause wins: busy, then no answer, then the first. */
function worstReason(causes: number[]): HangupReason {
  const reasons = causes.map(reasonForCause);
  if (reasons.includes('busy')) return 'busy';
  if (reasons.includes('no_answer')) return 'no_answer';
  return reasons[0] ?? 'congestion';
}

const end = (reason: HangupReason, by: 'caller' | 'callee' | 'system', effects: Effect[]): Transition => ({
  state: { name: 'ended', reason, by },
  effects: [...effects, { do: 'cleanup' }],
});

export function transition(state: CallState, event: CallEvent): Transition {
  if (state.name === 'ended') return { state, effects: [] }; // late events of a finished call
  switch (event.type) {
    case 'dialled':
      if (state.name !== 'routing') break;
      if (event.legs.length === 0) return end('congestion', 'system', [{ do: 'hangup-caller', reason: 'congestion' }]);
      return { state: { name: 'dialling', legs: event.legs, failures: [] }, effects: [] };
    case 'rejected':
      if (state.name !== 'routing') break;
      return end(event.reason, 'system', [{ do: 'hangup-caller', reason: event.reason }]);
    case 'leg-ringing':
      if (state.name === 'dialling') return { state: { ...state, name: 'ringing' }, effects: [{ do: 'ring-caller' }] };
      if (state.name === 'ringing') return { state, effects: [] };
      break;
    case 'leg-answered': {
      if (state.name !== 'dialling' && state.name !== 'ringing') break;
      if (!state.legs.includes(event.leg)) break;
      const others = state.legs.filter((l) => l !== event.leg);
      const effects: Effect[] = others.length ? [{ do: 'hangup-legs', legs: others, reason: 'answered_elsewhere' }] : [];
      return { state: { name: 'answered', leg: event.leg }, effects: [...effects, { do: 'bridge', leg: event.leg }] };
    }
    case 'picked-up': {
      if (state.name !== 'dialling' && state.name !== 'ringing') break;
      const effects: Effect[] = [{ do: 'hangup-legs', legs: state.legs, reason: 'answered_elsewhere' }];
      return { state: { name: 'answered', leg: event.leg }, effects: [...effects, { do: 'bridge', leg: event.leg }] };
    }
    case 'leg-failed':
    case 'leg-hangup': {
      if (state.name === 'answered') {
        if (event.leg !== state.leg) return { state, effects: [] }; // a losing leg going away
        return end('normal', 'callee', [{ do: 'hangup-caller', reason: 'normal' }]);
      }
      if (state.name !== 'dialling' && state.name !== 'ringing') break;
      if (!state.legs.includes(event.leg)) return { state, effects: [] };
      const legs = state.legs.filter((l) => l !== event.leg);
      const failures = [...state.failures, event.type === 'leg-failed' ? event.cause : 16];
      if (legs.length > 0) return { state: { ...state, legs, failures }, effects: [] };
      const reason = worstReason(failures);
      return end(reason, 'system', [{ do: 'hangup-caller', reason }]);
    }
    case 'caller-hangup': {
      const legs = state.name === 'answered' ? [state.leg] : state.name === 'routing' ? [] : state.legs;
      return end('normal', 'caller', legs.length ? [{ do: 'hangup-legs', legs, reason: 'normal' }] : []);
    }
    case 'force-hangup': {
      const legs = state.name === 'answered' ? [state.leg] : state.name === 'routing' ? [] : state.legs;
      return end('normal', 'system', [...(legs.length ? [{ do: 'hangup-legs', legs, reason: 'normal' } as Effect] : []), { do: 'hangup-caller', reason: 'normal' }]);
    }
    case 'ring-timeout':
      if (state.name !== 'dialling' && state.name !== 'ringing') return { state, effects: [] };
      return end('no_answer', 'system', [{ do: 'hangup-legs', legs: state.legs, reason: 'timeout' }, { do: 'hangup-caller', reason: 'no_answer' }]);
  }
  throw new InvalidTransition(state.name, event.type);
}
