/**
 * Per-interval report aggregates (issue 18): what they hold and when a report may read them.
 * Pure: no I/O. The tables come from migration 058, the triggers that fill them from 059, the
 * SQL that computes them from the raw rows from sql/reports/aggregates/<table>.sql.
 */
import type { ReportVariables } from '../catalog';

export interface AggregateTable {
  table: string;
  /** Primary key columns, interval_start first. */
  keys: readonly string[];
  /** Every other column (sums, counts, maxima). */
  values: readonly string[];
}

/** The service-level thresholds (s) queue-summary can read from the aggregates (columns sl_N). */
export const SL_THRESHOLDS: readonly number[] = [5, 10, 15, 20, 25, 30, 45, 60, 90, 120, 180, 300];

export const AGGREGATE_TABLES: readonly AggregateTable[] = [
  {
    table: 'report_queue_15m', keys: ['interval_start', 'group_name'],
    values: ['offered', 'answered', 'abandoned', 'abandon_wait_sum', 'abandon_wait_max', 'answered_wait_sum', 'answered_talk_sum',
      'wait_sum', 'wait_max', 'transferred', ...SL_THRESHOLDS.map((s) => `sl_${s}`)],
  },
  { table: 'report_agent_15m', keys: ['interval_start', 'agent'], values: ['inbound_answered', 'inbound_talk_sum', 'outbound_calls', 'internal_answered', 'transferred'] },
  {
    table: 'report_trunk_15m', keys: ['interval_start', 'trunk'],
    values: ['calls', 'inbound', 'outbound', 'answered', 'outbound_failed', 'outbound_abandoned', 'duration_sum', 'talk_sum'],
  },
  { table: 'report_ivr_15m', keys: ['interval_start', 'flow', 'trunk'], values: ['calls', 'caller_hung_up', 'duration_sum', 'duration_max'] },
  // agent-activity's state times (migration 060): closed segments of agent_state_log, in ms.
  { table: 'report_agent_state_15m', keys: ['interval_start', 'agent', 'state'], values: ['ms'] },
];

/** Reports that have a file in sql/reports/aggregated/. */
export const AGGREGATED_REPORTS: readonly string[] = ['queue-summary', 'agent-activity', 'trunk-usage', 'ivr-only'];

export const QUARTER_HOUR_SEC = 900;

/** 'YYYY-MM-DD HH:MM:SS' on a 15-minute boundary (minutes 00, 15, 30, 45; seconds 00). */
export function onQuarterHour(time: string): boolean {
  const m = /^\d{4}-\d{2}-\d{2} \d{2}:(\d{2}):(\d{2})(?:\.0+)?$/.exec(time);
  return !!m && Number(m[1]) % 15 === 0 && Number(m[2]) === 0;
}

export type ReportSource = { source: 'aggregates' } | { source: 'raw'; reason: string };

/**
 * Which SQL a report request runs: the aggregated file when the report has one, the aggregates
 * hold every record (complete), the range starts and ends on 15-minute boundaries and (for
 * queue-summary) the service-level threshold is a stored one; otherwise the raw file. Both give
 * the same figures; the raw one reads every call of the range.
 */
export function chooseSource(name: string, v: ReportVariables, complete: boolean): ReportSource {
  if (!AGGREGATED_REPORTS.includes(name)) return { source: 'raw', reason: `${name} has no aggregates` };
  if (!complete) return { source: 'raw', reason: 'the aggregates are not built yet (job report-aggregates backfills them)' };
  if (!onQuarterHour(v.from) || !onQuarterHour(v.to)) return { source: 'raw', reason: 'the range does not start and end on 15-minute boundaries' };
  if (name === 'queue-summary' && !SL_THRESHOLDS.includes(v.sl_sec)) return { source: 'raw', reason: `slSec ${v.sl_sec} is not a stored threshold (${SL_THRESHOLDS.join(', ')})` };
  return { source: 'aggregates' };
}

const pad = (n: number) => String(n).padStart(2, '0');
const text = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
/** Local DATETIME text <-> a Date used only for arithmetic (read as UTC, so no DST shifts). */
const parse = (t: string) => new Date(`${t.slice(0, 19).replace(' ', 'T')}Z`);

/** [from, to) widened to 15-minute boundaries: from down, to up. */
export function quarterHourRange(from: string, to: string): { from: string; to: string } {
  const q = QUARTER_HOUR_SEC * 1000;
  const f = parse(from).getTime();
  const t = parse(to).getTime();
  return { from: text(new Date(Math.floor(f / q) * q)), to: text(new Date(Math.ceil(t / q) * q)) };
}

/** [from, to) cut at the first of each month (the backfill rebuilds one month per transaction). */
export function monthSlices(from: string, to: string): { from: string; to: string }[] {
  const out: { from: string; to: string }[] = [];
  let cur = parse(from);
  const end = parse(to);
  while (cur < end) {
    const next = new Date(Date.UTC(cur.getUTCFullYear(), cur.getUTCMonth() + 1, 1));
    const stop = next < end ? next : end;
    out.push({ from: text(cur), to: text(stop) });
    cur = stop;
  }
  return out;
}

export type AggregateRow = Record<string, string | number | null>;

export interface Mismatch {
  table: string;
  /** The row's key values joined by ' / '. */
  key: string;
  /** 'missing' = computed from the raw rows but not stored; 'extra' = stored, no raw rows; else the column. */
  column: string;
  stored: string | number | null;
  fresh: string | number | null;
}

const same = (a: string | number | null | undefined, b: string | number | null | undefined) =>
  (a === null || a === undefined) ? (b === null || b === undefined) : (b !== null && b !== undefined && Number(a) === Number(b));

/** Compares the stored rows of a table with the rows computed from the raw records (consistency check). */
export function diffAggregates(t: AggregateTable, stored: readonly AggregateRow[], fresh: readonly AggregateRow[]): Mismatch[] {
  const keyOf = (r: AggregateRow) => t.keys.map((k) => String(r[k])).join(' / ');
  const storedByKey = new Map(stored.map((r) => [keyOf(r), r]));
  const out: Mismatch[] = [];
  for (const f of fresh) {
    const key = keyOf(f);
    const s = storedByKey.get(key);
    storedByKey.delete(key);
    if (!s) {
      out.push({ table: t.table, key, column: 'missing', stored: null, fresh: null });
      continue;
    }
    for (const c of t.values) {
      if (!same(s[c], f[c])) out.push({ table: t.table, key, column: c, stored: s[c] ?? null, fresh: f[c] ?? null });
    }
  }
  for (const key of storedByKey.keys()) out.push({ table: t.table, key, column: 'extra', stored: null, fresh: null });
  return out;
}

/** The 15-minute intervals (interval_start) named by mismatches, for a targeted rebuild. */
export function mismatchIntervals(mismatches: readonly Mismatch[]): string[] {
  return [...new Set(mismatches.map((m) => m.key.split(' / ')[0]))].sort();
}

/** interval_start -> the end of its 15-minute interval. */
export function quarterHourEnd(start: string): string {
  return text(new Date(parse(start).getTime() + QUARTER_HOUR_SEC * 1000));
}
