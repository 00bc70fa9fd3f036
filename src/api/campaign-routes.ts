/**
 * Outbound campaigns over the CTI API (issue 22): create, lists (CSV), start / pause / stop, live
 * figures, preview, dispositions, do-not-call numbers, reports. docs/CTI-API.md, docs/CAMPAIGNS.md.
 */
import { z } from 'zod';
import { isTimezone } from '../campaigns/compliance';
import { DEFAULT_RETRY_RULES } from '../campaigns/retry';
import { CampaignError, type CampaignService } from '../campaigns/campaign-service';
import { ApiError } from './errors';
import { defineRoute, type ApiRoute } from './route-table';
import { extension, guid, name, phoneNumber } from './schemas';

const hhmm = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$/, 'a time HH:MM (00:00-24:00)');
const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
const key = z.string().regex(/^[a-z0-9_-]{1,32}$/, 'an outcome or disposition: a-z, 0-9, _ or - (1-32)');
const timezone = z.string().max(64).refine(isTimezone, 'an IANA time zone, e.g. Asia/Shanghai');
const id = z.object({ id: z.coerce.number().int().positive() }).strict();

const createBody = z.object({
  name,
  group: z.string().regex(/^[a-z0-9_-]{1,32}$/, 'a group name'),
  mode: z.enum(['preview', 'progressive', 'predictive']),
  dialPrefix: z.string().regex(/^[0-9*#]{0,8}$/, 'up to 8 digits, * or #').default(''),
  window: z.object({ start: hhmm, end: hhmm, days: z.array(z.number().int().min(0).max(6)).min(1).max(7) }).strict()
    .refine((w) => minutes(w.start) < minutes(w.end), 'window: start must be before end')
    .default({ start: '09:00', end: '21:00', days: [1, 2, 3, 4, 5] }),
  timezone: timezone.default('Asia/Shanghai'),
  maxAttempts: z.number().int().min(1).max(20).default(3),
  // Minutes; fractions allowed to the second (0.5 = 30 s): short retries for tests and trials.
  retryRules: z.record(key, z.number().min(0).max(10080).refine((m) => Number.isInteger(Math.round(m * 60 * 1000) / 1000), 'minutes, to the second at most (0.5 = 30 s)'))
    .default({ ...DEFAULT_RETRY_RULES }),
  abandonCapPct: z.number().min(0).max(10).default(3),
  maxLines: z.number().int().min(1).max(500).default(10),
}).strict();

async function run<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof CampaignError) throw new ApiError(err.status, err.code, err.message, err.details);
    throw err;
  }
}

