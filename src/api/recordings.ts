/** GET /api/v1/recordings (C4): search by caller, callee, agent and time range. */
import { Router } from 'express';
import { z } from 'zod';
import type { Pool } from '../db/pool';
import { findRecordings } from '../db/call-record-repository';
import { ApiError } from './errors';

const number = z.string().regex(/^\+?[0-9*#]{1,32}$/, 'digits, * or # (1-32), optionally after +');
const time = z.string().regex(/^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?$/, 'a date YYYY-MM-DD or a time YYYY-MM-DD HH:MM[:SS]');

const query = z.object({
  caller: number.optional(),
  callee: number.optional(),
  agent: z.string().regex(/^[0-9]{1,32}$/, 'an extension').optional(),
  from: time.optional(),
  to: time.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
}).strict();

export function recordingsRouter(pool: Pool): Router {
  const router = Router();
  router.get('/api/v1/recordings', async (req, res, next) => {
    const parsed = query.safeParse(req.query);
    if (!parsed.success) {
      return next(new ApiError(400, 'invalid-query', 'invalid search parameters', {
        problems: parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`),
      }));
    }
    try {
      const q = parsed.data;
      const rows = await findRecordings(pool, { ...q, from: q.from?.replace('T', ' '), to: q.to?.replace('T', ' ') });
      res.json({ recordings: rows.map((r) => ({ ...r, duration_sec: Number(r.duration_sec) })) });
    } catch (err) {
      next(err);
    }
  });
  return router;
}
