/** C8 over HTTP: send a fax from the outgoing fax directory, list fax records. */
import { z } from 'zod';
import type { RowDataPacket } from 'mysql2/promise';
import type { Pool } from '../db/pool';
import { FAX_FILE_NAME, FaxSendError, sendFax, type FaxSendErrorCode, type FaxSenderDeps } from '../fax/fax-sender';
import { ApiError } from './errors';
import { defineRoute, type ApiRoute } from './route-table';
import { extension, phoneNumber, timeOrDate } from './schemas';

const fileName = z.string().regex(FAX_FILE_NAME, 'a file name in the outgoing fax directory: name.tif, name.tiff or name.pdf');

const STATUS: Record<FaxSendErrorCode, number> = { 'bad-file': 400, 'unknown-file': 404, 'not-routable': 409, 'asterisk-unavailable': 409, 'converter-unavailable': 503 };

const listQuery = z.object({
  direction: z.enum(['in', 'out']).optional(),
  caller: phoneNumber.optional(),
  callee: phoneNumber.optional(),
  from: timeOrDate.optional(),
  to: timeOrDate.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
}).strict();

export function faxRoutes(pool: Pool, sender: FaxSenderDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'post', path: '/api/v1/faxes', tag: 'fax', role: 'agent',
      body: z.object({ agent: extension, number: phoneNumber, file: fileName }).strict(),
      agentOf: ({ body }) => body.agent,
      summary: 'Send a fax (C8): a TIFF or a PDF from the outgoing fax directory to a number, routed as if the agent dialled it; a PDF is first converted to a fax TIFF (G4, 204 x 196 dpi); T.38 where the line offers it, G.711 otherwise. Answers the fax GUID and page count once the call is started; the fax record follows when the call ends. 400 (id bad-file) when the file is not a TIFF with pages, not a PDF, or the PDF cannot be converted',
      errors: { 404: 'no such file in the outgoing fax directory', 409: 'the number cannot be dialled for this agent, or Asterisk is unavailable', 503: 'the PDF converter (Ghostscript) cannot be run' },
      handler: async ({ body }) => {
        try {
          const r = await sendFax(sender, body.agent, body.number, body.file);
          return { status: 202, body: { guid: r.guid, number: body.number, file: body.file, pages: r.pages, tiff: r.tiff } };
        } catch (err) {
          if (err instanceof FaxSendError) throw new ApiError(STATUS[err.code], err.code, err.message);
          throw err;
        }
      },
    }),
    defineRoute({
      method: 'get', path: '/api/v1/faxes', tag: 'fax', role: 'supervisor', query: listQuery,
      summary: 'Fax records (C8), newest first: direction, caller, callee, file (file_purged_at: deleted by the retention job), times, result',
      handler: async ({ query: q }) => {
        const where: string[] = [];
        const args: (string | number)[] = [];
        if (q.direction) { where.push('direction = ?'); args.push(q.direction); }
        if (q.caller) { where.push('caller = ?'); args.push(q.caller); }
        if (q.callee) { where.push('callee = ?'); args.push(q.callee); }
        if (q.from) { where.push('started_at >= ?'); args.push(q.from.replace('T', ' ')); }
        if (q.to) { where.push('started_at < ?'); args.push(q.to.replace('T', ' ')); }
        const [rows] = await pool.query<RowDataPacket[]>(
          `SELECT guid, direction, caller, callee, agent, file, file_purged_at, started_at, ended_at, result, status, error, pages, remote_station
           FROM fax_records ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY started_at DESC, id DESC LIMIT ${q.limit}`, args);
        return { faxes: rows };
      },
    }),
  ];
}
