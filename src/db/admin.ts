/** Admin connection (DDL, seeds) for the install step and the test harness. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import mysql from 'mysql2/promise';
import type { Config } from '../config';
import { migrate } from './migrate';

export const SQL_DIR = resolve(__dirname, '../../../sql');

export function adminConnection(db: Config['db'], database: string | null = db.database): Promise<mysql.Connection> {
  return mysql.createConnection({
    host: db.host, port: db.port, user: db.adminUser, password: db.adminPassword,
    database: database ?? undefined, multipleStatements: true, connectTimeout: 5000,
  });
}

export async function migrateDatabase(db: Config['db'], log: (m: string) => void): Promise<void> {
  const conn = await adminConnection(db);
  try {
    const r = await migrate(conn, SQL_DIR, log);
    log(`migrations: ${r.applied.length} applied, ${r.skipped.length} already in place`);
  } finally {
    await conn.end();
  }
}

export async function loadSeed(db: Config['db'], name: string): Promise<void> {
  const conn = await adminConnection(db);
  try {
    await conn.query(readFileSync(resolve(SQL_DIR, 'seed', `${name}.sql`), 'utf8'));
  } finally {
    await conn.end();
  }
}
