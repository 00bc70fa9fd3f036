/**
 * Benchmark (not a test): generates call records, queue_log, agent state and survey rows in
 * the database callcenter_bench (its own schema: never the site's or the tests' databases),
 * builds the 15-minute report aggregates from them as the report-aggregates job backfills a site
 * with history, then times each report for a one-month range.
 * Usage: make bench (1M call records / 100k queue_log rows), make bench-reports-10m (10M / 1M);
 * REPORTS_CALLS=N sets another size (queue_log = N / 10). REGENERATE=1 rebuilds the data.
 * MariaDB's SEQUENCE engine (seq_1_to_N) generates the rows inside the server, 1M per statement.
 */
import { saveResults } from './results';
import { performance } from 'node:perf_hooks';
import { loadConfig, parseConfig } from '../src/config';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { adminConnection, migrateDatabase, SQL_DIR } from '../src/db/admin';
import { backfill, checkRange } from '../src/reports/aggregates/store';
import { AGGREGATED_REPORTS } from '../src/reports/aggregates/plan';
import { createPool } from '../src/db/pool';
import { REPORTS, reportVariables } from '../src/reports/catalog';
import { runReport } from '../src/reports/run-report';

const DB = 'callcenter_bench';
/** `make bench` uses 1M call records (generating 10M takes 6-15 minutes); `make bench-reports-10m` the full size. */
const CALLS = Number(process.env.REPORTS_CALLS ?? (process.env.REPORTS_10M === '1' ? 10_000_000 : 1_000_000));
const QUEUE_LOG = Math.round(CALLS / 10);
const SECTION = CALLS >= 10_000_000 ? 'reports10m' : 'reports';
const TRIGGERS = ['call_records_report_aggregates', 'call_records_report_aggregates_update', 'call_records_report_aggregates_delete',
  'agent_state_log_report_aggregates', 'agent_state_log_report_aggregates_update', 'agent_state_log_report_aggregates_delete'];
const DAYS = 365;
const CHUNK = 1_000_000;
const START = '2025-11-01 00:00:00'; // data covers START .. START + 365 days
const MONTH = { from: '2026-05-01 00:00:00', to: '2026-06-01 00:00:00' };

