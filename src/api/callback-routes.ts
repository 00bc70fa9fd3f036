/** Queue callbacks over HTTP (issue 22): book one for a time (agents: for themselves or their group), list, cancel, today's figures. */
import { z } from 'zod';
import { CallbackError, type CallbackService } from '../callbacks/callback-service';
import type { CallbackFigures } from '../callbacks/callback-state';
import type { GroupConfig } from '../domain';
import { ApiError } from './errors';
import { defineRoute, type ApiRoute } from './route-table';
import { agentParams, extension } from './schemas';

/** How far ahead a callback may be booked. */
const MAX_AHEAD_MS = 366 * 86400_000;
/** A time a little in the past (clock skew, a slow form) still counts as "now". */
const PAST_SLACK_MS = 60_000;

const bookBody = z.object({
  number: z.string().regex(/^\+?[0-9]{3,20}$/, 'the customer\'s number: 3-20 digits, optionally after +'),
  group: z.string().regex(/^[a-z0-9_-]{1,32}$/, 'a group name'),
  at: z.string().refine((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/.test(s) && !Number.isNaN(Date.parse(s)),
    'a date and time, ISO 8601 (2026-12-08T09:30:00+08:00)'),
  agent: extension.nullable().optional(),
}).strict();
const idParams = z.object({ id: z.string().uuid('a callback id') }).strict();

export interface CallbackRouteDeps {
  service: CallbackService;
  groups: () => ReadonlyMap<string, GroupConfig>;
  figures: () => Promise<Map<string, CallbackFigures>>;
  /** Ids of the open callbacks this user booked (callbacks.created_by). */
  bookedBy: (user: string) => Promise<Set<string>>;
  now?: () => number;
}

export function callbackRoutes(d: CallbackRouteDeps): ApiRoute[] {
  const now = d.now ?? Date.now;
  const fail = (err: unknown): never => {
    if (err instanceof CallbackError) {
      if (err.code === 'not-found') throw new ApiError(404, 'unknown-callback', err.message);
      if (err.code === 'unknown-group') throw new ApiError(404, 'unknown-group', err.message);
      throw new ApiError(409, 'callback-in-progress', err.message);
    }
    throw err;
  };
  return [
    defineRoute({
      method: 'post', path: '/api/v1/callbacks', tag: 'callbacks', role: 'agent', body: bookBody, agentOf: ({ body }) => body.agent ?? null,
      summary: 'Book a callback for a date and time, for one agent (agent) or any agent of the group; it queues at that time in the group, at that place',
      errors: { 404: 'unknown group' },
      handler: async ({ body, principal }) => {
        const at = Date.parse(body.at);
        const group = d.groups().get(body.group);
        const problems: string[] = [];
        if (at < now() - PAST_SLACK_MS) problems.push('at: the time has passed');
        if (at > now() + MAX_AHEAD_MS) problems.push('at: more than a year ahead');
        if (group && body.agent && !group.members.some((m) => m.extension === body.agent)) problems.push(`agent: ${body.agent} is not a member of group ${body.group}`);
        if (group && principal.role === 'agent' && !group.members.some((m) => m.extension === principal.agent)) problems.push(`group: agent ${principal.agent} is not a member of group ${body.group}`);
        if (!group) throw new ApiError(404, 'unknown-group', `no agent group "${body.group}"`, problems.length ? { problems } : undefined);
        if (problems.length) throw new ApiError(400, 'invalid-body', 'invalid body', { problems });
        try {
          const cb = await d.service.schedule({ group: body.group, number: body.number.replace(/^\+/, ''), at: Math.max(at, now()), agent: body.agent ?? null, by: principal.name });
          return { status: 201, body: cb };
        } catch (err) {
          return fail(err);
        }
      },
    }),
    defineRoute({
      method: 'get', path: '/api/v1/agents/:agent/callbacks', tag: 'callbacks', role: 'agent', params: agentParams, agentOf: ({ params }) => params.agent,
      summary: 'An agent\'s open callbacks (booked for it, or booked by it for its group), oldest place first, and the groups it may book for (the /agent page\'s callback form)',
      handler: async ({ params }) => {
        const mine = await d.bookedBy(params.agent);
        const groups = [...d.groups().values()].filter((g) => g.members.some((m) => m.extension === params.agent)).map((g) => g.name).sort();
        return { agent: params.agent, groups, callbacks: d.service.list().filter((c) => c.agent === params.agent || mine.has(c.id)) };
      },
    }),
    defineRoute({
      method: 'get', path: '/api/v1/callbacks', tag: 'callbacks', role: 'supervisor', summary: 'Open callbacks (waiting, scheduled, being called, waiting to retry), oldest place first',
      handler: () => ({ callbacks: d.service.list() }),
    }),
    defineRoute({
      method: 'get', path: '/api/v1/callbacks/figures', tag: 'callbacks', role: 'supervisor',
      summary: 'Today\'s callback figures per group: offered, accepted, scheduled, connected, failed, pending',
      handler: async () => ({ groups: Object.fromEntries(await d.figures()) }),
    }),
    defineRoute({
      method: 'get', path: '/api/v1/callbacks/:id', tag: 'callbacks', role: 'supervisor', params: idParams, summary: 'One open callback', errors: { 404: 'no open callback with this id' },
      handler: ({ params }) => d.service.get(params.id) ?? fail(new CallbackError('not-found', `no open callback ${params.id}`)),
    }),
    defineRoute({
      method: 'delete', path: '/api/v1/callbacks/:id', tag: 'callbacks', role: 'supervisor', params: idParams, summary: 'Cancel an open callback (not while it is being called)',
      errors: { 404: 'no open callback with this id', 409: 'being called now' },
      handler: async ({ params }) => {
        try {
          return await d.service.cancel(params.id);
        } catch (err) {
          return fail(err);
        }
      },
    }),
  ];
}
