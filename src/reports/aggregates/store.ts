/**
 * The report aggregates in MySQL (issue 18): rebuild a range from the raw call records, check a
 * range against them, rebuild the intervals an update or delete marked, backfill a site's history.
 * Each table's raw computation is sql/reports/aggregates/<table>.sql (a DBA can run it by hand).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { inTransaction, type Pool } from '../../db/pool';
import { SQL_DIR } from '../../db/admin';
import {
  AGGREGATE_TABLES, diffAggregates, mismatchIntervals, monthSlices, quarterHourEnd, quarterHourRange,
  type AggregateRow, type AggregateTable, type Mismatch,
} from './plan';

export function aggregateSql(table: string): string {
  return readFileSync(resolve(SQL_DIR, 'reports', 'aggregates', `${table}.sql`), 'utf8');
}

export interface AggregatesStatus { completeSince: string | null; lastCheckAt: string | null; lastCheckMismatches: number | null; dirtyIntervals: number }

export async function aggregatesStatus(pool: Pool): Promise<AggregatesStatus> {
  const [rows] = await pool.query<RowDataPacket[]>(`SELECT s.complete_since, s.last_check_at, s.last_check_mismatches,
      (SELECT COUNT(*) FROM report_aggregates_dirty) AS dirty FROM report_aggregates_status s WHERE s.id = 1`);
  const r = rows[0];
  return { completeSince: r?.complete_since ?? null, lastCheckAt: r?.last_check_at ?? null, lastCheckMismatches: r?.last_check_mismatches ?? null, dirtyIntervals: Number(r?.dirty ?? 0) };
}

/**
 * Replaces the stored rows of [from, to) (widened to 15-minute boundaries) with rows computed
 * from the raw call records, every table in one transaction. Records written meanwhile wait
 * for it (INSERT ... SELECT locks the rows it reads) and are then added by the trigger.
 */
export async function rebuildRange(pool: Pool, from: string, to: string): Promise<{ from: string; to: string; rows: number }> {
  const range = quarterHourRange(from, to);
  let rows = 0;
  await inTransaction(pool, async (conn) => {
    await conn.query('SET @from = ?, @to = ?', [range.from, range.to]);
    await conn.query('DELETE FROM report_aggregates_dirty WHERE interval_start >= @from AND interval_start < @to');
    for (const t of AGGREGATE_TABLES) {
      await conn.query(`DELETE FROM ${t.table} WHERE interval_start >= @from AND interval_start < @to`);
      const [r] = await conn.query<{ affectedRows: number } & RowDataPacket[]>(`INSERT INTO ${t.table} (${[...t.keys, ...t.values].join(', ')})\n${aggregateSql(t.table)}`);
      rows += r.affectedRows;
    }
  });
  return { ...range, rows };
}

async function storedRows(pool: Pool, t: AggregateTable, from: string, to: string): Promise<AggregateRow[]> {
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT ${[...t.keys, ...t.values].join(', ')} FROM ${t.table} WHERE interval_start >= ? AND interval_start < ? ORDER BY ${t.keys.join(', ')}`, [from, to]);
  return rows as AggregateRow[];
}

async function freshRows(pool: Pool, t: AggregateTable, from: string, to: string): Promise<AggregateRow[]> {
  const conn = await pool.getConnection();
  try {
    await conn.query('SET @from = ?, @to = ?', [from, to]);
    const [rows] = await conn.query<RowDataPacket[]>(aggregateSql(t.table));
    return rows as AggregateRow[];
  } finally {
    conn.release();
  }
}

/** Compares the stored aggregates of [from, to) with the raw records; an empty list = consistent. */
export async function checkRange(pool: Pool, from: string, to: string): Promise<Mismatch[]> {
  const range = quarterHourRange(from, to);
  const out: Mismatch[] = [];
  for (const t of AGGREGATE_TABLES) {
    const [stored, fresh] = await Promise.all([storedRows(pool, t, range.from, range.to), freshRows(pool, t, range.from, range.to)]);
    out.push(...diffAggregates(t, stored, fresh));
  }
  return out;
}

/** Rebuilds each 15-minute interval an update or delete of a call record marked. */
export async function rebuildDirty(pool: Pool, limit = 1000): Promise<number> {
  const [rows] = await pool.query<RowDataPacket[]>(`SELECT DATE_FORMAT(interval_start, '%Y-%m-%d %H:%i:%s') AS b FROM report_aggregates_dirty ORDER BY interval_start LIMIT ${Number(limit)}`);
  for (const r of rows) await rebuildRange(pool, r.b, quarterHourEnd(r.b));
  return rows.length;
}

/** Rebuilds only the 15-minute intervals a check found wrong. */
export async function repairMismatches(pool: Pool, mismatches: readonly Mismatch[]): Promise<number> {
  const intervals = mismatchIntervals(mismatches);
  for (const b of intervals) await rebuildRange(pool, b, quarterHourEnd(b));
  return intervals.length;
}

/**
 * A site upgraded with history: builds the aggregates of every record written before the
 * triggers existed, one month per transaction, then marks them complete (reports switch to
 * them). `progress` gets one line per month.
 */
export async function backfill(pool: Pool, progress: (line: string) => void = () => {}): Promise<{ months: number; rows: number }> {
  // The call records' months and the agent state log's (report_agent_state_15m, migration 060).
  const [[span]] = await pool.query<RowDataPacket[]>(`SELECT DATE_FORMAT(LEAST(IFNULL(c.first, l.first), IFNULL(l.first, c.first)), '%Y-%m-%d %H:%i:%s') AS first,
    DATE_FORMAT(GREATEST(IFNULL(c.last, l.last), IFNULL(l.last, c.last)) + INTERVAL 1 SECOND, '%Y-%m-%d %H:%i:%s') AS after
    FROM (SELECT MIN(started_at) AS first, MAX(started_at) AS last FROM call_records) c,
         (SELECT MIN(at) AS first, MAX(at) AS last FROM agent_state_log) l`) as unknown as [RowDataPacket[]];
  const startedAt = new Date();
  let rows = 0;
  let months = 0;
  if (span.first) {
    const range = quarterHourRange(span.first, span.after);
    for (const slice of monthSlices(range.from, range.to)) {
      const r = await rebuildRange(pool, slice.from, slice.to);
      rows += r.rows;
      months += 1;
      progress(`report aggregates: ${slice.from.slice(0, 7)} rebuilt (${r.rows} rows)`);
    }
  }
  await pool.query('UPDATE report_aggregates_status SET complete_since = ? WHERE id = 1', [startedAt]);
  return { months, rows };
}

export async function recordCheck(pool: Pool, mismatches: number): Promise<void> {
  await pool.query('UPDATE report_aggregates_status SET last_check_at = NOW(3), last_check_mismatches = ? WHERE id = 1', [mismatches]);
}
