/** The HTTP server: health now; the CTI API and dashboard mount here as they land. */
import { once } from 'node:events';
import type { Server } from 'node:http';
import express, { type Router } from 'express';
import type { Logger } from '../log/logger';
import type { LinkStatus } from '../util/backoff';
import { ApiError, errorMiddleware } from './errors';

export interface HealthSource {
  ari: () => LinkStatus;
  ami: () => LinkStatus;
  mysql: () => Promise<LinkStatus>;
  config: () => { version: number | null; loadedAt: string | null; error: string | null };
  calls: () => number;
}

export function createHttpApp(health: HealthSource, log: Logger, routers: Router[] = []): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '100kb' }));
  app.get('/api/v1/health', async (_req, res) => {
    const links = { ari: health.ari(), ami: health.ami(), mysql: await health.mysql() };
    const config = health.config();
    const ok = Object.values(links).every((l) => l.state === 'up') && config.version !== null;
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', links, config, activeCalls: health.calls() });
  });
  for (const r of routers) app.use(r);
  app.use('/api', (_req, _res, next) => next(new ApiError(404, 'not-found', 'no such API route')));
  app.use(errorMiddleware(log));
  return app;
}

export async function listen(app: express.Express, host: string, port: number): Promise<Server> {
  const server = app.listen(port, host);
  await once(server, 'listening');
  return server;
}
