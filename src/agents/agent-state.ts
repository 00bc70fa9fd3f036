/**
 * The agent state machine (A1, A3). Pure: the current state, an event and the time in; the next
 * state and the effects out. The adapter (AgentService) persists, publishes and runs timers.
 *
 * Presence changes that arrive while the agent is ringing or on a call (log out, not ready)
 * are kept as `after` and applied when the call ends, as a supervisor expects: an agent is
 * never pulled out of a conversation by a state change.
 */

export type AgentStateName = 'logged_out' | 'ready' | 'not_ready' | 'ringing' | 'on_call' | 'wrap_up';

/** Where an agent goes once the current call activity ends. */
export type Presence = { name: 'ready' } | { name: 'not_ready'; reason: string } | { name: 'logged_out'; reason: string | null };

export interface AgentState {
  name: AgentStateName;
  reason: string | null;
  since: number;
  /** Position in the ACD's longest-idle order: the smaller, the longer idle (A2). */
  queuedSince: number;
  /** Consecutive unanswered ring time, reset by an answer (A3 no-answer log-off). */
  unansweredMs: number;
  /** The call being offered or talked on. */
  callGuid: string | null;
  after: Presence;
}

export type AgentEvent =
  | { type: 'login' }
  | { type: 'logout'; reason?: string }
  | { type: 'ready' }
  | { type: 'not-ready'; reason: string }
  | { type: 'offer'; guid: string }
  | { type: 'offer-answered'; guid: string }
  /** The offer rang out (ringMs) or the phone refused it; logoffAfterMs 0 = never log off. */
  | { type: 'offer-unanswered'; guid: string; ringMs: number; logoffAfterMs: number }
  | { type: 'offer-rejected'; guid: string }
  /** The caller gave up, another agent picked the call up, or the call was re-routed. */
  | { type: 'offer-cancelled'; guid: string }
  | { type: 'call-ended'; guid: string; wrapUpMs: number }
  | { type: 'wrap-up-done' }
  /** A call not offered by the ACD: the agent dials out or takes a direct/picked-up call. */
  | { type: 'direct-call'; guid: string; outbound: boolean }
  /**
   * The agent's phone rings for a call the ACD did not offer (a direct call, a transfer, a
   * click-to-call's first leg): the ACD must not ring it too. Ends with direct-call (answered)
   * or offer-cancelled (not answered); the presence before it is kept.
   */
  | { type: 'direct-ring'; guid: string };

export type AgentEffect = { do: 'start-wrap-up'; ms: number } | { do: 'cancel-offer'; guid: string } | { do: 'clear-wrap-up' };

export type AgentErrorCode = 'agent-logged-out' | 'agent-busy' | 'invalid-agent-event';

export class AgentStateError extends Error {
  constructor(readonly code: AgentErrorCode, message: string) {
    super(message);
  }
}

export interface AgentTransition { state: AgentState; effects: AgentEffect[] }

export function initialAgentState(now: number): AgentState {
  return { name: 'logged_out', reason: null, since: now, queuedSince: now, unansweredMs: 0, callGuid: null, after: { name: 'logged_out', reason: null } };
}

const busy = (s: AgentState) => s.name === 'ringing' || s.name === 'on_call';

function enter(s: AgentState, p: Presence, now: number, patch: Partial<AgentState> = {}): AgentState {
  const reason = p.name === 'ready' ? null : p.reason;
  const changed = s.name !== p.name || s.reason !== reason;
  return { ...s, name: p.name, reason, since: changed ? now : s.since, callGuid: null, after: p, ...patch };
}

