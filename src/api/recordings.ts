/**
 * GET /api/v1/recordings (C4): search by caller, callee, agent and time range. GET
 * /api/v1/call-records (issue 19, the call search of the reports page): call records with a
 * play and download link for each recording they have (src/records/call-search.ts).
 */
import { z } from 'zod';
import type { RowDataPacket } from 'mysql2/promise';
import type { Pool } from '../db/pool';
import { findRecordings } from '../db/call-record-repository';
import { callSearchQuery, searchPage } from '../records/call-search';
import { ApiError } from './errors';
import { defineRoute, type ApiRoute } from './route-table';
import { extension, guidParams, name, phoneNumber, timeOrDate } from './schemas';

const query = z.object({
  caller: phoneNumber.optional(),
  callee: phoneNumber.optional(),
  agent: extension.optional(),
  from: timeOrDate.optional(),
  to: timeOrDate.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
}).strict();

const callQuery = z.object({
  caller: phoneNumber.optional(),
  callee: phoneNumber.optional(),
  agent: extension.optional(),
  group: name.optional(),
  status: z.coerce.number().int().min(1).max(99).optional(),
  direction: z.enum(['inbound', 'outbound', 'internal']).optional(),
  recorded: z.enum(['0', '1']).optional(),
  from: timeOrDate.optional(),
  to: timeOrDate.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(100000).default(0),
}).strict();

export function recordingRoutes(pool: Pool): ApiRoute[] {
  return [
    defineRoute({
      method: 'get', path: '/api/v1/recordings', tag: 'recordings', role: 'supervisor', query,
      summary: 'Search recordings by caller, callee, agent and time (C4)',
      handler: async ({ query: q }) => {
        const rows = await findRecordings(pool, { ...q, from: q.from?.replace('T', ' '), to: q.to?.replace('T', ' ') });
        // audio: where to play or download it (docs/MEDIA.md).
        return { recordings: rows.map((r) => ({ ...r, duration_sec: Number(r.duration_sec), audio: `/api/v1/recordings/${r.call_guid}/audio?kind=${r.kind}` })) };
      },
    }),
    defineRoute({
      method: 'get', path: '/api/v1/call-records', tag: 'recordings', role: 'agent', query: callQuery,
      summary: 'Call search: call records newest first (caller, callee, agent, group, status, direction, time; recorded=1: only calls with a recording), each with `recordings` [{kind, play, download}] for the recordings still on disk; `more` when a next page exists. Agents: only calls they talked on',
      handler: async ({ query: q, principal }) => {
        const search = { ...q, recorded: q.recorded === '1' };
        const { sql, params } = callSearchQuery(search, principal);
        const [rows] = await pool.query<RowDataPacket[]>(sql, params);
        return searchPage(rows, search);
      },
    }),
    defineRoute({
      method: 'get', path: '/api/v1/call-records/:guid', tag: 'recordings', role: 'agent', params: guidParams,
      summary: 'One call record with its recordings\' play and download links. Agents: only calls they talked on',
      errors: { 404: 'no such call record (agents: or not one of their calls)' },
      handler: async ({ params: p, principal }) => {
        const one = { guid: p.guid, limit: 1, offset: 0 };
        const { sql, params } = callSearchQuery(one, principal);
        const [rows] = await pool.query<RowDataPacket[]>(sql, params);
        if (!rows.length) throw new ApiError(404, 'not-found', `no call record ${p.guid}`);
        return searchPage(rows, one).items[0];
      },
    }),
  ];
}
