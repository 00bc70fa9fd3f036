/**
 * Applies sql/NNN_*.sql in order, once each, recorded in schema_migrations with a checksum.
 * A changed file that was already applied is an error (write a new migration instead).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import mysql from 'mysql2/promise';

export interface MigrationResult { applied: string[]; skipped: string[] }

export async function migrate(conn: mysql.Connection, dir: string, log: (msg: string) => void = () => {}): Promise<MigrationResult> {
  await conn.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name VARCHAR(255) NOT NULL PRIMARY KEY,
    checksum CHAR(64) NOT NULL,
    applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
  ) ENGINE=InnoDB`);
  const [rows] = await conn.query<mysql.RowDataPacket[]>('SELECT name, checksum FROM schema_migrations');
  const done = new Map(rows.map((r) => [r.name as string, r.checksum as string]));
  const files = readdirSync(dir).filter((f) => /^\d{3}_.+\.sql$/.test(f)).sort();
  const result: MigrationResult = { applied: [], skipped: [] };
  for (const file of files) {
    const sql = readFileSync(join(dir, file), 'utf8');
    const sum = createHash('sha256').update(sql).digest('hex');
    const previous = done.get(file);
    if (previous) {
      if (previous !== sum) throw new Error(`migration ${file} changed after it was applied; add a new migration instead of editing it`);
      result.skipped.push(file);
      continue;
    }
    log(`applying ${file}`);
    // DDL commits implicitly in MySQL, so a failed migration is reported with its name for a manual look.
    try {
      await conn.query(sql);
    } catch (e) {
      throw new Error(`migration ${file} failed: ${(e as Error).message}`);
    }
    await conn.execute('INSERT INTO schema_migrations (name, checksum) VALUES (?, ?)', [file, sum]);
    result.applied.push(file);
  }
  return result;
}