export function agentTransition(s: AgentState, e: AgentEvent, now: number): AgentTransition {
  const stay: AgentTransition = { state: s, effects: [] };
  const to = (p: Presence, patch: Partial<AgentState> = {}, effects: AgentEffect[] = []): AgentTransition => ({ state: enter(s, p, now, patch), effects });
  const wrapUpEnds: AgentEffect[] = s.name === 'wrap_up' ? [{ do: 'clear-wrap-up' }] : [];

  switch (e.type) {
    case 'login':
      if (s.name !== 'logged_out') return stay; // logging in twice is harmless
      return to({ name: 'ready' }, { queuedSince: now, unansweredMs: 0 });
    case 'logout': {
      const p: Presence = { name: 'logged_out', reason: e.reason ?? null };
      if (s.name === 'logged_out') return stay;
      if (s.name === 'on_call') return { state: { ...s, after: p }, effects: [] };
      if (s.name === 'ringing') return to(p, {}, [{ do: 'cancel-offer', guid: s.callGuid! }]);
      return to(p, {}, wrapUpEnds);
    }
    case 'ready':
      if (s.name === 'logged_out') throw new AgentStateError('agent-logged-out', 'the agent is not logged in');
      if (busy(s)) return { state: { ...s, after: { name: 'ready' } }, effects: [] };
      return to({ name: 'ready' }, {}, wrapUpEnds);
    case 'not-ready': {
      if (s.name === 'logged_out') throw new AgentStateError('agent-logged-out', 'the agent is not logged in');
      const p: Presence = { name: 'not_ready', reason: e.reason };
      if (s.name === 'on_call') return { state: { ...s, after: p }, effects: [] };
      if (s.name === 'ringing') return to(p, {}, [{ do: 'cancel-offer', guid: s.callGuid! }]);
      return to(p, {}, wrapUpEnds);
    }
    case 'offer':
      if (s.name !== 'ready') throw new AgentStateError('agent-busy', `the agent is ${s.name}, not ready`);
      return { state: { ...s, name: 'ringing', reason: null, since: now, callGuid: e.guid, after: { name: 'ready' } }, effects: [] };
    case 'offer-answered':
      if (s.name !== 'ringing' || s.callGuid !== e.guid) break;
      return { state: { ...s, name: 'on_call', since: now, queuedSince: now, unansweredMs: 0 }, effects: [] };
    case 'offer-unanswered': {
      if (s.name !== 'ringing' || s.callGuid !== e.guid) return stay; // already moved on (logged out while ringing)
      const unansweredMs = s.unansweredMs + e.ringMs;
      if (e.logoffAfterMs > 0 && unansweredMs >= e.logoffAfterMs) return to({ name: 'logged_out', reason: 'no-answer' }, { unansweredMs: 0 });
      return to(s.after, { unansweredMs });
    }
    case 'offer-rejected':
    case 'offer-cancelled':
      if (s.name !== 'ringing' || s.callGuid !== e.guid) return stay;
      return to(s.after);
    case 'call-ended':
      if (s.name !== 'on_call' || s.callGuid !== e.guid) return stay;
      if (e.wrapUpMs > 0 && s.after.name === 'ready') {
        return { state: { ...s, name: 'wrap_up', reason: null, since: now, callGuid: null, queuedSince: now }, effects: [{ do: 'start-wrap-up', ms: e.wrapUpMs }] };
      }
      return to(s.after, { queuedSince: now });
    case 'wrap-up-done':
      if (s.name !== 'wrap_up') return stay;
      return to(s.after);
    case 'direct-ring': {
      if (s.name === 'logged_out' || s.name === 'on_call' || s.name === 'ringing') return stay; // not tracked / busy already
      const after: Presence = s.name === 'not_ready' ? { name: 'not_ready', reason: s.reason ?? '' } : { name: 'ready' };
      return { state: { ...s, name: 'ringing', reason: null, since: now, callGuid: e.guid, after }, effects: wrapUpEnds };
    }
    case 'direct-call': {
      if (s.name === 'logged_out' || s.name === 'on_call') return stay; // not tracked / second line
      if (s.name === 'ringing' && s.callGuid === e.guid) {
        const patch = e.outbound ? { queuedSince: now } : {};
        return { state: { ...s, ...patch, name: 'on_call', since: now, unansweredMs: 0 }, effects: [] };
      }
      if (s.name === 'ringing') throw new AgentStateError('agent-busy', 'the agent is being offered a call');
      const after: Presence = s.name === 'not_ready' ? { name: 'not_ready', reason: s.reason ?? '' } : { name: 'ready' };
      const patch = e.outbound ? { queuedSince: now } : {};
      return { state: { ...s, ...patch, name: 'on_call', reason: null, since: now, callGuid: e.guid, after }, effects: wrapUpEnds };
    }
  }
  throw new AgentStateError('invalid-agent-event', `event ${e.type} is not allowed while ${s.name}`);
}

