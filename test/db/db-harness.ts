/**
 * Database-only tests: their own database (callcenter_test_reports), so they never touch the
 * shared integration site and need no lock. The schema is built by the same migrations.
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { configPath, parseConfig, type Config } from '../../src/config';
import { adminConnection, migrateDatabase } from '../../src/db/admin';
import { createPool, type Pool } from '../../src/db/pool';
import { createHttpApp, listen } from '../../src/api/server';
import type { ApiRoute } from '../../src/api/route-table';
import type { Router } from 'express';
import { createLogger, type Logger } from '../../src/log/logger';

export const REPORTS_DB = 'callcenter_test_reports';

export const DB_TEST_USERS = {
  supervisor: { name: 'super', password: 'test-super-password', role: 'supervisor' as const },
  admin: { name: 'admin', password: 'test-admin-password', role: 'admin' as const },
};

export function dbTestConfig(database = REPORTS_DB): Config {
  const raw = JSON.parse(readFileSync(configPath(), 'utf8'));
  return parseConfig(raw, { ...process.env, CC_DB_NAME: database }, 'db test config');
}

/** A fresh database with every migration applied; returns a pool as the app user. */
export async function freshDatabase(config: Config): Promise<Pool> {
  const conn = await adminConnection(config.db, null);
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${config.db.database}\``);
    await conn.query(`CREATE DATABASE \`${config.db.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await conn.end();
  }
  await migrateDatabase(config.db, () => {});
  return createPool(config.db);
}

export const quietLog: Logger = createLogger('silent');

/** An HTTP server with only the given routes (no Asterisk), on a free loopback port. */
export async function apiServer(routes: readonly ApiRoute[], routers: Router[] = []): Promise<{ server: Server; base: string }> {
  const up = { state: 'up' as const, since: new Date().toISOString(), lastError: null };
  const app = createHttpApp({ ari: () => up, ami: () => up, mysql: async () => up, config: () => ({ version: 1, loadedAt: null, error: null }), calls: () => 0 },
    quietLog, { routes, routers, credentials: () => ({ users: Object.values(DB_TEST_USERS), tokens: [], agentPassword: (ext) => (ext === '1001' ? 'secret1001' : null) }) });
  const server = await listen(app, '127.0.0.1', 0);
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export function basic(user: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}
