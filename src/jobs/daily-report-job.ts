/**
 * The daily report (D5): yesterday's reports as CSV files in a folder, one per report,
 * named <YYYY-MM-DD>_<report>.csv. Written to a temporary name and renamed, so a reader never
 * sees half a file; a second run for the same day replaces the files.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from '../db/pool';
import { reportByName, reportVariables, type ReportInterval } from '../reports/catalog';
import { toCsv } from '../reports/csv';
import { runReport } from '../reports/run-report';
import { localTime } from './business-hours';

export interface DailyReportSettings { folder: string; reports: readonly string[]; interval: ReportInterval; serviceLevelSec: number }

/** The calendar day before `now` (local): [from, to) as report times. */
export function previousDay(now: Date): { day: string; from: string; to: string } {
  const today = localTime(now).date;
  const y = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  const day = localTime(y).date;
  return { day, from: `${day} 00:00:00`, to: `${today} 00:00:00` };
}

export function dailyReportJob(pool: Pool, s: DailyReportSettings) {
  const unknown = s.reports.filter((r) => !reportByName(r));
  if (unknown.length) throw new Error(`jobs.dailyReport.reports: unknown report(s) ${unknown.join(', ')}`);
  return async (now: Date): Promise<string> => {
    const { day, from, to } = previousDay(now);
    mkdirSync(s.folder, { recursive: true });
    const written: string[] = [];
    for (const name of s.reports) {
      const result = await runReport(pool, name, reportVariables({ from, to, interval: s.interval, slSec: s.serviceLevelSec }));
      const file = join(s.folder, `${day}_${name}.csv`);
      writeFileSync(`${file}.tmp`, toCsv(result.columns, result.rows), { mode: 0o640 });
      renameSync(`${file}.tmp`, file);
      written.push(file);
    }
    return `${written.length} report(s) for ${day} in ${s.folder}`;
  };
}
