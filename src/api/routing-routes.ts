/** Route explanation over HTTP (R10): what `npm run route` prints, with the configuration the app runs on. */
import { z } from 'zod';
import { explainRoute, type ExplainFeatures } from '../calls/route-explain';
import type { LiveConfig } from '../sync/live-config';
import { ApiError } from './errors';
import { defineRoute, type ApiRoute } from './route-table';
import { phoneNumber } from './schemas';

const endpointName = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'an extension or a trunk name: letters, digits, _ . - (1-64)');
const presented = z.string().regex(/^[A-Za-z0-9+*#_.-]{1,64}$/, 'a caller number as presented: letters, digits, + * # _ . - (1-64)');

export function routingRoutes(live: LiveConfig, features: ExplainFeatures): ApiRoute[] {
  return [
    defineRoute({
      method: 'get', path: '/api/v1/routing/explain', tag: 'routing', role: 'supervisor',
      query: z.object({ number: phoneNumber, from: endpointName.optional(), context: endpointName.optional(), caller: presented.optional() }).strict(),
      summary: 'Explain how a dialled number would be handled, with the configuration the app runs on (what npm run route prints); nothing is dialled',
      errors: { 404: 'unknown caller (from) or context', 503: 'no configuration loaded yet' },
      handler: ({ query }) => {
        const c = live.current;
        if (!c) throw new ApiError(503, 'no-configuration', `no configuration loaded${live.lastError ? `: ${live.lastError}` : ''}`);
        const e = explainRoute(query, { tables: c.tables, accounts: c.accounts, trunks: c.trunks, features });
        if (e.problem === 'context-conflict') throw new ApiError(400, 'invalid-query', 'invalid query', { problems: e.lines });
        if (e.problem) throw new ApiError(404, e.problem, e.lines[0]);
        return { version: c.version, loadedAt: c.loadedAt, invalid: live.invalid, outcome: e.outcome, lines: e.lines };
      },
    }),
  ];
}
