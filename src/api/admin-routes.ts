/**
 * The admin API (issue 19): create, read, update, delete and list for every configuration
 * entity described in src/admin/entities.ts, the audit log, and the schema the web admin builds
 * its forms from. Role admin. Writes are validated as a whole configuration and audited
 * (src/admin/admin-store.ts); flows, route explain on drafts and customer CSV are in
 * admin-flow-routes.ts.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AdminStore, type Actor } from '../admin/admin-store';
import { listAudit } from '../admin/audit';
import { ACCOUNTS, API_TOKENS, ENTITIES } from '../admin/entities';
import { newToken, tokenSha256 } from '../admin/api-accounts';
import { createSchema, keySchema, listQuerySchema, updateSchema, type EntityDef } from '../admin/entity';
import type { Pool } from '../db/pool';
import type { Principal } from './auth';
import { defineRoute, type ApiRoute } from './route-table';

export const actorOf = (p: Principal): Actor => ({ name: p.name, role: p.role });

function entityRoutes(store: AdminStore, e: EntityDef): ApiRoute[] {
  const base = `/api/v1/admin/${e.name}`;
  const params = z.object({ key: keySchema(e) }).strict();
  const tag = 'admin';
  const routes: ApiRoute[] = [
    defineRoute({
      method: 'get', path: base, tag, role: 'admin', query: listQuerySchema(e),
      summary: `List ${e.label}s (paging: limit, offset; q: text search${e.filters.length ? `; filters: ${e.filters.join(', ')}` : ''})`,
      handler: ({ query }) => store.list(e, query),
    }),
    defineRoute({
      method: 'get', path: `${base}/:key`, tag, role: 'admin', params, errors: { 404: `no such ${e.label}` },
      summary: `One ${e.label}${e.children ? ` with its ${e.children.map((c) => c.field).join(', ')}` : ''}`,
      handler: ({ params: p }) => store.get(e, p.key),
    }),
    defineRoute({
      method: 'put', path: `${base}/:key`, tag, role: 'admin', params, body: updateSchema(e),
      errors: { 404: `no such ${e.label}`, 409: 'conflicts with another row' },
      summary: `Change a ${e.label}: the fields given${e.children ? ` (${e.children.map((c) => c.field).join(', ')}: replaced as a whole)` : ''}; validated with the whole configuration, audited, live within seconds`,
      handler: ({ params: p, body, principal }) => store.update(e, p.key, body as Record<string, unknown>, actorOf(principal)),
    }),
  ];
  if (!e.fixedRows && !e.customCreate) {
    routes.push(
      defineRoute({
        method: 'post', path: base, tag, role: 'admin', body: createSchema(e), errors: { 409: `the ${e.label} exists already` },
        summary: `Create a ${e.label}; validated with the whole configuration (400 with every problem, nothing changed), audited, live within seconds`,
        handler: async ({ body, principal }) => ({ status: 201, body: await store.create(e, body as Record<string, unknown>, actorOf(principal)) }),
      }),
      defineRoute({
        method: 'delete', path: `${base}/:key`, tag, role: 'admin', params,
        errors: { 404: `no such ${e.label}`, 409: 'still in use: error.details.usedBy lists what uses it' },
        summary: `Delete a ${e.label} (409 with what uses it while anything does)`,
        handler: async ({ params: p, principal }) => ({ deleted: await store.remove(e, p.key, actorOf(principal)) }),
      }),
    );
  }
  if (e.customCreate) {
    routes.push(defineRoute({
      method: 'delete', path: `${base}/:key`, tag, role: 'admin', params, errors: { 404: `no such ${e.label}` },
      summary: `Delete a ${e.label}`,
      handler: async ({ params: p, principal }) => ({ deleted: await store.remove(e, p.key, actorOf(principal)) }),
    }));
  }
  return routes;
}

/** A password an agent can type on a phone keypad too: 12 digits and letters without look-alikes. */
export function newPassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  return [...randomBytes(16)].map((b) => alphabet[b % alphabet.length]).join('');
}

export function adminRoutes(pool: Pool, store: AdminStore): ApiRoute[] {
  return [
    ...ENTITIES.flatMap((e) => entityRoutes(store, e)),
    defineRoute({
      method: 'post', path: '/api/v1/admin/accounts/:key/reset-password', tag: 'admin', role: 'admin',
      params: z.object({ key: keySchema(ACCOUNTS) }).strict(), errors: { 404: 'no such account' },
      summary: 'Give an account a new random SIP password; the answer shows it once (the audit log only says it was set)',
      handler: async ({ params: p, principal }) => {
        const password = newPassword();
        const account = await store.update(ACCOUNTS, p.key, { password }, actorOf(principal));
        return { ...account, password };
      },
    }),
    defineRoute({
      method: 'post', path: '/api/v1/admin/api-tokens', tag: 'admin', role: 'admin', errors: { 409: 'a token of that name exists' },
      body: z.object({ name: API_TOKENS.columns.name, role: API_TOKENS.columns.role.optional(), enabled: z.boolean().optional() }).strict(),
      summary: 'Make an API token (Authorization: Bearer <token>) with a role; the answer shows the token once, only its SHA-256 is kept',
      handler: async ({ body, principal }) => {
        const token = newToken();
        const row = await store.write(API_TOKENS, actorOf(principal), 'create', async (conn) => {
          const [res] = await conn.query('INSERT INTO api_tokens (name, token_sha256, role, enabled) VALUES (?, ?, ?, ?)',
            [body.name, tokenSha256(token), body.role ?? 'crm', body.enabled === false ? 0 : 1]);
          return { key: (res as { insertId: number }).insertId, before: null };
        });
        return { status: 201, body: { ...row, token } };
      },
    }),
    defineRoute({
      method: 'get', path: '/api/v1/admin/audit', tag: 'admin', role: 'admin',
      query: z.object({
        entity: z.string().regex(/^[a-z-]{1,32}$/).optional(), key: z.string().max(128).optional(), actor: z.string().max(64).optional(),
        since: z.string().regex(/^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?$/, 'a date or time').optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(100), offset: z.coerce.number().int().min(0).default(0),
      }).strict(),
      summary: 'The admin audit log, newest first: who changed what, when, the row before and after',
      handler: ({ query }) => listAudit(pool, query),
    }),
    defineRoute({
      method: 'get', path: '/api/v1/admin/schema', tag: 'admin', role: 'admin',
      summary: 'The entities of the admin API with their fields (JSON Schema), key, filters and child lists: the web admin builds its forms from it',
      handler: () => ({
        entities: ENTITIES.map((e) => ({
          name: e.name, label: e.label, key: e.key, autoKey: !!e.autoKey, required: e.required, secret: e.secret ?? [], filters: e.filters,
          fixedRows: !!e.fixedRows, children: (e.children ?? []).map((c) => c.field),
          create: z.toJSONSchema(createSchema(e), { io: 'input', unrepresentable: 'any' }),
        })),
      }),
    }),
  ];
}
