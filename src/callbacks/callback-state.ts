/**
 * Queue callback (virtual hold) and scheduled callbacks: the life of one callback request.
 * Pure: the transition table, the retry policy, the number a callback may dial and what the
 * caller hears as confirmation. The service (callback-service.ts) carries the decisions out.
 *
 *   scheduled --due--> waiting --offer--> ringing-agent --agent-answered--> dialling --customer-answered--> connected --ended--> done
 *                         ^                   |  agent-missed                 | customer-missed (attempts left)
 *                         |<------------------+                               v
 *                         +------------due----------------------------- retry-wait
 *                                                                             customer-missed (no attempts left) -> failed
 *   dialling --agent-left--> waiting (the agent hung up before the customer answered: not an attempt)
 *   any state but done / failed / cancelled --cancel--> cancelled
 *
 * A request keeps its place in the queue (`enteredAt`, the time the caller joined the queue, or
 * the time a scheduled callback falls due) through every offer and retry: the ACD serves calls
 * and callbacks together, oldest first, so a callback never goes before a live caller who was
 * waiting before it, and it rings an agent first, so callbacks being dialled never outnumber
 * the agents ready to take them.
 */

export type CallbackState = 'scheduled' | 'waiting' | 'ringing-agent' | 'dialling' | 'connected' | 'retry-wait' | 'done' | 'failed' | 'cancelled';

export const FINAL_STATES: ReadonlySet<CallbackState> = new Set(['done', 'failed', 'cancelled']);
/** States in which a request sits in (or is served by) the ACD. */
export const QUEUED_STATES: ReadonlySet<CallbackState> = new Set(['waiting', 'ringing-agent', 'dialling']);

export type CallbackEvent =
  | { type: 'due' }
  | { type: 'offer'; agent: string }
  | { type: 'agent-missed' }
  | { type: 'agent-answered'; guid: string }
  | { type: 'agent-left' }
  | { type: 'customer-answered' }
  | { type: 'customer-missed'; outcome: string }
  | { type: 'ended' }
  | { type: 'cancel' };

/** A group's callback settings (agent_groups.callback_*). */
export interface CallbackPolicy {
  /** The key a queued caller presses to be called back; null: the group offers no callback. */
  key: string | null;
  /** Dialled before the customer's number, as the agent's phone would dial it (the dial rules pick trunk and caller ID). */
  dialPrefix: string;
  /** Further attempts after a first one the customer did not answer. */
  retries: number;
  /** Pause before each further attempt. */
  retrySec: number;
}

export interface CallbackRequest {
  readonly id: string;
  readonly group: string;
  /** The customer's number, as the caller's number arrived (digits). */
  readonly number: string;
  /** The call in which the caller asked for the callback (virtual hold); null: scheduled. */
  readonly originGuid: string | null;
  /** Only this agent may take it (a callback an agent booked for itself); null: any agent of the group. */
  readonly agent: string | null;
  /** Its place in the queue (ms since the epoch). */
  readonly enteredAt: number;
  /** Not offered before this time (scheduled time, retry pause). */
  dueAt: number;
  state: CallbackState;
  /** Attempts to reach the customer so far. */
  attempts: number;
  /** The agent rung or talking for it now. */
  servingAgent: string | null;
  /** The call (GUID) of the latest attempt. */
  lastGuid: string | null;
  /** How the latest attempt ended (answered, no_answer, busy, congestion...). */
  lastOutcome: string | null;
}

export class CallbackStateError extends Error {}

export interface Transition {
  state: CallbackState;
  attempts: number;
  dueAt: number;
  servingAgent: string | null;
  lastGuid: string | null;
  lastOutcome: string | null;
}

/** The next state of a request for an event; a refused event throws CallbackStateError. Pure. */
export function callbackTransition(r: Readonly<CallbackRequest>, e: CallbackEvent, policy: Pick<CallbackPolicy, 'retries' | 'retrySec'>, now: number): Transition {
  const same = { state: r.state, attempts: r.attempts, dueAt: r.dueAt, servingAgent: r.servingAgent, lastGuid: r.lastGuid, lastOutcome: r.lastOutcome };
  const refuse = (): never => { throw new CallbackStateError(`callback ${r.id}: ${e.type} is not possible in state ${r.state}`); };
  if (e.type === 'cancel') return FINAL_STATES.has(r.state) ? refuse() : { ...same, state: 'cancelled', servingAgent: null };
  switch (r.state) {
    case 'scheduled':
    case 'retry-wait':
      return e.type === 'due' ? { ...same, state: 'waiting' } : refuse();
    case 'waiting':
      return e.type === 'offer' ? { ...same, state: 'ringing-agent', servingAgent: e.agent } : refuse();
    case 'ringing-agent':
      if (e.type === 'agent-missed') return { ...same, state: 'waiting', servingAgent: null };
      if (e.type === 'agent-answered') return { ...same, state: 'dialling', lastGuid: e.guid, lastOutcome: null };
      return refuse();
    case 'dialling':
      if (e.type === 'customer-answered') return { ...same, state: 'connected', attempts: r.attempts + 1, lastOutcome: 'answered' };
      if (e.type === 'agent-left') return { ...same, state: 'waiting', servingAgent: null, lastOutcome: 'agent-hung-up' };
      if (e.type === 'customer-missed') {
        const attempts = r.attempts + 1;
        const more = attempts <= policy.retries;
        return { ...same, state: more ? 'retry-wait' : 'failed', attempts, dueAt: more ? now + policy.retrySec * 1000 : r.dueAt, servingAgent: null, lastOutcome: e.outcome };
      }
      return refuse();
    case 'connected':
      return e.type === 'ended' ? { ...same, state: 'done', servingAgent: null } : refuse();
    default:
      return refuse();
  }
}

/** The number a callback can dial: the caller's number when it is 3 to 20 digits, else null (anonymous, names). */
export function callbackNumber(caller: string): string | null {
  const n = caller.trim();
  return /^\+?[0-9]{3,20}$/.test(n) ? n.replace(/^\+/, '') : null;
}

/** Is this key the group's callback key? */
export function isCallbackKey(policy: CallbackPolicy | null | undefined, digit: string): boolean {
  return !!policy?.key && policy.key === digit;
}

/** What the caller hears once the callback is booked: "telephone number <digits>, thank you". */
export function confirmationPrompts(number: string): string[] {
  return ['telephone-number', ...[...number].map((d) => `digits/${d}`), 'auth-thankyou'];
}

/** The caller ID name the agent's phone shows while it rings first for a callback (the screen pop says it too). */
export function agentDisplay(number: string): { name: string; number: string } {
  return { name: 'Callback', number };
}

/** Figures per group (today): offered (callers queued in a group that offers the key), accepted, connected, failed. */
export interface CallbackFigures { offered: number; accepted: number; scheduled: number; connected: number; failed: number; pending: number }

export const NO_FIGURES: CallbackFigures = { offered: 0, accepted: 0, scheduled: 0, connected: 0, failed: 0, pending: 0 };
