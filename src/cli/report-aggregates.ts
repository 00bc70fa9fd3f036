/**
 * The 15-minute report aggregates from the command line (issue 18), as the app user:
 *   npm run report-aggregates -- status
 *   npm run report-aggregates -- check   --from 2026-11-01 --to 2026-12-01
 *   npm run report-aggregates -- rebuild --from 2026-11-01 --to 2026-12-01
 *   npm run report-aggregates -- backfill          (every record; then reports read the aggregates)
 * Exit code: 0 done (check: consistent), 1 check found mismatches, 2 wrong input or failure.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { createPool } from '../db/pool';
import { normalizeTime } from '../reports/catalog';
import { aggregatesStatus, backfill, checkRange, rebuildRange } from '../reports/aggregates/store';

const USAGE = 'usage: report-aggregates status | check --from <date> --to <date> | rebuild --from <date> --to <date> | backfill';

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { from: { type: 'string' }, to: { type: 'string' }, help: { type: 'boolean' } } });
  const command = positionals[0];
  if (values.help || !command || !['status', 'check', 'rebuild', 'backfill'].includes(command)) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const from = values.from ? normalizeTime(values.from) : null;
  const to = values.to ? normalizeTime(values.to) : null;
  if ((command === 'check' || command === 'rebuild') && (!from || !to || from >= to)) {
    console.error(`${command} needs --from and --to (YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS]), to after from\n${USAGE}`);
    return 2;
  }
  const pool = createPool(loadConfig().db);
  try {
    if (command === 'status') {
      console.log(JSON.stringify(await aggregatesStatus(pool), null, 2));
      return 0;
    }
    if (command === 'backfill') {
      const done = await backfill(pool, (line) => console.log(line));
      console.log(`backfilled ${done.months} month(s), ${done.rows} aggregate rows; reports read the aggregates now`);
      return 0;
    }
    if (command === 'rebuild') {
      const r = await rebuildRange(pool, from!, to!);
      console.log(`rebuilt ${r.from} .. ${r.to}: ${r.rows} aggregate rows`);
      return 0;
    }
    const wrong = await checkRange(pool, from!, to!);
    for (const m of wrong) console.log(`${m.table} ${m.key} ${m.column}: stored ${m.stored}, from the raw records ${m.fresh}`);
    console.log(wrong.length ? `${wrong.length} mismatch(es); repair: report-aggregates rebuild --from ${from} --to ${to}` : `consistent: ${from} .. ${to}`);
    return wrong.length ? 1 : 0;
  } finally {
    await pool.end();
  }
}

main().then((code) => process.exit(code), (err) => {
  console.error(`report-aggregates: ${(err as Error).message}`);
  process.exit(2);
});
