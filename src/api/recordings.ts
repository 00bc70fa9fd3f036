/** GET /api/v1/recordings (C4): search by caller, callee, agent and time range. */
import { z } from 'zod';
import type { Pool } from '../db/pool';
import { findRecordings } from '../db/call-record-repository';
import { defineRoute, type ApiRoute } from './route-table';
import { extension, phoneNumber, timeOrDate } from './schemas';

const query = z.object({
  caller: phoneNumber.optional(),
  callee: phoneNumber.optional(),
  agent: extension.optional(),
  from: timeOrDate.optional(),
  to: timeOrDate.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
}).strict();

export function recordingRoutes(pool: Pool): ApiRoute[] {
  return [defineRoute({
    method: 'get', path: '/api/v1/recordings', tag: 'recordings', role: 'supervisor', query,
    summary: 'Search recordings by caller, callee, agent and time (C4)',
    handler: async ({ query: q }) => {
      const rows = await findRecordings(pool, { ...q, from: q.from?.replace('T', ' '), to: q.to?.replace('T', ' ') });
      // audio: where to play or download it (docs/MEDIA.md).
      return { recordings: rows.map((r) => ({ ...r, duration_sec: Number(r.duration_sec), audio: `/api/v1/recordings/${r.call_guid}/audio?kind=${r.kind}` })) };
    },
  })];
}
