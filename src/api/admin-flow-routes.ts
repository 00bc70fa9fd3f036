/**
 * Admin API, part 2: flows with versions (publish, diff, roll back, check a draft), route explain
 * on a draft rule set before it is saved, and customers as CSV (import, export).
 */
import { z } from 'zod';
import type { AdminStore } from '../admin/admin-store';
import { csvRecords, toCsv } from '../admin/csv';
import { withDraftRules } from '../admin/draft-rules';
import { targetProblems } from '../admin/validate-config';
import { CUSTOMERS, DIAL_RULES } from '../admin/entities';
import { createSchema } from '../admin/entity';
import { FlowStore } from '../admin/flow-store';
import { explainRoute, type ExplainFeatures } from '../calls/route-explain';
import { inTransaction, type Pool } from '../db/pool';
import { loadRoutingTables } from '../db/routing-repository';
import { loadTelephonyData } from '../db/telephony-repository';
import { writeAudit } from '../admin/audit';
import { compileTables, RoutingConfigError } from '../routing';
import { actorOf, adminRoutes } from './admin-routes';
import { adminConfigRoutes } from './admin-config-routes';
import type { FileAccounts } from '../admin/config-accounts';
import { ApiError } from './errors';
import { defineRoute, type ApiRoute } from './route-table';
import { phoneNumber } from './schemas';

const flowName = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'letters, digits, _ or - (1-32)');
const definition = z.record(z.string(), z.unknown());
/** The flow editor's node positions, kept with the version (not part of the flow). */
const layout = z.record(z.string().max(64), z.object({ x: z.number().finite(), y: z.number().finite() }).strict()).optional();
const endpointName = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'an extension or a trunk name');

