/**
 * The phases of one predictive attempt (issue 22), pure: the customer is dialled first, an
 * answered customer is screened by answering-machine detection when the campaign asks for it,
 * then joined to a ready agent at once, or hears the safe-harbor message when no agent is ready
 * within 2 s (an abandoned answer). One log line per transition (predictive-dialer.ts).
 *
 *   dialling --answered--> waiting            dialling --screen--> screening
 *   screening --human--> waiting              screening --machine--> machine
 *   waiting --agent-rung--> agent-ringing     waiting --no-agent--> safe-harbor
 *   agent-ringing --agent-answered--> bridged agent-ringing --agent-missed--> waiting
 *   dialling --failed(busy|no-answer|failed)--> ended      any --hangup--> ended
 *   bridged | safe-harbor | machine --hangup--> ended
 */
import type { DialOutcome } from '../retry';

export type PredictivePhase = 'dialling' | 'screening' | 'waiting' | 'agent-ringing' | 'bridged' | 'safe-harbor' | 'machine' | 'ended';

export type PredictiveEvent =
  | { type: 'answered' }
  | { type: 'screen' }
  | { type: 'human' }
  | { type: 'machine' }
  | { type: 'agent-rung'; agent: string }
  | { type: 'agent-answered' }
  | { type: 'agent-missed' }
  | { type: 'no-agent' }
  | { type: 'failed'; outcome: 'busy' | 'no-answer' | 'failed' }
  | { type: 'hangup' };

export interface PredictiveTransition {
  to: PredictivePhase;
  /** Set when the attempt ends: what the retry rules and the abandon rate read. */
  outcome: DialOutcome | null;
}

const NEXT: Readonly<Record<PredictivePhase, Partial<Record<PredictiveEvent['type'], PredictivePhase>>>> = {
  dialling: { answered: 'waiting', screen: 'screening', failed: 'ended', hangup: 'ended' },
  screening: { human: 'waiting', machine: 'machine', hangup: 'ended' },
  waiting: { 'agent-rung': 'agent-ringing', 'no-agent': 'safe-harbor', hangup: 'ended' },
  'agent-ringing': { 'agent-answered': 'bridged', 'agent-missed': 'waiting', hangup: 'ended' },
  bridged: { hangup: 'ended' },
  'safe-harbor': { hangup: 'ended' },
  machine: { hangup: 'ended' },
  ended: {},
};

/**
 * How an attempt that ends in `from` ended. A customer answered (a human) and never talked to an
 * agent is abandoned, whether it heard the safe-harbor message or hung up first: the abandon
 * rate counts every live answer not served by an agent.
 */
function outcomeOf(from: PredictivePhase, e: PredictiveEvent): DialOutcome {
  if (e.type === 'failed') return e.outcome;
  switch (from) {
    case 'bridged': return 'answered';
    case 'machine': return 'machine';
    case 'waiting': case 'agent-ringing': case 'safe-harbor': return 'abandoned';
    // Hung up during the screening (AMD had not said human yet) or before the answer.
    case 'screening': return 'no-answer';
    default: return 'no-answer';
  }
}

/** The next phase, or null when the event does not apply there (late or repeated events are ignored). */
export function predictiveTransition(from: PredictivePhase, e: PredictiveEvent): PredictiveTransition | null {
  const to = NEXT[from][e.type];
  if (!to) return null;
  return { to, outcome: to === 'ended' ? outcomeOf(from, e) : null };
}

/** Calls not yet answered by a person: the pacing's "in flight". */
export function inFlight(p: PredictivePhase): boolean {
  return p === 'dialling' || p === 'screening';
}

/** A live customer who needs an agent now (answered, no agent talking to it yet). */
export function needsAgent(p: PredictivePhase): boolean {
  return p === 'waiting';
}

/** The dial outcome of a customer leg that never answered, from its hang-up cause (Q.850). */
export function outcomeOfCause(cause: number): 'busy' | 'no-answer' | 'failed' {
  if (cause === 17 || cause === 21) return 'busy';
  if (cause === 18 || cause === 19 || cause === 16 || cause === 0) return 'no-answer';
  return 'failed';
}

/** AMD's AMDSTATUS -> the screening's verdict. NOTSURE and HANGUP are treated as a person (never drop a live customer). */
export function amdVerdict(status: string): 'human' | 'machine' {
  return status.trim().toUpperCase() === 'MACHINE' ? 'machine' : 'human';
}
