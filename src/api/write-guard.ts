/**
 * Cross-site request forgery guard (issue 16) for an API that takes HTTP Basic credentials,
 * which a browser re-sends by itself to any page's request:
 * - a write (POST, PUT, PATCH, DELETE) carries JSON or no body at all: a form or a cross-site
 *   `fetch` without a CORS preflight can only send text/plain, urlencoded or multipart (415);
 * - a browser's Origin header must be the app's own origin (the Host the request was sent to)
 *   or one of api.allowedOrigins, on writes and on the event WebSocket (403). Requests without
 *   Origin (curl, servers, CRMs' back ends) are not from a browser page and pass.
 * Reads are not checked: without CORS headers a page of another origin cannot read the answer.
 */
import type { NextFunction, Request, Response } from 'express';
import { ApiError } from './errors';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** An origin as browsers compare it (scheme, host, port without the default one), or null when it is not one. */
function normalized(origin: string): string | null {
  try {
    const u = new URL(origin);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin !== 'null' ? u.origin.toLowerCase() : null;
  } catch {
    return null;
  }
}

/**
 * True when a request with this Origin header may write or open the event stream. `host` is the
 * request's Host header: a page served by the app itself sends its own host:port as Origin.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  const o = normalized(origin);
  if (o === null) return false; // "null" (sandboxed frames, file: pages) or garbage
  if (host && new URL(o).host === host.toLowerCase()) return true;
  return allowed.some((a) => normalized(a) === o);
}

export function originRefusal(origin: string): ApiError {
  return new ApiError(403, 'origin-not-allowed', `requests from pages of ${JSON.stringify(origin.slice(0, 200))} may not write or open the event stream; add the origin to api.allowedOrigins to allow it`);
}

/** The reason a write is refused for its content type, or null: JSON, or no body and no content type. */
export function contentTypeProblem(method: string, contentType: string | undefined, hasBody: boolean): ApiError | null {
  if (!WRITES.has(method)) return null;
  const type = contentType?.split(';')[0].trim().toLowerCase();
  if (type === 'application/json' || (type === undefined && !hasBody)) return null;
  return new ApiError(415, 'unsupported-media-type', `a request that changes something takes a JSON body: send Content-Type: application/json${type ? ` (got ${type.slice(0, 100)})` : ' (a body came without a content type)'}`);
}

export function writeGuard(allowedOrigins: readonly string[]) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (!WRITES.has(req.method)) return next();
    const origin = req.headers.origin;
    if (!originAllowed(origin, req.headers.host, allowedOrigins)) return next(originRefusal(origin!));
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    next(contentTypeProblem(req.method, req.headers['content-type'], hasBody) ?? undefined);
  };
}
