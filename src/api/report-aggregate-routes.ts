/**
 * The 15-minute report aggregates over HTTP (issue 18): their state and a consistency check of a
 * range (supervisor), a rebuild of a range from the raw call records (admin).
 */
import { z } from 'zod';
import type { Pool } from '../db/pool';
import { normalizeTime } from '../reports/catalog';
import { aggregatesStatus, checkRange, rebuildRange } from '../reports/aggregates/store';
import { ApiError } from './errors';
import { defineRoute, type ApiRoute } from './route-table';
import { timeOrDate } from './schemas';

/** Longest range one request may check or rebuild (a month is one transaction per table). */
const MAX_DAYS = 92;

function range(q: { from: string; to: string }): { from: string; to: string } {
  const from = normalizeTime(q.from);
  const to = normalizeTime(q.to);
  const problems: string[] = [];
  if (!from) problems.push('from: not a real date or time');
  if (!to) problems.push('to: not a real date or time');
  if (from && to) {
    const ms = Date.parse(`${to.replace(' ', 'T')}Z`) - Date.parse(`${from.replace(' ', 'T')}Z`);
    if (ms <= 0) problems.push('to: must be after from');
    else if (ms > MAX_DAYS * 86400000) problems.push(`to: at most ${MAX_DAYS} days per request`);
  }
  if (problems.length) throw new ApiError(400, 'invalid-range', 'invalid range', { problems });
  return { from: from!, to: to! };
}

const rangeSchema = z.object({ from: timeOrDate, to: timeOrDate }).strict();

export function reportAggregateRoutes(pool: Pool): ApiRoute[] {
  return [
    defineRoute({
      method: 'get', path: '/api/v1/report-aggregates', tag: 'reports', role: 'supervisor', query: rangeSchema.partial().strict(),
      summary: 'State of the 15-minute report aggregates; with from and to, a consistency check of that range against the raw call records',
      handler: async ({ query }) => {
        const status = await aggregatesStatus(pool);
        if (query.from === undefined && query.to === undefined) return { ...status };
        const r = range({ from: query.from ?? '', to: query.to ?? '' });
        const mismatches = await checkRange(pool, r.from, r.to);
        return { ...status, check: { ...r, mismatches: mismatches.length, first: mismatches.slice(0, 100) } };
      },
    }),
    defineRoute({
      method: 'post', path: '/api/v1/report-aggregates/rebuild', tag: 'reports', role: 'admin', body: rangeSchema,
      summary: 'Rebuild the report aggregates of a range (widened to 15-minute boundaries) from the raw call records',
      handler: async ({ body }) => {
        const r = range(body);
        return await rebuildRange(pool, r.from, r.to);
      },
    }),
  ];
}
