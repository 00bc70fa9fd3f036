/**
 * How many numbers a campaign dials now (issue 22). Pure: the floor's figures in, a number of
 * dials out. docs/CAMPAIGNS.md explains the algorithm and shows its measured abandon rate.
 *
 * - preview: 0 (the agent asks for the next contact and dials it);
 * - progressive: one call per ready agent (ready agents minus calls already being dialled);
 * - predictive: more calls than ready agents, from the answer rate and the handle time, as long as
 *   (a) the expected abandons of the calls in flight stay under the cap (pacing), and
 *   (b) even if every call in flight were answered at once, abandons / answers would stay under the
 *       cap (the guard). (b) makes the cap hold at every moment, whatever the luck: an abandon only
 *       happens when a call in flight is answered with no free agent, and the guard held for every
 *       call in flight when it was dialled.
 */

export type DialMode = 'preview' | 'progressive' | 'predictive';

export interface PacingInput {
  mode: DialMode;
  /** Agents ready now and not ringing for a campaign call. */
  readyAgents: number;
  /** Agents talking or in wrap-up on campaign calls (they will be free again). */
  busyAgents: number;
  /** Calls dialled and not yet answered or failed. */
  inFlight: number;
  /** Customer answers (human) and, among them, abandons (no agent free) in the cap's window (30 days). */
  answered: number;
  abandoned: number;
  /** Dials that ended (answered or not) in the window: the answer rate's sample. */
  resolved: number;
  /** Mean handle time (talk + wrap-up) and mean time from dial to answer, seconds. */
  avgHandleSec: number;
  avgAnswerSec: number;
  /** The campaign's cap on abandoned / answered, e.g. 0.03. */
  abandonCap: number;
  /** Most calls in flight at once (trunk capacity). */
  maxLines: number;
}

export interface PacingDecision {
  dials: number;
  /** What limited it, for the log and the live figures. */
  why: 'preview' | 'no-agents' | 'one-per-agent' | 'pacing' | 'abandon-guard' | 'lines';
  /** The answer rate the decision assumed. */
  answerRate: number;
}

/** Answer rate with a weak prior (1 in 2), so the first few results do not swing it to 0 or 1. */
export function answerRate(answered: number, resolved: number): number {
  return Math.min(1, Math.max(0.01, (answered + 1) / (resolved + 2)));
}

/** E[max(X - capacity, 0)] for X ~ Binomial(n, p): the expected calls answered with no agent. */
export function expectedExcess(n: number, p: number, capacity: number): number {
  if (n <= capacity) return 0;
  // pmf iteratively; n stays small (lines of one campaign), so no numerical trouble.
  let pmf = Math.pow(1 - p, n);
  let sum = 0;
  for (let k = 0; k <= n; k++) {
    if (k > capacity) sum += (k - capacity) * pmf;
    if (k < n) pmf = p === 1 ? (k + 1 === n ? 1 : 0) : pmf * ((n - k) / (k + 1)) * (p / (1 - p));
  }
  return sum;
}

/** The guard (b): worst case, every call in flight answered now with only the ready agents to take them. */
export function guardHolds(answered: number, abandoned: number, lines: number, readyAgents: number, cap: number): boolean {
  const worstAbandons = Math.max(0, lines - readyAgents);
  return abandoned + worstAbandons <= cap * (answered + lines) + 1e-9;
}

export function pace(i: PacingInput): PacingDecision {
  const p = answerRate(i.answered, i.resolved);
  if (i.mode === 'preview') return { dials: 0, why: 'preview', answerRate: p };
  const room = Math.max(0, i.maxLines - i.inFlight);
  const oneEach = Math.max(0, i.readyAgents - i.inFlight);
  if (i.readyAgents + i.busyAgents === 0) return { dials: 0, why: 'no-agents', answerRate: p };
  if (i.mode === 'progressive' || oneEach >= room) {
    const dials = Math.min(oneEach, room);
    return { dials, why: dials < oneEach ? 'lines' : 'one-per-agent', answerRate: p };
  }
  // Agents talking now who will probably be free by the time a call dialled now is answered
  // (exponential handle times): they count for the pacing, never for the guard.
  const soonFree = i.avgHandleSec > 0 ? i.busyAgents * (1 - Math.exp(-i.avgAnswerSec / i.avgHandleSec)) : 0;
  const capacity = Math.floor(i.readyAgents + soonFree);
  let dials = oneEach;
  let why: PacingDecision['why'] = 'one-per-agent';
  while (dials < room) {
    const lines = i.inFlight + dials + 1;
    if (!guardHolds(i.answered, i.abandoned, lines, i.readyAgents, i.abandonCap)) { why = 'abandon-guard'; break; }
    const expectedAnswers = lines * p;
    if (expectedExcess(lines, p, capacity) > i.abandonCap * expectedAnswers) { why = 'pacing'; break; }
    dials++;
  }
  if (dials >= room) why = 'lines';
  return { dials, why, answerRate: p };
}
