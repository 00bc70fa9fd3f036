/**
 * API routes as data: each route names its method, path, role and zod schemas for path
 * parameters, query and body. The same table mounts the Express handlers (validating input
 * and checking the role before any handler runs) and generates the OpenAPI document, so the
 * document cannot drift from the routes.
 */
import { Router, type Request, type Response, type NextFunction } from 'express';
import { z } from 'zod';
import { authorize, principalOf, type Principal, type Role } from './auth';
import { ApiError } from './errors';

type Obj = z.ZodObject<z.ZodRawShape>;

export interface RouteInput<P extends Obj, Q extends Obj, B extends z.ZodType> {
  params: z.infer<P>;
  query: z.infer<Q>;
  body: z.infer<B>;
  principal: Principal;
}

/** A handler's answer: a body (200) or a status and body. */
export type RouteResult = { status: number; body: unknown } | object;

export interface ApiRoute<P extends Obj = Obj, Q extends Obj = Obj, B extends z.ZodType = z.ZodType> {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Express style: /api/v1/agents/:agent/login */
  path: string;
  summary: string;
  tag: string;
  /** The least role allowed; an agent is further limited to its own extension (see agentOf). */
  role: Role;
  params?: P;
  query?: Q;
  body?: B;
  /** The agent extension this request acts for, when agents may use the route for themselves. */
  agentOf?: (input: { params: z.infer<P>; query: z.infer<Q>; body: z.infer<B> }) => string | null | undefined;
  /** Extra documented outcomes besides 200/400/401/403. */
  errors?: Partial<Record<404 | 409 | 503, string>>;
  /** The answer's content type when it is not JSON (e.g. text/plain for metrics). */
  produces?: string;
  handler: (input: RouteInput<P, Q, B>, req: Request, res: Response) => Promise<RouteResult | void> | RouteResult | void;
}

export function defineRoute<P extends Obj = Obj, Q extends Obj = Obj, B extends z.ZodType = z.ZodType>(r: ApiRoute<P, Q, B>): ApiRoute {
  return r as unknown as ApiRoute;
}

const empty = z.object({}).strict();

function parse<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.infer<T> {
  const s = schema ?? (where === 'body' ? z.unknown() : empty);
  // A missing field says so ("from: required"), not "expected string, received undefined".
  const r = s.safeParse(where === 'body' ? (value ?? {}) : value, { error: (issue) => (issue.input === undefined && issue.code === 'invalid_type' ? 'required' : undefined) });
  if (!r.success) {
    throw new ApiError(400, `invalid-${where}`, `invalid ${where}`, { problems: r.error.issues.map((i) => `${i.path.join('.') || where}: ${i.message}`) });
  }
  return r.data as z.infer<T>;
}

export function mountRoutes(routes: readonly ApiRoute[]): Router {
  const router = Router();
  for (const r of routes) {
    router[r.method](r.path, async (req: Request, res: Response, next: NextFunction) => {
      try {
        const principal = principalOf(req);
        const params = parse(r.params, req.params, 'params');
        const query = parse(r.query, req.query, 'query');
        const body = r.method === 'get' ? {} : parse(r.body, req.body, 'body');
        authorize(principal, r.role, r.agentOf?.({ params, query, body }) ?? null);
        const out = await r.handler({ params, query, body, principal }, req, res);
        if (res.headersSent || out === undefined) return;
        if (out && typeof out === 'object' && 'status' in out && 'body' in out && typeof out.status === 'number') {
          res.status(out.status).json(out.body);
        } else {
          res.json(out);
        }
      } catch (err) {
        next(err);
      }
    });
  }
  return router;
}

const ERROR_SCHEMA = {
  type: 'object',
  properties: { error: { type: 'object', properties: { id: { type: 'string' }, message: { type: 'string' }, details: { type: 'object' } }, required: ['id', 'message'] } },
};

function fieldParameters(schema: Obj | undefined, at: 'path' | 'query'): object[] {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: 'input', target: 'openapi-3.0', unrepresentable: 'any' }) as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name, in: at, required: at === 'path' || (json.required ?? []).includes(name), schema: s,
  }));
}

/** The OpenAPI 3.0 document of a route table. */
export function openApiDocument(routes: readonly ApiRoute[], version: string): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    if (paths[path]?.[r.method]) throw new Error(`route ${r.method.toUpperCase()} ${r.path} is defined twice`);
    const responses: Record<string, object> = {
      200: { description: 'OK', content: { [r.produces ?? 'application/json']: { schema: {} } } },
      400: { description: 'invalid input: the reason is in error.details.problems', content: { 'application/json': { schema: ERROR_SCHEMA } } },
      401: { description: 'no or wrong credentials' },
      429: { description: 'too many failed sign-ins from this address: blocked for a while (Retry-After), as for SIP' },
      403: { description: `needs the ${r.role} role${r.agentOf ? ' (agents: only for their own extension)' : ''}` },
    };
    for (const [code, text] of Object.entries(r.errors ?? {})) responses[code] = { description: text, content: { 'application/json': { schema: ERROR_SCHEMA } } };
    paths[path] ??= {};
    paths[path][r.method] = {
      summary: r.summary,
      tags: [r.tag],
      operationId: `${r.method}_${r.path.replace(/^\/api\/v1\//, '').replace(/[^A-Za-z0-9]+/g, '_')}`,
      'x-role': r.role,
      parameters: [...fieldParameters(r.params, 'path'), ...fieldParameters(r.query, 'query')],
      ...(r.body && r.method !== 'get' ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(r.body, { io: 'input', target: 'openapi-3.0', unrepresentable: 'any' }) } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'Call center CTI API', version, description: 'Commands (REST) and events (WebSocket /api/v1/events). See docs/CTI-API.md.' },
    servers: [{ url: '/' }],
    components: { securitySchemes: { basicAuth: { type: 'http', scheme: 'basic' }, bearerAuth: { type: 'http', scheme: 'bearer' } } },
    security: [{ basicAuth: [] }, { bearerAuth: [] }],
    paths,
  };
}
