/**
 * The HTTP server: health (open, for monitors), the OpenAPI document (open), and everything
 * else under /api/v1 and the dashboard behind credentials (auth.ts). Routes come as route
 * tables (route-table.ts); plain routers (static files) may be added after them.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import express, { type Router } from 'express';
import type { Logger } from '../log/logger';
import type { LinkStatus } from '../util/backoff';
import { authMiddleware, type Credentials } from './auth';
import { ApiError, errorMiddleware } from './errors';
import { writeGuard } from './write-guard';
import { UPLOAD_JSON_LIMIT, UPLOAD_PATHS } from './media-routes';
import { mountRoutes, openApiDocument, type ApiRoute } from './route-table';

export interface HealthSource {
  ari: () => LinkStatus;
  ami: () => LinkStatus;
  mysql: () => Promise<LinkStatus>;
  /** invalidVersion: a newer version in the database that failed validation (the app runs on `version`). */
  config: () => { version: number | null; loadedAt: string | null; error: string | null; invalidVersion?: number | null };
  calls: () => number;
  /** Issue 18: whether new calls are being refused for overload, and the load figures (src/overload). */
  overload?: () => unknown;
}

/**
 * The health answer. HTTP 503 only when the app cannot do its job (a link down, no configuration
 * loaded); a newer configuration in the database that is invalid is `degraded` with 200: calls
 * are routed on the last good configuration, and a 503 would make a load balancer or supervisor
 * take out or restart an app that works (a restart would start it with no configuration at all).
 */
export function healthAnswer(links: Record<string, LinkStatus>, config: ReturnType<HealthSource['config']>): { code: 200 | 503; status: 'ok' | 'degraded'; problems: string[] } {
  const problems: string[] = [];
  for (const [name, l] of Object.entries(links)) if (l.state !== 'up') problems.push(`${name}: ${l.state}${l.lastError ? ` (${l.lastError})` : ''}`);
  if (config.version === null) problems.push(`config: no configuration loaded${config.error ? ` (${config.error})` : ''}`);
  const down = problems.length > 0;
  const invalid = config.invalidVersion ?? null;
  if (invalid !== null && config.version !== null) {
    problems.push(`config: version ${invalid} in the database is invalid; running on version ${config.version} (the last good one): ${config.error ?? ''}`.trim());
  }
  return { code: down ? 503 : 200, status: problems.length ? 'degraded' : 'ok', problems };
}

export interface HttpParts {
  routes: readonly ApiRoute[];
  credentials: () => Credentials;
  /** Mounted before the credentials: pages that sign in by themselves (the agent desktop, /agent). Static files only. */
  publicRouters?: Router[];
  /** Mounted behind the credentials, after the route table (dashboard pages, static files). */
  routers?: Router[];
  /** Browser origins besides the app's own that may write (api.allowedOrigins, write-guard.ts). */
  allowedOrigins?: readonly string[];
}

export const API_VERSION = '1.0.0';

export function createHttpApp(health: HealthSource, log: Logger, parts: HttpParts): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(writeGuard(parts.allowedOrigins ?? []));
  // Uploads (prompts, fax documents) carry their file in base64: a larger limit on those paths only.
  app.use(UPLOAD_PATHS, express.json({ limit: UPLOAD_JSON_LIMIT }));
  app.use(express.json({ limit: '100kb' }));
  app.get('/api/v1/health', async (_req, res) => {
    const links = { ari: health.ari(), ami: health.ami(), mysql: await health.mysql() };
    const config = { invalidVersion: null, ...health.config() };
    const h = healthAnswer(links, config);
    res.status(h.code).json({ status: h.status, problems: h.problems, links, config, activeCalls: health.calls(), overload: health.overload?.() });
  });
  // Browsers ask for it on every page, without credentials: a small icon, not a 401 or 404.
  app.get(['/favicon.ico', '/favicon.svg'], (_req, res) => {
    res.type('image/svg+xml').setHeader('Cache-Control', 'public, max-age=86400');
    res.send(FAVICON_SVG);
  });
  const doc = openApiDocument(parts.routes, API_VERSION);
  app.get('/api/v1/openapi.json', (_req, res) => {
    res.json(doc);
  });
  for (const r of parts.publicRouters ?? []) app.use(r);
  app.use(authMiddleware(parts.credentials));
  app.use(mountRoutes(parts.routes));
  for (const r of parts.routers ?? []) app.use(r);
  app.use(methodNotAllowed(parts.routes));
  app.use('/api', (_req, _res, next) => next(new ApiError(404, 'not-found', 'no such API route')));
  app.use(errorMiddleware(log));
  return app;
}

/** A headset on the product's blue: the browser tab's icon. */
export const FAVICON_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1f6feb"/>'
  + '<path d="M8 18v-3a8 8 0 0 1 16 0v3" fill="none" stroke="#fff" stroke-width="2.5"/><rect x="6" y="17" width="5" height="8" rx="2" fill="#fff"/>'
  + '<rect x="21" y="17" width="5" height="8" rx="2" fill="#fff"/></svg>\n';

/**
 * A path of the route table asked with another method (GET on a POST route): 405 with an Allow
 * header naming the methods it has, instead of "no such API route".
 */
export function methodNotAllowed(routes: readonly ApiRoute[]): express.RequestHandler {
  const table = routes.map((r) => ({
    method: r.method.toUpperCase(),
    re: new RegExp(`^${r.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z0-9_]+/g, '[^/]+')}/?$`),
  }));
  return (req, res, next) => {
    const allowed = [...new Set(table.filter((t) => t.re.test(req.path)).map((t) => t.method))];
    if (allowed.length === 0 || allowed.includes(req.method)) return next();
    if (allowed.includes('GET')) allowed.push('HEAD');
    res.setHeader('Allow', allowed.join(', '));
    next(new ApiError(405, 'method-not-allowed', `${req.method} is not allowed on ${req.path}; it takes ${allowed.join(', ')}`));
  };
}

export async function listen(app: express.Express, host: string, port: number): Promise<Server> {
  const server = app.listen(port, host);
  await once(server, 'listening');
  return server;
}
