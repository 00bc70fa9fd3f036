/**
 * Issue 19: GET /api/v1/admin/config-users: the API users and tokens of the config file, shown
 * read-only on the admin API users page with their source (src/admin/config-accounts.ts). The
 * app does not write the config file: they are changed there, or moved to the database
 * (docs/ADMIN.md, "API users from the config file").
 */
import { isAbsolute, relative } from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { configAccounts, type FileAccounts } from '../admin/config-accounts';
import type { Pool } from '../db/pool';
import { defineRoute, type ApiRoute } from './route-table';

/** The config file as an operator knows it: relative to the project folder when inside it (var/callcenter.json). */
function shownPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

export function adminConfigRoutes(pool: Pool, fileAccounts: FileAccounts): ApiRoute[] {
  const file = { ...fileAccounts, file: shownPath(fileAccounts.file) };
  return [defineRoute({
    method: 'get', path: '/api/v1/admin/config-users', tag: 'admin', role: 'admin',
    summary: 'API users and tokens defined in the config file (api.users, api.tokens): name, role, kind, source; read-only here (never a password or token). shadowsDatabaseUser: a database API user of that name exists and the config file\'s entry is the one that signs in',
    handler: async () => {
      const [rows] = await pool.query<RowDataPacket[]>('SELECT name FROM api_users');
      return { file: file.file, items: configAccounts(file, new Set(rows.map((r) => String(r.name)))) };
    },
  })];
}