async function main(): Promise<void> {
  const base = loadConfig();
  const config = parseConfig(JSON.parse(JSON.stringify(base)), { CC_DB_NAME: DB }, 'bench config');
  const admin = await adminConnection(config.db, null);
  const t0 = performance.now();
  const say = (m: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1)} s] ${m}`);
  const [[have]] = await admin.query(`SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = '${DB}' AND TABLE_NAME = 'call_records'`) as unknown as [[{ n: number }]];
  let existing = 0;
  if (have.n) {
    const [[c]] = await admin.query(`SELECT COUNT(*) AS n FROM \`${DB}\`.call_records`) as unknown as [[{ n: number }]];
    existing = Number(c.n);
  }
  if (existing !== CALLS || process.env.REGENERATE === '1') {
    say(`generating ${CALLS} call records and ${QUEUE_LOG} queue_log rows in ${DB}`);
    await admin.query(`DROP DATABASE IF EXISTS \`${DB}\``);
    await admin.query(`CREATE DATABASE \`${DB}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await migrateDatabase(config.db, () => {});
    await admin.query(`USE \`${DB}\``);
    // The rows are generated as history that existed before the aggregates: without the triggers
    // (they would add ~3 upserts per generated row), then backfilled below as the job does it.
    for (const t of TRIGGERS) await admin.query(`DROP TRIGGER IF EXISTS ${t}`);
    await admin.query('UPDATE report_aggregates_status SET complete_since = NULL WHERE id = 1');
    // One call every (DAYS*86400/CALLS) s; group, agent, trunk and outcome from the row number.
    for (let first = 1; first <= CALLS; first += CHUNK) {
      const last = Math.min(CALLS, first + CHUNK - 1);
      await admin.query(`INSERT INTO call_records (guid, direction, caller, callee, flow, group_name, agent, trunk, status, started_at, queued_at, answered_at, ended_at,
          ring_sec, wait_sec, talk_sec, hangup_by, end_reason, survey_score)
        SELECT LPAD(HEX(seq), 36, '0'),
          ELT(1 + seq % 10 DIV 8, 'inbound', 'outbound'),
          CONCAT('1380', seq % 100000), '02566668888',
          'main',
          IF(seq % 10 < 8 AND seq % 17 <> 0, ELT(1 + seq % 4, 'sales', 'support', 'billing', 'vip'), NULL),
          IF(o = 'answered' OR seq % 10 >= 8, CONCAT('10', LPAD(seq % 50, 2, '0')), NULL),
          ELT(1 + seq % 3, 'carrier-a', 'carrier-b', 'carrier-c'),
          CASE WHEN seq % 10 >= 8 THEN IF(seq % 7 = 0, 12, 6) WHEN seq % 17 = 0 THEN 7 WHEN o = 'answered' THEN IF(seq % 40 = 0, 4, 9) ELSE 13 END,
          st, IF(seq % 10 < 8 AND seq % 17 <> 0, st + INTERVAL 10 SECOND, NULL),
          IF(o = 'answered' OR (seq % 10 >= 8 AND seq % 7 <> 0), st + INTERVAL 10 + w SECOND, NULL),
          st + INTERVAL 10 + w + IF(o = 'answered', 60 + seq % 300, 0) SECOND,
          seq % 15, w, IF(o = 'answered', 60 + seq % 300, 0), 'caller', 'normal',
          IF(o = 'answered' AND seq % 10 = 0, 1 + seq % 5, NULL)
        FROM (SELECT seq, '${START}' + INTERVAL FLOOR((seq - 1) * ${DAYS * 86400} / ${CALLS}) SECOND AS st,
                     seq % 120 AS w, IF(seq % 9 = 0, 'abandoned', 'answered') AS o
              FROM seq_${first}_to_${last}) g`);
      say(`call records ${last}`);
    }
    await admin.query(`INSERT INTO survey_results (call_guid, agent, group_name, score, at)
      SELECT guid, agent, group_name, survey_score, ended_at FROM call_records WHERE survey_score IS NOT NULL`);
    say('survey results');
    // queue_log: ENTERQUEUE / CONNECT / COMPLETECALLER / ABANDON over the same year.
    await admin.query(`INSERT INTO queue_log (time, callid, queuename, agent, event, data1, data2, data3)
      SELECT '${START}' + INTERVAL FLOOR((seq - 1) * ${DAYS * 86400} / ${QUEUE_LOG}) SECOND, LPAD(HEX(seq DIV 3), 36, '0'),
        ELT(1 + (seq DIV 3) % 4, 'sales', 'support', 'billing', 'vip'), IF(seq % 3 = 0, 'NONE', CONCAT('PJSIP/10', LPAD(seq % 50, 2, '0'))),
        ELT(1 + seq % 3, 'ENTERQUEUE', IF(seq % 27 = 1, 'ABANDON', 'CONNECT'), 'COMPLETECALLER'), seq % 120, seq % 300, '1'
      FROM seq_1_to_${QUEUE_LOG}`);
    say('queue_log');
    // agent_state_log: 50 agents, a state change every ~2 minutes each in working hours.
    const states = Math.round(CALLS / 5);
    await admin.query(`INSERT INTO agent_state_log (extension, from_state, to_state, reason, call_guid, at)
      SELECT CONCAT('10', LPAD(seq % 50, 2, '0')), 'ready', ELT(1 + (seq DIV 50) % 5, 'ready', 'ringing', 'on_call', 'wrap_up', 'not_ready'), NULL,
        IF((seq DIV 50) % 5 = 3, LPAD(HEX(seq), 36, '0'), NULL),
        '${START}' + INTERVAL FLOOR((seq - 1) * ${DAYS * 86400} / ${states}) SECOND
      FROM seq_1_to_${states}`);
    say('agent_state_log');
    await admin.query('ANALYZE TABLE call_records, queue_log, agent_state_log, survey_results');
    say('analyzed');
  } else {
    say(`reusing ${existing} call records in ${DB} (REGENERATE=1 to rebuild)`);
  }

  // Data generated before a newer migration (060, the agent state aggregates) gets it now; the
  // migration marks the aggregates incomplete, so they are backfilled below.
  await migrateDatabase(config.db, () => {});
  const pool = createPool(config.db);
  let aggregates: Record<string, unknown> = {};
  const [[status]] = await pool.query('SELECT complete_since FROM report_aggregates_status WHERE id = 1') as unknown as [[{ complete_since: string | null }]];
  if (!status.complete_since) {
    say('backfilling the 15-minute aggregates (job report-aggregates), one month per transaction');
    const t = performance.now();
    const done = await backfill(pool, (line) => say(line));
    const backfillSec = (performance.now() - t) / 1000;
    // The triggers back, as migration 059 made them (the site's write path).
    const sql = readFileSync(resolve(SQL_DIR, '059_report_aggregate_triggers.sql'), 'utf8');
    const m060 = readFileSync(resolve(SQL_DIR, '060_agent_state_aggregates.sql'), 'utf8');
    const stateTriggers = m060.slice(m060.indexOf('CREATE TRIGGER'), m060.indexOf('-- A site with state history'));
    await admin.query(`USE \`${DB}\``);
    for (const t of TRIGGERS) await admin.query(`DROP TRIGGER IF EXISTS ${t}`);
    await admin.query(sql);
    await admin.query(stateTriggers);
    say(`aggregates: ${done.rows} rows for ${done.months} months in ${backfillSec.toFixed(1)} s; triggers restored`);
    aggregates = { backfillSec, backfillRows: done.rows, backfillMonths: done.months };
  }
  await admin.end();
  {
    const t = performance.now();
    const wrong = await checkRange(pool, MONTH.from, MONTH.to);
    const checkSec = (performance.now() - t) / 1000;
    say(`consistency check of the month: ${wrong.length} mismatches in ${checkSec.toFixed(1)} s`);
    aggregates = { ...aggregates, checkSec, checkMismatches: wrong.length };
  }
  const [[aggRows]] = await pool.query(`SELECT (SELECT COUNT(*) FROM report_queue_15m WHERE interval_start >= ? AND interval_start < ?) AS queue,
    (SELECT COUNT(*) FROM report_agent_15m WHERE interval_start >= ? AND interval_start < ?) AS agent,
    (SELECT COUNT(*) FROM report_trunk_15m WHERE interval_start >= ? AND interval_start < ?) AS trunk,
    (SELECT COUNT(*) FROM report_agent_state_15m WHERE interval_start >= ? AND interval_start < ?) AS agentState`,
  [MONTH.from, MONTH.to, MONTH.from, MONTH.to, MONTH.from, MONTH.to, MONTH.from, MONTH.to]) as unknown as [[Record<string, number>]];
  const [[server]] = await pool.query('SELECT @@innodb_buffer_pool_size AS bufferPool, VERSION() AS version') as unknown as [[{ bufferPool: number; version: string }]];
  say(`one month of aggregates: ${aggRows.queue} queue, ${aggRows.agent} agent, ${aggRows.trunk} trunk, ${aggRows.agentState} agent state rows; buffer pool ${Math.round(Number(server.bufferPool) / 2 ** 20)} MiB`);
  const [[inMonth]] = await pool.query(`SELECT COUNT(*) AS n FROM call_records WHERE started_at >= ? AND started_at < ?`, [MONTH.from, MONTH.to]) as unknown as [[{ n: number }]];
  console.log(`\none month ${MONTH.from} .. ${MONTH.to}: ${inMonth.n} call records\n`);
  console.log('| report | interval | source | rows | first run (s) | second run (s) | raw SQL (s) |');
  console.log('|---|---|---|---|---|---|---|');
  const results: { report: string; interval: string; source: string; rows: number; seconds: number[]; rawSeconds: number | null }[] = [];
  for (const r of REPORTS) {
    for (const interval of ['day', 'hour', '15m'] as const) {
      const vars = reportVariables({ ...MONTH, interval, slSec: 20 });
      const times: number[] = [];
      let rows = 0;
      let source = '';
      for (let i = 0; i < 2; i++) {
        const t = performance.now();
        const result = await runReport(pool, r.name, vars);
        times.push((performance.now() - t) / 1000);
        rows = result.rows.length;
        source = result.source ?? 'raw';
      }
      // The same report from the raw rows once, for comparison (what it cost before the aggregates).
      let rawSeconds: number | null = null;
      if (AGGREGATED_REPORTS.includes(r.name) && interval === 'day' && process.env.BENCH_RAW !== '0') {
        const t = performance.now();
        await runReport(pool, r.name, vars, { source: 'raw' });
        rawSeconds = (performance.now() - t) / 1000;
      }
      console.log(`| ${r.name} | ${interval} | ${source} | ${rows} | ${times[0].toFixed(2)} | ${times[1].toFixed(2)} | ${rawSeconds === null ? '' : rawSeconds.toFixed(2)} |`);
      results.push({ report: r.name, interval, source, rows, seconds: times, rawSeconds });
    }
  }
  await pool.end();
  const slowest = Math.max(...results.filter((x) => x.interval !== '15m' || x.report !== 'agent-activity').map((x) => x.seconds[1]));
  say(`done; slowest warm report (besides agent-activity by 15 minutes): ${slowest.toFixed(2)} s`);
  saveResults(SECTION, {
    callRecords: CALLS, queueLogRows: QUEUE_LOG, month: MONTH, monthRecords: inMonth.n, aggregates: { ...aggregates, monthRows: aggRows },
    mariadb: { version: server.version, innodbBufferPoolMiB: Math.round(Number(server.bufferPool) / 2 ** 20) }, runs: results, goalSeconds: 1,
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
