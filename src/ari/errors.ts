/** Classifies ARI request failures. A 404 on a channel means it hung up meanwhile: not an error. */

export function ariStatus(err: unknown): number | null {
  // ari-client (swagger-client) rejects with an Error carrying the HTTP status.
  const e = err as { status?: number; statusCode?: number; response?: { status?: number } } | null;
  return e?.status ?? e?.statusCode ?? e?.response?.status ?? null;
}

export function isGone(err: unknown): boolean {
  return ariStatus(err) === 404;
}

/** Runs an ARI request on a channel or bridge that may have vanished; returns false if it had. */
export async function ifStillThere(request: () => Promise<unknown>): Promise<boolean> {
  try {
    await request();
    return true;
  } catch (err) {
    if (isGone(err)) return false;
    throw err;
  }
}
