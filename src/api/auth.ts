/**
 * Who is calling the API (O4, T3): HTTP Basic or a Bearer token. Supervisors and admins come
 * from the config file (api.users, api.tokens); agents sign in with their SIP account
 * (extension and SIP password) and may act only for their own extension.
 */
import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { ApiError } from './errors';

export type Role = 'agent' | 'supervisor' | 'admin';

export const ROLE_RANK: Record<Role, number> = { agent: 1, supervisor: 2, admin: 3 };

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
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The principal for an Authorization header (or a ?token= for WebSocket clients), or null. */
export function authenticate(header: string | undefined, token: string | undefined, creds: Credentials): Principal | null {
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 1) return null;
    const name = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    const user = creds.users.find((u) => u.name === name);
    if (user) return same(user.password, password) ? { name, role: user.role, agent: null } : null;
    const sip = /^[0-9]{1,32}$/.test(name) ? creds.agentPassword(name) : null;
    return sip !== null && same(sip, password) ? { name, role: 'agent', agent: name } : null;
  }
  const bearer = header?.startsWith('Bearer ') ? header.slice(7) : token;
  if (bearer) {
    const t = creds.tokens.find((x) => same(x.token, bearer));
    return t ? { name: t.name, role: t.role, agent: null } : null;
  }
  return null;
}

/** Sets req.principal or answers 401. */
export function authMiddleware(creds: () => Credentials) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const token = typeof req.query.token === 'string' ? req.query.token : undefined;
    const principal = authenticate(req.headers.authorization, token, creds());
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
