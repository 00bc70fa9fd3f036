/**
 * When to restart a process that exited unexpectedly: 1 s after a crash, doubling for each crash
 * that follows a short run (under `stableMs`), at most `maxMs`; a process that ran `stableMs`
 * starts the count again. A configuration error (exit code 2) is not retried: it cannot heal. Pure.
 */
export interface BackoffPolicy { firstMs: number; maxMs: number; stableMs: number }

export const DEFAULT_BACKOFF: BackoffPolicy = { firstMs: 1000, maxMs: 30000, stableMs: 60000 };

export type ExitDecision =
  | { action: 'restart'; delayMs: number; crashes: number }
  | { action: 'give-up'; why: string };

/** crashes: consecutive short-lived crashes before this one. */
export function onExit(code: number | null, signal: string | null, uptimeMs: number, crashes: number, p: BackoffPolicy = DEFAULT_BACKOFF): ExitDecision {
  if (code === 2 && signal === null) return { action: 'give-up', why: 'the configuration is invalid (exit code 2): fix it and start again' };
  const n = uptimeMs >= p.stableMs ? 1 : crashes + 1;
  return { action: 'restart', delayMs: Math.min(p.maxMs, p.firstMs * 2 ** (n - 1)), crashes: n };
}
