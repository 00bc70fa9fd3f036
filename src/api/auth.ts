/**
 * Who is calling the API (O4, T3): HTTP Basic or a Bearer token. Supervisors and admins come
 * from the config file (api.users, api.tokens); agents sign in with their SIP account
 * (extension and SIP password) and may act only for their own extension.
 */
import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { ApiError } from './errors';

/**
 * crm: a program driving calls for any agent (click-to-call, agent states, call control, reading
 * calls and events); none of the supervisor's actions (listen, force hang-up, recordings...).
 */
export type Role = 'agent' | 'crm' | 'supervisor' | 'admin';

export const ROLE_RANK: Record<Role, number> = { agent: 1, crm: 2, supervisor: 3, admin: 4 };

export interface Principal {
  name: string;
  role: Role;
  /** The extension an agent principal acts for; null for supervisors and admins. */
  agent: string | null;
}

export interface Credentials {
  users: readonly { name: string; password: string; role: Role }[];
  tokens: readonly { name: string; token: string; role: Role }[];
  /** The SIP password of an enabled account, for agents signing in with their extension. */
  agentPassword: (extension: string) => string | null;
  /** Issue 16, 3.3: failed sign-ins count per address, as failed SIP authentications do (src/security). */
  guard?: LoginGuard;
  /** Issue 19: API users and tokens made through the admin API (src/admin/api-accounts.ts). */
  stored?: {
    user(name: string, password: string): Role | null;
    token(token: string): { name: string; role: Role } | null;
  };
}

/**
 * Failed sign-ins per remote address and the blocks they cause. The app passes its SIP
 * blocklist: API and SIP failures add up, and a blocked address is refused by both.
 */
export interface LoginGuard {
  /** Seconds until the address may try again; 0 when it is not blocked. */
  blockedFor(address: string): number;
  failure(address: string, why: string): void;
}

/**
 * An agent's SIP password signs in to the API only when it is at least this long: an empty or
 * short SIP password (a device on a trusted LAN) must not open the API to guessing.
 */
export const AGENT_MIN_PASSWORD = 8;

/** The client's address as the guard and the PJSIP ACL know it ("::ffff:10.0.0.9" -> "10.0.0.9"). */
export function clientAddress(remote: string | undefined): string | undefined {
  return remote?.startsWith('::ffff:') ? remote.slice(7) : remote;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The principal for an Authorization header (or a ?token= for WebSocket clients), or null.
 * With the client's address (`remote`) and a guard, a blocked address is refused unchecked and a
 * wrong credential counts as a failure of that address.
 */
export function authenticate(header: string | undefined, token: string | undefined, creds: Credentials, remote?: string): Principal | null {
  const address = clientAddress(remote);
  const guard = address ? creds.guard : undefined;
  if (guard && guard.blockedFor(address!) > 0) return null;
  const principal = check(header, token, creds);
  if (!principal && guard && (header || token)) guard.failure(address!, `API sign-in failed (${attempted(header)})`);
  return principal;
}

/** What a failed attempt tried, for the block's reason: never the name itself unless it is an extension. */
function attempted(header: string | undefined): string {
  if (!header?.startsWith('Basic ')) return header?.startsWith('Bearer ') ? 'a token' : 'a credential';
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const name = decoded.slice(0, Math.max(decoded.indexOf(':'), 0));
  return /^[0-9]{1,32}$/.test(name) ? `agent ${name}` : 'a user';
}

function check(header: string | undefined, token: string | undefined, creds: Credentials): Principal | null {
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 1) return null;
    const name = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    const user = creds.users.find((u) => u.name === name);
    if (user) return same(user.password, password) ? { name, role: user.role, agent: null } : null;
    const stored = /^[0-9]{1,32}$/.test(name) ? null : creds.stored?.user(name, password) ?? null;
    if (stored) return { name, role: stored, agent: null };
    const sip = /^[0-9]{1,32}$/.test(name) ? creds.agentPassword(name) : null;
    return sip !== null && sip.length >= AGENT_MIN_PASSWORD && same(sip, password) ? { name, role: 'agent', agent: name } : null;
  }
  const bearer = header?.startsWith('Bearer ') ? header.slice(7) : token;
  if (bearer) {
    const t = creds.tokens.find((x) => same(x.token, bearer)) ?? creds.stored?.token(bearer);
    return t ? { name: t.name, role: t.role, agent: null } : null;
  }
  return null;
}

/** Sets req.principal or answers 401. */
export function authMiddleware(creds: () => Credentials) {
  return (req: Request, res: Response, next: NextFunction): void => {
    // A credential in a URL ends up in logs and proxies: only the WebSocket upgrade takes one (events-ws.ts).
    if (req.query.token !== undefined) {
      return next(new ApiError(400, 'token-in-url', '?token= is accepted only on the WebSocket /api/v1/events; send the token as Authorization: Bearer <token>'));
    }
    const c = creds();
    const remote = clientAddress(req.socket.remoteAddress);
    const wait = remote && c.guard ? c.guard.blockedFor(remote) : 0;
    if (wait > 0) {
      res.setHeader('Retry-After', String(wait));
      return next(new ApiError(429, 'blocked', 'too many failed sign-ins from this address; try again later'));
    }
    const principal = authenticate(req.headers.authorization, undefined, c, remote);
    if (!principal) {
      res.setHeader('WWW-Authenticate', 'Basic realm="callcenter", charset="UTF-8"');
      return next(new ApiError(401, 'unauthorized', 'credentials required: HTTP Basic (user or agent extension + SIP password) or a Bearer token'));
    }
    (req as Request & { principal: Principal }).principal = principal;
    next();
  };
}

export function principalOf(req: Request): Principal {
  const p = (req as Request & { principal?: Principal }).principal;
  if (!p) throw new ApiError(401, 'unauthorized', 'credentials required');
  return p;
}

/** Throws 403 unless the principal has at least `role`, or is the agent the request is about. */
export function authorize(p: Principal, role: Role, agent?: string | null): void {
  if (ROLE_RANK[p.role] >= ROLE_RANK[role] && (p.role !== 'agent' || role !== 'agent' || !agent || p.agent === agent)) return;
  if (role === 'agent' && p.role === 'agent') throw new ApiError(403, 'forbidden', `agent ${p.agent} may act only for its own extension, not ${agent}`);
  throw new ApiError(403, 'forbidden', `this needs the ${role} role; ${p.name} is ${p.role}`);
}
