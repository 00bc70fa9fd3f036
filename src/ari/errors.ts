/**
 * Classifies ARI request failures. A request on a channel or bridge that vanished (the
 * caller hung up a moment ago) is not an error. ARI answers 404 (not found) or 422
 * (channel not in Stasis) then; ari-client drops the HTTP status and keeps only the JSON
 * body, so where no status survives, the body ARI documents for those answers is used.
 */
import type { Client } from 'ari-client';

export function ariStatus(err: unknown): number | null {
  const e = err as { status?: number; statusCode?: number } | null;
  return e?.status ?? e?.statusCode ?? null;
}

const GONE_BODY = /"message":"(Channel not found|Bridge not found|Playback not found|Recording not found|Channel not in Stasis application|Channel not in this Stasis application)"/;

export function isGone(err: unknown): boolean {
  const status = ariStatus(err);
  if (status !== null) return status === 404 || status === 422;
  return GONE_BODY.test((err as Error | null)?.message ?? '');
}

/** The live ARI client, or an error a call step turns into "end the call". */
export function connectedClient(ari: () => Client | null): Client {
  const c = ari();
  if (!c) throw new Error('ARI link is down');
  return c;
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

/**
 * An originate Asterisk refused because the endpoint cannot take a call now (a phone with no
 * registered contact): ARI answers 500 {"error":"Allocation failed"}.
 */
export function isAllocationFailure(err: unknown): boolean {
  return /"error":"Allocation failed"/.test((err as Error | null)?.message ?? '');
}
