/**
 * Retry rules of outbound campaigns (issue 22): how an attempt ended (the dial's outcome, or the
 * agent's disposition of an answered call) decides whether the number is tried again and when.
 * Pure. A rule is "<outcome or disposition>: minutes until the next try"; no rule: the contact is
 * done. The per-number attempt limit (compliance.ts) still applies to every retry.
 */

/** How a dial ended, before any disposition. `agent-missed`: the agent's phone was not answered, the customer was never dialled. */
export type DialOutcome = 'answered' | 'busy' | 'no-answer' | 'machine' | 'failed' | 'abandoned' | 'agent-missed';

export const DIAL_OUTCOMES: readonly DialOutcome[] = ['answered', 'busy', 'no-answer', 'machine', 'failed', 'abandoned', 'agent-missed'];

/** Minutes until the next try, by outcome (busy, no-answer, machine, failed, abandoned) or disposition (callback, ...). */
export type RetryRules = Readonly<Record<string, number>>;

export const DEFAULT_RETRY_RULES: RetryRules = { busy: 5, 'no-answer': 30, machine: 60, failed: 10, abandoned: 10, callback: 60 };

/** Dispositions that put the number on the campaign's own do-not-call list. */
export const DNC_DISPOSITIONS: readonly string[] = ['do-not-call'];

export type AttemptEnd =
  /** Dialled again at `at` (epoch ms) if the attempt limit allows. */
  | { next: 'retry'; at: number; counts: boolean }
  /** The contact is finished with this result. */
  | { next: 'done'; result: string; dnc: boolean };

/**
 * What follows an attempt. `key` is the disposition when the agent gave one, else the dial outcome.
 * An answered call without a disposition yet is not decided here (the dialer waits for it).
 * `agent-missed` is retried at once and does not count as an attempt: the customer was never called.
 */
export function afterAttempt(key: string, rules: RetryRules, attemptsSoFar: number, maxAttempts: number, now: number): AttemptEnd {
  if (key === 'agent-missed') return { next: 'retry', at: now, counts: false };
  if (DNC_DISPOSITIONS.includes(key)) return { next: 'done', result: key, dnc: true };
  const minutes = Object.prototype.hasOwnProperty.call(rules, key) ? rules[key] : undefined;
  if (minutes === undefined || attemptsSoFar >= maxAttempts) return { next: 'done', result: minutes === undefined ? key : `${key} (attempts used)`, dnc: false };
  return { next: 'retry', at: now + Math.round(minutes * 60_000), counts: true };
}

/** A finished call's record -> the dial outcome (answered by a machine is decided by AMD, not here). */
export function outcomeOfRecord(r: { answeredAt: string | null; endReason: string; status: number }): DialOutcome {
  if (r.answeredAt !== null) return 'answered';
  const reason = r.endReason.toLowerCase();
  if (reason.includes('busy') || reason.includes('rejected')) return 'busy';
  if (reason.includes('no_answer') || reason.includes('no-answer') || reason.includes('timeout')) return 'no-answer';
  // 14: the agent hung up while the customer's phone rang: the customer did not answer in time.
  if (r.status === 14) return 'no-answer';
  return 'failed';
}
