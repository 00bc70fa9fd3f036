/**
 * Job report-aggregates (issue 18, every night by default): keeps the 15-minute report aggregates
 * equal to the raw call records.
 *   1. A site upgraded with history: backfills them, one month per transaction (reports read
 *      the raw rows until this is done).
 *   2. Rebuilds the 15-minute intervals an update or delete of a record marked.
 *   3. Consistency check of the last `checkDays` days (today included) against the raw rows;
 *      each wrong interval is logged and rebuilt from the raw rows.
 * Any range: POST /api/v1/reports/aggregates/rebuild, or `npm run report-aggregates`.
 */
import type { Pool } from '../db/pool';
import type { Logger } from '../log/logger';
import { localTime } from './business-hours';
import { aggregatesStatus, backfill, checkRange, rebuildDirty, recordCheck, repairMismatches } from '../reports/aggregates/store';

export interface ReportAggregatesSettings { checkDays: number }

/** [from, to) of the last `days` local days up to the end of today. */
export function checkWindow(now: Date, days: number): { from: string; to: string } {
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate() - (days - 1));
  const end = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  return { from: `${localTime(start).date} 00:00:00`, to: `${localTime(end).date} 00:00:00` };
}

export function reportAggregatesJob(pool: Pool, s: ReportAggregatesSettings, log: Logger) {
  return async (now: Date): Promise<string> => {
    const parts: string[] = [];
    if (!(await aggregatesStatus(pool)).completeSince) {
      const done = await backfill(pool, (line) => log.info(line));
      parts.push(`backfilled ${done.months} month(s), ${done.rows} rows`);
    }
    let dirty = 0;
    for (let n = await rebuildDirty(pool); n > 0; n = await rebuildDirty(pool)) dirty += n;
    if (dirty) parts.push(`${dirty} marked interval(s) rebuilt`);
    const window = checkWindow(now, s.checkDays);
    const wrong = await checkRange(pool, window.from, window.to);
    for (const m of wrong.slice(0, 20)) {
      log.warn({ table: m.table, key: m.key, column: m.column, stored: m.stored, fresh: m.fresh }, `report aggregates: ${m.table} ${m.key} ${m.column} differs from the raw records; rebuilt`);
    }
    const repaired = wrong.length ? await repairMismatches(pool, wrong) : 0;
    await recordCheck(pool, wrong.length);
    parts.push(`check ${window.from.slice(0, 10)}..${window.to.slice(0, 10)}: ${wrong.length} mismatch(es)${repaired ? `, ${repaired} interval(s) rebuilt` : ''}`);
    return parts.join('; ');
  };
}
