/**
 * The supervisor's views (T4, T5): statistics (获取统计信息), the dashboard's floor snapshot,
 * Prometheus metrics, and the dashboard page itself (static files in web/).
 */
import { resolve } from 'node:path';
import { Router, type Request, type Response, type NextFunction } from 'express';
import type { Registry } from 'prom-client';
import type { Floor } from '../dashboard/floor';
import { CHART_INTERVALS, type ChartInterval } from '../dashboard/floor-today';
import { authorize, principalOf } from './auth';
import { z } from 'zod';
import { defineRoute, type ApiRoute } from './route-table';
import type { EventTickets } from './events-ws';

export const WEB_DIR = resolve(__dirname, '../../../web');

export function dashboardRoutes(floor: Floor, metrics: Registry, tickets: EventTickets): ApiRoute[] {
  return [
    defineRoute({
      method: 'post', path: '/api/v1/events/ticket', tag: 'events', role: 'agent', body: z.object({}).strict(),
      summary: 'A one-time ticket (30 s) to open the events WebSocket from a browser page: ws://.../api/v1/events?ticket=...',
      handler: ({ principal }) => ({ ticket: tickets.issue(principal) }),
    }),
    defineRoute({
      method: 'get', path: '/api/v1/statistics', tag: 'statistics', role: 'agent',
      summary: 'Agents by state, calls in progress, per group: waiting, longest wait, today\'s offered/answered/abandoned/service level, trunks',
      handler: () => floor.statistics(),
    }),
    defineRoute({
      method: 'get', path: '/api/v1/dashboard/state', tag: 'statistics', role: 'supervisor',
      summary: 'The whole floor for the dashboard: agents (state, time in state, current call), groups, trunks, channels, calls',
      handler: () => floor.snapshot(),
    }),
    defineRoute({
      method: 'get', path: '/api/v1/dashboard/intervals', tag: 'statistics', role: 'supervisor',
      query: z.object({ interval: z.enum(Object.keys(CHART_INTERVALS) as [ChartInterval, ...ChartInterval[]]).default('15m') }).strict(),
      summary: 'Today per group and interval (15m, 30m or hour) from 00:00 to now: offered, answered, abandoned, service level, ASA (the dashboard\'s charts)',
      handler: ({ query }) => floor.intervals(query.interval),
    }),
    defineRoute({
      method: 'get', path: '/metrics', tag: 'statistics', role: 'supervisor', produces: 'text/plain',
      summary: 'Prometheus metrics (text format): calls, queue waits, agent states, trunks, link health',
      handler: async (_input, _req, res) => {
        res.type(metrics.contentType).send(await metrics.metrics());
      },
    }),
  ];
}

/** GET /dashboard (the page; ?view=wallboard for a wall screen, also at /wallboard) and its assets, for supervisors. */
export function dashboardPage(): Router {
  const router = Router();
  const supervisorOnly = (req: Request, _res: Response, next: NextFunction) => {
    try {
      authorize(principalOf(req), 'supervisor');
      next();
    } catch (err) {
      next(err);
    }
  };
  const file = (name: string) => (_req: Request, res: Response) => res.sendFile(resolve(WEB_DIR, name));
  // One page, two views: the floor (tables and charts) and ?view=wallboard (big figures for a wall screen).
  router.get('/dashboard', supervisorOnly, file('dashboard.html'));
  router.get('/wallboard', supervisorOnly, (_req, res) => res.redirect(302, '/dashboard?view=wallboard'));
  router.get('/dashboard/dashboard.js', supervisorOnly, file('dashboard.js'));
  router.get('/dashboard/charts.js', supervisorOnly, file('charts.js'));
  router.get('/dashboard/dashboard.css', supervisorOnly, file('dashboard.css'));
  return router;
}