export function adminFlowRoutes(pool: Pool, store: AdminStore, features: ExplainFeatures): ApiRoute[] {
  const flows = new FlowStore(pool, store);
  const nameParams = z.object({ name: flowName }).strict();
  const tag = 'admin';
  const draftRule = createSchema(DIAL_RULES).extend({ id: z.number().int().min(1).optional() });
  return [
    defineRoute({ method: 'get', path: '/api/v1/admin/flows', tag, role: 'admin', summary: 'List flows with their current version', handler: async () => ({ items: await flows.list() }) }),
    defineRoute({
      method: 'get', path: '/api/v1/admin/flows/:name', tag, role: 'admin', params: nameParams, errors: { 404: 'no such flow' },
      summary: 'One flow: its live definition and version', handler: ({ params }) => flows.get(params.name),
    }),
    defineRoute({
      method: 'post', path: '/api/v1/admin/flows', tag, role: 'admin', errors: { 409: 'the flow exists already' },
      body: z.object({ name: flowName, description: z.string().max(255).optional(), definition, note: z.string().max(255).optional(), layout }).strict(),
      summary: 'Create a flow (its version 1); validated with the whole configuration (400 lists every problem, per node in error.details.nodes)',
      handler: async ({ body, principal }) => ({ status: 201, body: await flows.publish(body.name, body, actorOf(principal), 'create') }),
    }),
    defineRoute({
      method: 'put', path: '/api/v1/admin/flows/:name', tag, role: 'admin', params: nameParams, errors: { 404: 'no such flow' },
      body: z.object({ description: z.string().max(255).optional(), definition, note: z.string().max(255).optional(), layout }).strict(),
      summary: 'Publish a new version of a flow; validated, audited, live for new calls within seconds (calls in the flow keep their version)',
      handler: ({ params, body, principal }) => flows.publish(params.name, body, actorOf(principal), 'update'),
    }),
    defineRoute({
      method: 'delete', path: '/api/v1/admin/flows/:name', tag, role: 'admin', params: nameParams,
      errors: { 404: 'no such flow', 409: 'still used: error.details.usedBy lists what uses it' },
      summary: 'Delete a flow (409 with what uses it: dial rules, groups, business hours, other flows)',
      handler: async ({ params, principal }) => { await flows.remove(params.name, actorOf(principal)); return { deleted: params.name }; },
    }),
    defineRoute({
      method: 'post', path: '/api/v1/admin/flows/:name/check', tag, role: 'admin', params: nameParams, body: z.object({ definition }).strict(),
      summary: 'Validate a draft of a flow as if it were published; nothing is saved. problems per node in nodes',
      handler: ({ params, body }) => flows.check(params.name, body.definition),
    }),
    defineRoute({
      method: 'get', path: '/api/v1/admin/flows/:name/versions', tag, role: 'admin', params: nameParams, errors: { 404: 'no such flow' },
      summary: 'Every published version of a flow, newest first', handler: async ({ params }) => ({ items: await flows.versions(params.name) }),
    }),
    defineRoute({
      method: 'get', path: '/api/v1/admin/flows/:name/versions/:version', tag, role: 'admin',
      params: z.object({ name: flowName, version: z.coerce.number().int().min(1) }).strict(), errors: { 404: 'no such flow or version' },
      summary: 'One published version of a flow with its definition', handler: ({ params }) => flows.version(params.name, params.version),
    }),
    defineRoute({
      method: 'get', path: '/api/v1/admin/flows/:name/diff', tag, role: 'admin', params: nameParams,
      query: z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) }).strict(), errors: { 404: 'no such flow or version' },
      summary: 'What changed between two versions: top-level fields, nodes added, removed and modified',
      handler: ({ params, query }) => flows.diff(params.name, query.from, query.to),
    }),
    defineRoute({
      method: 'post', path: '/api/v1/admin/flows/:name/rollback', tag, role: 'admin', params: nameParams,
      body: z.object({ version: z.number().int().min(1) }).strict(), errors: { 404: 'no such flow or version' },
      summary: 'Roll back: publish an old version again as the newest version',
      handler: ({ params, body, principal }) => flows.rollback(params.name, body.version, actorOf(principal)),
    }),
    defineRoute({
      method: 'post', path: '/api/v1/admin/routing/explain', tag, role: 'admin',
      body: z.object({
        number: phoneNumber, from: endpointName.optional(), context: endpointName.optional(), caller: z.string().regex(/^[A-Za-z0-9+*#_.-]{1,64}$/).optional(),
        rules: z.array(draftRule).max(200).default([]), remove: z.array(z.number().int().min(1)).max(200).default([]),
      }).strict(),
      errors: { 404: 'unknown caller (from) or context' },
      summary: 'Explain a number with a draft rule set (rules with an id replace saved ones, without are added; remove leaves saved ones out) before it is saved; nothing is saved or dialled',
      handler: async ({ body }) => {
        const [raw, telephony] = await Promise.all([loadRoutingTables(pool), loadTelephonyData(pool)]);
        const draft = withDraftRules(raw, body.rules as never, body.remove);
        const problems = targetProblems(draft);
        let tables;
        try {
          tables = compileTables(draft);
        } catch (err) {
          if (!(err instanceof RoutingConfigError)) throw err;
          problems.unshift(...err.problems);
        }
        if (problems.length || !tables) throw new ApiError(400, 'invalid-configuration', 'the draft rules are invalid', { problems });
        const accounts = new Map(telephony.accounts.map((a) => [a.extension, a]));
        const trunks = new Map(telephony.trunks.map((t) => [t.name, t]));
        const e = explainRoute(body, { tables, accounts, trunks, features });
        if (e.problem === 'context-conflict') throw new ApiError(400, 'invalid-body', 'invalid body', { problems: e.lines });
        if (e.problem) throw new ApiError(404, e.problem, e.lines[0]);
        return { outcome: e.outcome, lines: e.lines };
      },
    }),
    defineRoute({
      method: 'get', path: '/api/v1/admin/customers/export', tag, role: 'admin', produces: 'text/csv',
      summary: 'All customers as CSV (UTF-8, header row: phone, name, company, address, contact, notes)',
      handler: async (_input, _req, res) => {
        const [rows] = await pool.query('SELECT phone, name, company, address, contact, notes FROM customers ORDER BY id');
        res.type('text/csv; charset=utf-8').setHeader('Content-Disposition', 'attachment; filename="customers.csv"');
        res.send(toCsv(CUSTOMER_COLUMNS, rows as Record<string, unknown>[]));
      },
    }),
    defineRoute({
      method: 'post', path: '/api/v1/admin/customers/import', tag, role: 'admin',
      body: z.object({ csv: z.string().min(1).max(90_000), replace: z.boolean().default(false) }).strict(),
      summary: 'Import customers from CSV text (header row; phone and name required). Every line is checked first: one bad line and nothing is imported (400 with every problem). replace: delete the existing customers first',
      handler: async ({ body, principal }) => {
        let parsed;
        try { parsed = csvRecords(body.csv, CUSTOMER_COLUMNS, ['phone', 'name']); } catch (err) { throw new ApiError(400, 'invalid-body', 'invalid CSV', { problems: [(err as Error).message] }); }
        const problems = [...parsed.problems];
        const schema = createSchema(CUSTOMERS);
        const rows = parsed.records.map((r, i) => {
          const value = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === '' && k !== 'phone' && k !== 'name' ? null : v]));
          const ok = schema.safeParse(value);
          if (!ok.success) problems.push(...ok.error.issues.map((x) => `line ${i + 2}: ${x.path.join('.')}: ${x.message}`));
          return value;
        });
        if (problems.length) throw new ApiError(400, 'invalid-body', 'the CSV has problems; nothing was imported', { problems: problems.slice(0, 200) });
        await inTransaction(pool, async (conn) => {
          if (body.replace) await conn.query('DELETE FROM customers');
          for (const r of rows) {
            await conn.query('INSERT INTO customers (phone, name, company, address, contact, notes) VALUES (?, ?, ?, ?, ?, ?)', CUSTOMER_COLUMNS.map((c) => r[c] ?? null));
          }
          await writeAudit(conn, { ...auditActor(principal), action: 'import', entity: 'customers', key: `${rows.length} rows`, before: null, after: { imported: rows.length, replace: body.replace } });
        });
        return { imported: rows.length, replaced: body.replace };
      },
    }),
  ];
}

const CUSTOMER_COLUMNS = ['phone', 'name', 'company', 'address', 'contact', 'notes'];

function auditActor(p: { name: string; role: string }): { actor: string; role: string } {
  return { actor: p.name, role: p.role };
}

/**
 * Every admin route in mounting order: the fixed paths (customers/export, flows/...) before the
 * generic /:key routes that would otherwise take them.
 */
export function allAdminRoutes(pool: Pool, store: AdminStore, features: ExplainFeatures, fileAccounts?: FileAccounts): ApiRoute[] {
  return [...adminFlowRoutes(pool, store, features), ...(fileAccounts ? adminConfigRoutes(pool, fileAccounts) : []), ...adminRoutes(pool, store)];
}
