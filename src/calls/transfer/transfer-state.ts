/**
 * Transfer and consultation as explicit states (C3), as wazo-calld models them: each event is
 * allowed in some states only, and every transition is one log line
 * (`transfer <guid>: consult-ringing -[target-answered]-> consult-answered`). Pure.
 *
 *   idle --blind--> blind-ringing --target-answered--> idle (completed: the target is the new agent)
 *                                 --target-failed / cancel--> idle (returned to the agent, or ended)
 *   idle --hook-flash (*8)--> dial-tone --dial--> consult-ringing
 *   idle --consult--> consult-ringing --target-answered--> consult-answered --complete--> idle
 *   consult-* --cancel / target-failed / target-left--> idle (back to the customer)
 *   consult-ringing --agent-left--> blind-ringing (the target keeps ringing, unattended)
 *   consult-answered --agent-left--> idle (completed)
 */

export type TransferStateName = 'idle' | 'dial-tone' | 'blind-ringing' | 'consult-ringing' | 'consult-answered';

export interface TransferState {
  name: TransferStateName;
  mode: 'blind' | 'attended' | null;
  /** Who is being reached (extension, number or "group x"). */
  target: string | null;
}

export type TransferEvent =
  | { type: 'blind'; target: string }
  | { type: 'hook-flash' }
  | { type: 'consult'; target: string }
  | { type: 'target-answered' }
  | { type: 'target-failed' }
  | { type: 'target-left' }
  | { type: 'complete' }
  | { type: 'cancel' }
  | { type: 'agent-left' };

/** What the transition means for the call's record and events. */
export type TransferOutcome = 'started' | 'answered' | 'completed' | 'cancelled' | 'failed' | null;

export interface TransferTransition {
  state: TransferState;
  outcome: TransferOutcome;
}

export const IDLE: TransferState = { name: 'idle', mode: null, target: null };

export class TransferStateError extends Error {
  constructor(readonly from: TransferStateName, readonly event: TransferEvent['type']) {
    super(transferRefusal(from, event));
  }
}

function transferRefusal(from: TransferStateName, event: TransferEvent['type']): string {
  if (from === 'idle') return event === 'complete' || event === 'cancel' ? 'no transfer in progress' : `${event} is not possible now`;
  if (event === 'complete') return 'the transfer target has not answered yet';
  return 'a transfer or consultation is in progress: complete or cancel it first';
}

export function transferTransition(s: TransferState, e: TransferEvent): TransferTransition {
  const to = (name: TransferStateName, outcome: TransferOutcome, patch: Partial<TransferState> = {}): TransferTransition => ({
    state: name === 'idle' ? IDLE : { ...s, name, ...patch }, outcome,
  });
  switch (s.name) {
    case 'idle':
      if (e.type === 'blind') return to('blind-ringing', 'started', { mode: 'blind', target: e.target });
      if (e.type === 'consult') return to('consult-ringing', 'started', { mode: 'attended', target: e.target });
      if (e.type === 'hook-flash') return to('dial-tone', null, { mode: 'attended', target: null });
      break;
    case 'dial-tone':
      if (e.type === 'consult') return to('consult-ringing', 'started', { target: e.target });
      if (e.type === 'cancel') return to('idle', null);
      if (e.type === 'agent-left') return to('idle', null);
      break;
    case 'blind-ringing':
      if (e.type === 'target-answered') return to('idle', 'completed');
      if (e.type === 'target-failed' || e.type === 'target-left') return to('idle', 'failed');
      if (e.type === 'cancel') return to('idle', 'cancelled');
      break;
    case 'consult-ringing':
      if (e.type === 'target-answered') return to('consult-answered', 'answered');
      if (e.type === 'target-failed' || e.type === 'target-left') return to('idle', 'failed');
      if (e.type === 'cancel') return to('idle', 'cancelled');
      if (e.type === 'agent-left') return to('blind-ringing', null);
      break;
    case 'consult-answered':
      if (e.type === 'complete' || e.type === 'agent-left') return to('idle', 'completed');
      if (e.type === 'target-left' || e.type === 'cancel') return to('idle', 'cancelled');
      break;
  }
  throw new TransferStateError(s.name, e.type);
}