export function campaignRoutes(s: CampaignService): ApiRoute[] {
  const command = (cmd: 'start' | 'pause' | 'stop') => defineRoute({
    method: 'post', path: `/api/v1/campaigns/:id/${cmd}`, tag: 'campaigns', role: 'supervisor', params: id, body: z.object({}).strict(),
    summary: `${cmd[0].toUpperCase()}${cmd.slice(1)} the campaign (campaign.state event); calls in progress always finish`,
    errors: { 404: 'no such campaign', 409: 'not allowed in the campaign\'s state (or predictive: not live)' },
    handler: ({ params }) => run(() => s.command(params.id, cmd)),
  });
  return [
    defineRoute({
      method: 'post', path: '/api/v1/campaigns', tag: 'campaigns', role: 'supervisor', body: createBody,
      summary: 'Create a campaign (stopped) for the agents of a group: mode, dial prefix, calling window in the customer\'s local time, attempts, retry minutes by outcome or disposition, abandon cap',
      errors: { 404: 'no such agent group', 409: 'the name is taken' },
      handler: async ({ body }) => ({ status: 201, body: await run(() => s.create({
        name: body.name, group: body.group, mode: body.mode, dialPrefix: body.dialPrefix,
        window: { startMin: minutes(body.window.start), endMin: minutes(body.window.end), days: [...new Set(body.window.days)].sort() },
        timezone: body.timezone, maxAttempts: body.maxAttempts, retryRules: body.retryRules, abandonCapPct: body.abandonCapPct, maxLines: body.maxLines,
      })) }),
    }),
    defineRoute({
      method: 'get', path: '/api/v1/campaigns', tag: 'campaigns', role: 'supervisor',
      summary: 'Every campaign with its live figures (ready agents, calls ringing / dialling / talking, contacts left, abandon rate over 30 days)',
      handler: () => run(() => s.list()),
    }),
    defineRoute({
      method: 'get', path: '/api/v1/campaigns/:id', tag: 'campaigns', role: 'supervisor', params: id,
      summary: 'One campaign with its live figures', errors: { 404: 'no such campaign' },
      handler: ({ params }) => run(async () => s.figures(await s.get(params.id))),
    }),
    command('start'), command('pause'), command('stop'),
    defineRoute({
      method: 'post', path: '/api/v1/campaigns/:id/lists', tag: 'campaigns', role: 'supervisor', params: id,
      body: z.object({ name, csv: z.string().min(1).max(95_000) }).strict(),
      summary: 'Import a contact list (CSV: phone, name, timezone, other columns for the screen pop). Duplicates, numbers already in the campaign and do-not-call numbers are skipped; any invalid line: 400 and nothing imported',
      errors: { 404: 'no such campaign', 409: 'the campaign has a list of that name' },
      handler: async ({ params, body }) => ({ status: 201, body: await run(() => s.importList(params.id, body.name, body.csv)) }),
    }),
    defineRoute({
      method: 'get', path: '/api/v1/campaigns/:id/report', tag: 'campaigns', role: 'supervisor', params: id,
      summary: 'Report per list: contacts, done, dials, answered, busy, no answer, machine, failed, abandoned, dispositions', errors: { 404: 'no such campaign' },
      handler: ({ params }) => run(() => s.report(params.id)),
    }),
    defineRoute({
      method: 'post', path: '/api/v1/campaigns/:id/preview', tag: 'campaigns', role: 'agent', params: id, body: z.object({ agent: extension }).strict(),
      agentOf: ({ body }) => body.agent,
      summary: 'Preview mode: the next contact the agent may call, held for it for 5 minutes (then dial or skip it)',
      errors: { 404: 'no contact may be called now', 409: 'not a running preview campaign' },
      handler: ({ params, body }) => run(() => s.previewNext(params.id, body.agent)),
    }),
    defineRoute({
      method: 'post', path: '/api/v1/campaigns/:id/contacts/:contact/dial', tag: 'campaigns', role: 'agent',
      params: z.object({ id: z.coerce.number().int().positive(), contact: z.coerce.number().int().positive() }).strict(), body: z.object({ agent: extension }).strict(),
      agentOf: ({ body }) => body.agent,
      summary: 'Preview mode: dial the contact shown: the agent\'s phone rings first, then the customer. Answers the call GUID',
      errors: { 404: 'the contact is not held for this agent' },
      handler: async ({ params, body }) => ({ status: 202, body: { guid: await run(() => s.previewDial(params.id, params.contact, body.agent)) } }),
    }),
    defineRoute({
      method: 'post', path: '/api/v1/campaigns/:id/contacts/:contact/skip', tag: 'campaigns', role: 'agent',
      params: z.object({ id: z.coerce.number().int().positive(), contact: z.coerce.number().int().positive() }).strict(), body: z.object({ agent: extension }).strict(),
      agentOf: ({ body }) => body.agent,
      summary: 'Preview mode: give the contact back without calling it', errors: { 404: 'the contact is not held for this agent' },
      handler: async ({ params, body }) => { await run(() => s.previewSkip(params.id, params.contact, body.agent)); return { skipped: params.contact }; },
    }),
    defineRoute({
      method: 'post', path: '/api/v1/campaigns/calls/:guid/disposition', tag: 'campaigns', role: 'agent', params: z.object({ guid }).strict(),
      body: z.object({ agent: extension, disposition: key }).strict(), agentOf: ({ body }) => body.agent,
      summary: 'The agent\'s disposition of an answered campaign call (once): it ends the attempt and decides the retry (retry rules; do-not-call adds the number to the campaign\'s list)',
      errors: { 404: 'no campaign call of this agent', 409: 'not answered, or already disposed' },
      handler: async ({ params, body }) => { await run(() => s.dispose(params.guid, body.agent, body.disposition)); return { guid: params.guid, disposition: body.disposition }; },
    }),
    defineRoute({
      method: 'post', path: '/api/v1/dnc', tag: 'campaigns', role: 'supervisor',
      body: z.object({
        numbers: z.array(phoneNumber).max(5000).optional(), csv: z.string().max(95_000).optional(), campaign: z.number().int().positive().optional(),
        source: z.enum(['internal', 'imported']).default('internal'), note: z.string().max(255).regex(/^[^\u0000-\u001f]*$/, 'no control characters').default(''),
      }).strict().refine((b) => b.numbers !== undefined || b.csv !== undefined, 'numbers or csv is required'),
      summary: 'Add do-not-call numbers: every campaign\'s list (internal, imported) or one campaign\'s own', errors: { 404: 'no such campaign' },
      handler: async ({ body }) => ({ status: 201, body: await run(() => s.addDnc(body)) }),
    }),
    defineRoute({
      method: 'get', path: '/api/v1/dnc', tag: 'campaigns', role: 'supervisor',
      query: z.object({ campaign: z.coerce.number().int().nonnegative().optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) }).strict(),
      summary: 'Do-not-call numbers, newest first (campaign=0: every campaign\'s list)',
      handler: ({ query }) => run(() => s.listDnc(query.campaign, query.limit)),
    }),
    defineRoute({
      method: 'delete', path: '/api/v1/dnc/:phone', tag: 'campaigns', role: 'supervisor', params: z.object({ phone: phoneNumber }).strict(),
      query: z.object({ campaign: z.coerce.number().int().positive().optional() }).strict(),
      summary: 'Remove a number from a do-not-call list', errors: { 404: 'not on that list' },
      handler: async ({ params, query }) => { await run(() => s.removeDnc(params.phone, query.campaign)); return { removed: params.phone }; },
    }),
  ];
}
