/**
 * Reports over HTTP (D4): GET /api/v1/reports lists them, GET /api/v1/reports/<name> runs the
 * report's SQL file and answers JSON, or CSV with ?format=csv or Accept: text/csv.
 */
import { z } from 'zod';
import type { Pool } from '../db/pool';
import { REPORTS, reportByName, reportVariables, requestProblems, type ReportLimits } from '../reports/catalog';
import { columnsOf } from '../reports/columns';
import { toCsv } from '../reports/csv';
import { runReport, unknownFilter } from '../reports/run-report';
import { ApiError } from './errors';
import { defineRoute, type ApiRoute } from './route-table';
import { extension, name, timeOrDate } from './schemas';

export interface ReportSettings extends ReportLimits {
  /** Default service-level threshold (s) when the request has no slSec. */
  serviceLevelSec: number;
}

// Any name passes here; an unknown one is a 404 (unknown-report) in the handler.
const params = z.object({ name: z.string().regex(/^[a-z0-9-]{1,64}$/, `a report name: ${REPORTS.map((r) => r.name).join(', ')}`) }).strict();

function reportQuery(defaultSl: number) {
  return z.object({
    from: timeOrDate,
    to: timeOrDate,
    interval: z.enum(['15m', 'hour', 'day', 'all']).default('day'),
    group: name.optional(),
    agent: extension.optional(),
    trunk: name.optional(),
    slSec: z.coerce.number().int().min(0).max(3600).default(defaultSl),
    format: z.enum(['json', 'csv']).optional(),
  }).strict();
}

export function reportRoutes(pool: Pool, settings: ReportSettings): ApiRoute[] {
  return [
    defineRoute({
      method: 'get', path: '/api/v1/reports', tag: 'reports', role: 'supervisor', summary: 'The reports, their filters, SQL files and columns (name, heading, unit) (D4)',
      handler: () => ({ reports: REPORTS.map((r) => ({ ...r, sql: `sql/reports/${r.name}.sql`, path: `/api/v1/reports/${r.name}`, columns: columnsOf(r.name) })) }),
    }),
    defineRoute({
      method: 'get', path: '/api/v1/reports/:name', tag: 'reports', role: 'supervisor', params, query: reportQuery(settings.serviceLevelSec),
      summary: 'Run a report for a time range, per interval (JSON, or CSV with format=csv or Accept: text/csv)',
      errors: { 404: 'unknown report, or a group, agent or trunk neither configured nor in the records' },
      handler: async ({ params: p, query: q }, req, res) => {
        const def = reportByName(p.name);
        if (!def) throw new ApiError(404, 'unknown-report', `no report "${p.name}"; the reports are ${REPORTS.map((r) => r.name).join(', ')}`);
        const problems = requestProblems(def, q, settings);
        if (problems.length) throw new ApiError(400, 'invalid-query', 'invalid query', { problems });
        const unknown = await unknownFilter(pool, q);
        if (unknown) throw new ApiError(404, `unknown-${unknown.filter}`, unknown.message);
        const vars = reportVariables(q);
        const result = await runReport(pool, def.name, vars);
        const csv = q.format === 'csv' || (q.format === undefined && req.accepts(['application/json', 'text/csv']) === 'text/csv');
        if (csv) {
          const file = `${def.name}_${vars.from.slice(0, 10)}_${vars.to.slice(0, 10)}.csv`;
          res.type('text/csv; charset=utf-8').setHeader('Content-Disposition', `attachment; filename="${file}"`);
          res.send(toCsv(result.columns, result.rows));
          return;
        }
        const parameters = { from: vars.from, to: vars.to, interval: q.interval, group: q.group ?? null, agent: q.agent ?? null, trunk: q.trunk ?? null, ...(def.serviceLevel ? { slSec: q.slSec } : {}) };
        return { report: def.name, title: def.title, parameters, columns: result.columns, rows: result.rows };
      },
    }),
  ];
}
