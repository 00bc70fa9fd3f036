/**
 * Supervisor sessions (C5), the pure part: what each mode asks of Asterisk and the session's
 * state machine. The ARI side is supervisor-session.ts.
 */

export type SupervisionMode = 'listen' | 'whisper' | 'barge';

/**
 * How the supervisor is connected. Listen and whisper snoop on the AGENT's channel: spy "both"
 * hears what the agent says (in) and what the agent hears (out: the customer). Whisper adds
 * audio in the "out" direction of the agent's channel: only the agent hears the supervisor.
 * Barge joins the call's own bridge: everyone hears everyone.
 */
export type Connection =
  | { kind: 'snoop'; spy: 'both'; whisper: 'none' | 'out' }
  | { kind: 'join-call-bridge' };

export function connectionFor(mode: SupervisionMode): Connection {
  switch (mode) {
    case 'listen': return { kind: 'snoop', spy: 'both', whisper: 'none' };
    case 'whisper': return { kind: 'snoop', spy: 'both', whisper: 'out' };
    case 'barge': return { kind: 'join-call-bridge' };
  }
}

export type SessionState = 'ringing' | 'active' | 'ended';

export type SessionEvent =
  /** The supervisor's phone answered. */
  | 'answered'
  /** The supervisor hung up (or the phone never answered). */
  | 'supervisor-gone'
  /** The monitored call ended: snoop channel destroyed, left the call's bridge, call hung up. */
  | 'call-gone'
  /** Connecting the supervisor failed (the call moved on meanwhile). */
  | 'join-failed';

export interface SessionTransition {
  state: SessionState;
  /** join: connect the answered phone; cleanup: hang up and destroy everything the session owns. */
  effect: 'join' | 'cleanup' | null;
}

export function sessionTransition(state: SessionState, event: SessionEvent): SessionTransition {
  if (state === 'ended') return { state, effect: null };
  if (event === 'answered') return state === 'ringing' ? { state: 'active', effect: 'join' } : { state, effect: null };
  return { state: 'ended', effect: 'cleanup' };
}
