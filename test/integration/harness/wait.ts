/** Bounded waiting: every wait in the tests has a deadline and says what it waited for. */

export async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A promise resolved by an event, rejected after a timeout. */
export function deferred<T>(what: string, timeoutMs: number): { promise: Promise<T>; resolve: (v: T) => void; settled: () => boolean } {
  let resolve!: (v: T) => void;
  let done = false;
  const promise = new Promise<T>((res, rej) => {
    const timer = setTimeout(() => { done = true; rej(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)); }, timeoutMs);
    resolve = (v: T) => { if (!done) { done = true; clearTimeout(timer); res(v); } };
  });
  return { promise, resolve, settled: () => done };
}
