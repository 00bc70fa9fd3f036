/**
 * Runs a report's SQL file (sql/reports/<name>.sql) as a DBA would: set the user variables
 * its header lists, then run the file, on one connection.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FieldPacket, RowDataPacket } from 'mysql2/promise';
import { SQL_DIR } from '../db/admin';
import type { Pool } from '../db/pool';
import type { ReportVariables } from './catalog';
import { chooseSource } from './aggregates/plan';
import { rebuildDirty } from './aggregates/store';

export const REPORT_SQL_DIR = resolve(SQL_DIR, 'reports');

export interface ReportResult {
  columns: string[];
  rows: Record<string, string | number | null>[];
  /** Which SQL answered: sql/reports/aggregated/<name>.sql or the raw sql/reports/<name>.sql. */
  source?: 'aggregates' | 'raw';
}

/** mysql2 hands DECIMAL and BIGINT results (SUM, ROUND) over as strings; reports want numbers. */
const NUMERIC_TYPES = new Set([0 /* DECIMAL */, 246 /* NEWDECIMAL */, 8 /* LONGLONG */, 3 /* LONG */, 5 /* DOUBLE */, 4 /* FLOAT */]);

export function reportSql(name: string, source: 'aggregates' | 'raw' = 'raw'): string {
  return readFileSync(resolve(REPORT_SQL_DIR, source === 'aggregates' ? 'aggregated' : '.', `${name}.sql`), 'utf8');
}

/** Pools whose aggregates were seen complete (complete_since set): never asked again. */
const completePools = new WeakSet<Pool>();

/**
 * 'auto' (the default): the aggregated file when it can answer (src/reports/aggregates/plan.ts,
 * chooseSource), after rebuilding the 15-minute intervals an update or delete marked; else the raw file.
 */
async function pickSource(pool: Pool, name: string, v: ReportVariables): Promise<'aggregates' | 'raw'> {
  if (chooseSource(name, v, true).source === 'raw') return 'raw';
  if (!completePools.has(pool)) {
    const [rows] = await pool.query<RowDataPacket[]>('SELECT complete_since FROM report_aggregates_status WHERE id = 1');
    if (!rows[0]?.complete_since) return 'raw';
    completePools.add(pool);
  }
  const [dirty] = await pool.query<RowDataPacket[]>('SELECT 1 FROM report_aggregates_dirty LIMIT 1');
  if (dirty.length) {
    while (await rebuildDirty(pool) > 0) { /* until none is marked */ }
  }
  return 'aggregates';
}

export async function runReport(pool: Pool, name: string, v: ReportVariables, opts: { source?: 'auto' | 'aggregates' | 'raw' } = {}): Promise<ReportResult> {
  const source = !opts.source || opts.source === 'auto' ? await pickSource(pool, name, v) : opts.source;
  const sql = reportSql(name, source);
  const conn = await pool.getConnection();
  try {
    // A month of 15-minute intervals per agent is a few hundred thousand intermediate rows: let them
    // stay in memory (the default 16 MB spills them to disk and costs seconds).
    await conn.query('SET SESSION tmp_table_size = 268435456, max_heap_table_size = 268435456');
    await conn.query('SET @from = ?, @to = ?, @interval_sec = ?, @group_name = ?, @agent = ?, @trunk = ?, @sl_sec = ?',
      [v.from, v.to, v.interval_sec, v.group_name, v.agent, v.trunk, v.sl_sec]);
    const [rows, fields] = await conn.query<RowDataPacket[]>(sql) as [RowDataPacket[], FieldPacket[]];
    const numeric = new Set(fields.filter((f) => NUMERIC_TYPES.has(f.columnType ?? -1)).map((f) => f.name));
    return {
      source,
      columns: fields.map((f) => f.name),
      rows: rows.map((r) => {
        const out: Record<string, string | number | null> = {};
        for (const f of fields) {
          const value = r[f.name];
          out[f.name] = value === null ? null : numeric.has(f.name) ? Number(value) : value;
        }
        return out;
      }),
    };
  } finally {
    conn.release();
  }
}

/**
 * A filter that names nothing: a group, agent or trunk neither in the configuration nor in the
 * records (a removed one keeps its history). Each lookup uses an index.
 */
export async function unknownFilter(pool: Pool, f: { group?: string; agent?: string; trunk?: string }): Promise<{ filter: 'group' | 'agent' | 'trunk'; message: string } | null> {
  const checks: ['group' | 'agent' | 'trunk', string | undefined, string][] = [
    ['group', f.group, `SELECT EXISTS(SELECT 1 FROM agent_groups WHERE name = ?) OR EXISTS(SELECT 1 FROM call_records WHERE group_name = ?)
      OR EXISTS(SELECT 1 FROM queue_log WHERE queuename = ?) AS known`],
    ['agent', f.agent, `SELECT EXISTS(SELECT 1 FROM sip_accounts WHERE extension = ?) OR EXISTS(SELECT 1 FROM call_records WHERE agent = ?)
      OR EXISTS(SELECT 1 FROM agent_state_log WHERE extension = ?) AS known`],
    ['trunk', f.trunk, 'SELECT EXISTS(SELECT 1 FROM trunks WHERE name = ?) OR EXISTS(SELECT 1 FROM call_records WHERE trunk = ?) AS known'],
  ];
  for (const [filter, value, sql] of checks) {
    if (value === undefined) continue;
    const [rows] = await pool.query<RowDataPacket[]>(sql, sql.split('?').slice(1).map(() => value));
    if (!Number(rows[0]?.known)) return { filter, message: `no ${filter} "${value}" in the configuration or the records` };
  }
  return null;
}
