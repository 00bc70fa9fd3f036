/** Scheduled jobs and timers 1-9 over HTTP (D5): list, run now, switch timers on/off and change them live. */
import { z } from 'zod';
import type { JobRunner } from '../jobs/job-runner';
import { TimerError, type TimerService } from '../jobs/timers';
import { ApiError } from './errors';
import { defineRoute, type ApiRoute } from './route-table';
import { extension, phoneNumber } from './schemas';

const jobParams = z.object({ name: z.string().regex(/^[a-z-]{1,32}$/, 'a job name: lowercase letters and -') }).strict();
const timerParams = z.object({ id: z.coerce.number().int().min(1).max(9) }).strict();
const timerBody = z.object({
  enabled: z.boolean().optional(),
  periodMs: z.number().int().min(101, 'periodMs must be more than 100').max(86400000).optional(),
  action: z.enum(['event', 'job', 'call', 'flow']).optional(),
  agent: extension.nullable().optional(),
  number: phoneNumber.nullable().optional(),
  flow: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a flow name').nullable().optional(),
  job: z.string().regex(/^[a-z-]{1,32}$/, 'a job name: lowercase letters and -').nullable().optional(),
  description: z.string().regex(/^[^\r\n\0]{0,255}$/, 'one line of at most 255 characters').optional(),
}).strict().refine((b) => Object.keys(b).length > 0, 'give at least one of enabled, periodMs, action, job, agent, number, flow, description');

export function jobRoutes(runner: JobRunner, timers: TimerService): ApiRoute[] {
  const knownJob = (name: string) => {
    if (!runner.has(name)) throw new ApiError(404, 'unknown-job', `no job ${name}; jobs: ${runner.names().join(', ')}`);
  };
  const knownTimer = (id: number) => {
    const t = timers.get(id);
    if (!t) throw new ApiError(503, 'timers-not-loaded', 'timer settings are not loaded yet (MySQL?)');
    return t;
  };
  return [
    defineRoute({
      method: 'get', path: '/api/v1/jobs', tag: 'jobs', role: 'supervisor', summary: 'Scheduled jobs: schedule, running, last result (D5)',
      handler: () => ({ jobs: runner.status() }),
    }),
    defineRoute({
      method: 'post', path: '/api/v1/jobs/:name/run', tag: 'jobs', role: 'admin', params: jobParams, body: z.object({}).strict(),
      summary: 'Run a job now (never alongside a run already in progress)', errors: { 404: 'unknown job', 409: 'the job is running' },
      handler: async ({ params }) => {
        knownJob(params.name);
        const r = await runner.run(params.name, 'api');
        if (r.outcome === 'skipped') throw new ApiError(409, 'job-running', r.message);
        if (r.outcome === 'failed') return { status: 500, body: { error: { id: 'job-failed', message: r.message, details: {} } } };
        return { job: params.name, outcome: r.outcome, message: r.message };
      },
    }),
    defineRoute({
      method: 'get', path: '/api/v1/timers', tag: 'jobs', role: 'supervisor', summary: 'Timers 1-9: on/off, period, action, times fired',
      handler: () => ({ timers: timers.list() }),
    }),
    defineRoute({
      method: 'get', path: '/api/v1/timers/:id', tag: 'jobs', role: 'supervisor', params: timerParams, summary: 'One timer', errors: { 503: 'settings not loaded' },
      handler: ({ params }) => knownTimer(params.id),
    }),
    defineRoute({
      method: 'put', path: '/api/v1/timers/:id', tag: 'jobs', role: 'admin', params: timerParams, body: timerBody,
      summary: 'Switch a timer on/off or change its period/action (event, job, call: click-to-call from agent to number, flow: number dialled as agent\'s phone would, flow run for who answers); saved in MySQL, applied at once', errors: { 503: 'settings not loaded' },
      handler: async ({ params, body }) => {
        knownTimer(params.id);
        try {
          return await timers.update(params.id, body);
        } catch (err) {
          if (err instanceof TimerError) throw new ApiError(400, 'invalid-timer', err.message, { problems: err.message.split('; ') });
          throw err;
        }
      },
    }),
  ];
}
