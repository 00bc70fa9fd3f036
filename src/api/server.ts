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
import { mountRoutes, openApiDocument, type ApiRoute } from './route-table';

export interface HealthSource {
  ari: () => LinkStatus;
  ami: () => LinkStatus;
  mysql: () => Promise<LinkStatus>;
  config: () => { version: number | null; loadedAt: string | null; error: string | null };
  calls: () => number;
}

export interface HttpParts {
  routes: readonly ApiRoute[];
  credentials: () => Credentials;
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
  app.use(express.json({ limit: '100kb' }));
  app.get('/api/v1/health', async (_req, res) => {
    const links = { ari: health.ari(), ami: health.ami(), mysql: await health.mysql() };
    const config = health.config();
    const ok = Object.values(links).every((l) => l.state === 'up') && config.version !== null;
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', links, config, activeCalls: health.calls() });
  });
  const doc = openApiDocument(parts.routes, API_VERSION);
  app.get('/api/v1/openapi.json', (_req, res) => {
    res.json(doc);
  });
  app.use(authMiddleware(parts.credentials));
  app.use(mountRoutes(parts.routes));
  for (const r of parts.routers ?? []) app.use(r);
  app.use('/api', (_req, _res, next) => next(new ApiError(404, 'not-found', 'no such API route')));
  app.use(errorMiddleware(log));
  return app;
}

export async function listen(app: express.Express, host: string, port: number): Promise<Server> {
  const server = app.listen(port, host);
  await once(server, 'listening');
  return server;
}
