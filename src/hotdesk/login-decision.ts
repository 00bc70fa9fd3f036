/**
 * Whether a hot-desk login or logout may happen and what it does, pure. The adapter
 * (hot-desk-service.ts) gathers the facts (the agent ID's row, the PIN check, the phones'
 * agent states, the seating) and carries out the steps in order.
 */
import type { Seating } from './seating';

export type HotDeskRefusal =
  | 'unknown-agent-id' | 'agent-id-disabled' | 'wrong-pin' | 'pin-locked' | 'unknown-phone' | 'phone-busy' | 'agent-busy' | 'not-seated';

export interface LoginFacts {
  agent: string;
  extension: string;
  /** The agent ID's row: absent, or whether it is enabled. */
  agentRow: { enabled: boolean } | null;
  /** The PIN matched, or no PIN is needed (a supervisor seats the agent). */
  pinOk: boolean;
  /** Agent state name of a phone (its seat), undefined for a phone that is no agent (not an enabled account). */
  phoneState: (extension: string) => string | undefined;
  seating: Seating;
}

export type LoginDecision =
  | { ok: false; refusal: HotDeskRefusal; message: string }
  | {
    ok: true;
    /** Phones to log out first, in order: the agent's old phone (moved), then this phone's current agent. */
    logOut: { extension: string; reason: 'hot-desk-moved' | 'hot-desk' }[];
    /** The agent ID that sat at this phone and is now logged out (null: the phone's own agent or nobody). */
    displaced: string | null;
    /** The phone the agent left (null: it sat nowhere or already here). */
    left: string | null;
  };

const BUSY = new Set(['ringing', 'on_call']);

export function decideLogin(f: LoginFacts): LoginDecision {
  const no = (refusal: HotDeskRefusal, message: string): LoginDecision => ({ ok: false, refusal, message });
  // An unknown agent ID and a wrong PIN are told apart to the API caller only after the PIN: the
  // answer never says which agent IDs exist to someone without a PIN.
  if (!f.agentRow || !f.pinOk) return no(f.agentRow ? 'wrong-pin' : 'unknown-agent-id', 'unknown agent ID or wrong PIN');
  if (!f.agentRow.enabled) return no('agent-id-disabled', `agent ID ${f.agent} is disabled`);
  const here = f.phoneState(f.extension);
  if (here === undefined) return no('unknown-phone', `no agent phone ${f.extension} (not an enabled SIP account)`);
  if (BUSY.has(here)) return no('phone-busy', `phone ${f.extension} is ${here === 'ringing' ? 'ringing' : 'on a call'}`);
  const old = f.seating.phoneOf(f.agent);
  if (old === f.extension) return { ok: true, logOut: [], displaced: null, left: null };
  const logOut: { extension: string; reason: 'hot-desk-moved' | 'hot-desk' }[] = [];
  if (old !== null) {
    const oldState = f.phoneState(old);
    if (oldState !== undefined && BUSY.has(oldState)) return no('agent-busy', `agent ${f.agent} is ${oldState === 'ringing' ? 'ringing' : 'on a call'} at phone ${old}`);
    if (oldState !== undefined && oldState !== 'logged_out') logOut.push({ extension: old, reason: 'hot-desk-moved' });
  }
  if (here !== 'logged_out') logOut.push({ extension: f.extension, reason: 'hot-desk' });
  return { ok: true, logOut, displaced: f.seating.agentAt(f.extension), left: old };
}

/** A logout: the phone the agent sits at, or a refusal. */
export function decideLogout(agent: string, seating: Seating): { ok: true; extension: string } | { ok: false; refusal: HotDeskRefusal; message: string } {
  const ext = seating.phoneOf(agent);
  return ext === null ? { ok: false, refusal: 'not-seated', message: `agent ID ${agent} is not logged in on any phone` } : { ok: true, extension: ext };
}

/** Agent state changes that end a seat: logged out for any reason but the app stopping (seats survive restarts). */
export function endsSeat(change: { to: string; reason: string | null; logOnly?: boolean }): boolean {
  return change.to === 'logged_out' && !change.logOnly;
}