/*
 * Across an app restart (A1). While the app is down nobody routes ACD calls to an agent, so that
 * time is neither ready nor login time: the stop (or, after a crash, the last moment the app was
 * seen alive) is logged as a change to logged_out with reason `app-stopped` / `app-crashed`, in
 * agent_state_log only; agent_status keeps the state (FastAGI reads it, and the next start
 * restores it). The next start logs one change from logged_out straight to the restored state,
 * with its reason, and keeps the time the state began.
 */

export const APP_STOPPED = 'app-stopped';
export const APP_CRASHED = 'app-crashed';

/** An agent's row of agent_status: the state the app last saved. */
export interface SavedAgentStatus { state: string; reason: string | null; since: number }

/** How the app's previous run ended, as the next start finds it. */
export type PreviousRun =
  | { ended: 'stopped' }
  /** aliveAt: the last moment the previous run was seen alive (its heartbeat). */
  | { ended: 'crashed'; aliveAt: number }
  /** No trace (first start, or the trace was lost): the gap cannot be placed. */
  | { ended: 'unknown' };

/** One row for agent_state_log (and agent_status unless logOnly). */
export interface AgentStateRow {
  from: AgentStateName;
  to: AgentStateName;
  reason: string | null;
  at: number;
  /** agent_status.since when the state began before this row (a restored state). */
  since?: number;
  /** Only agent_state_log: agent_status keeps the agent's state (the app-down marker). */
  logOnly?: boolean;
}

const STATE_NAMES: readonly string[] = ['logged_out', 'ready', 'not_ready', 'ringing', 'on_call', 'wrap_up'];

/** The row a clean stop logs for an agent: none for an agent already logged out. */
export function agentStopRow(s: AgentState, now: number): AgentStateRow | null {
  if (s.name === 'logged_out') return null;
  return { from: s.name, to: 'logged_out', reason: APP_STOPPED, at: now, logOnly: true };
}

/**
 * The state an agent starts with and the rows that record the restart. A saved state is
 * restored as it was (state, reason, since); a call, ringing or wrap-up did not survive the
 * restart, so those agents are ready from now. An agent with no saved state starts logged in
 * (ready) when its account says auto-ready, else logged out.
 */
export function restoreAgent(saved: SavedAgentStatus | undefined, autoReady: boolean, previous: PreviousRun, now: number): { state: AgentState; rows: AgentStateRow[] } {
  if (!saved) {
    const fresh = initialAgentState(now);
    if (!autoReady) return { state: fresh, rows: [] };
    return { state: { ...fresh, name: 'ready', after: { name: 'ready' } }, rows: [{ from: 'logged_out', to: 'ready', reason: null, at: now }] };
  }
  const was = (STATE_NAMES.includes(saved.state) ? saved.state : 'logged_out') as AgentStateName;
  const presence: Presence = was === 'logged_out' ? { name: 'logged_out', reason: saved.reason }
    : was === 'not_ready' ? { name: 'not_ready', reason: saved.reason ?? 'break' } : { name: 'ready' };
  const kept = presence.name === was;
  const since = kept ? Math.min(saved.since, now) : now;
  const reason = presence.name === 'ready' ? null : presence.reason;
  const state: AgentState = { name: presence.name, reason, since, queuedSince: presence.name === 'ready' ? since : now, unansweredMs: 0, callGuid: null, after: presence };
  if (was === 'logged_out') return { state, rows: [] };
  if (previous.ended === 'unknown') {
    // Where the gap began is not known: only a state that could not be kept is logged.
    return { state, rows: kept ? [] : [{ from: was, to: presence.name, reason, at: now }] };
  }
  const rows: AgentStateRow[] = [];
  if (previous.ended === 'crashed') {
    rows.push({ from: was, to: 'logged_out', reason: APP_CRASHED, at: Math.min(now, Math.max(previous.aliveAt, saved.since)), logOnly: true });
  }
  rows.push({ from: 'logged_out', to: presence.name, reason, at: now, ...(kept ? { since } : {}) });
  return { state, rows };
}
