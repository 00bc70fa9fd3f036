/**
 * Benchmark (not a test): generates call records, queue_log, agent state and survey rows in
 * the database callcenter_bench, then times each report for a one-month range.
 * Usage: make bench (QUICK=1: 1M call records / 100k queue_log rows instead of 10M / 1M).
 * MariaDB's SEQUENCE engine (seq_1_to_N) generates the rows inside the server.
 */
import { saveResults } from './results';
import { performance } from 'node:perf_hooks';
import { loadConfig, parseConfig } from '../src/config';
import { adminConnection, migrateDatabase } from '../src/db/admin';
import { createPool } from '../src/db/pool';
import { REPORTS, reportVariables } from '../src/reports/catalog';
import { runReport } from '../src/reports/run-report';

const DB = 'callcenter_bench';
/** `make bench` uses 1M call records (generating 10M takes 6-15 minutes); `make bench-reports-10m` the full size. */
const quick = process.env.REPORTS_10M !== '1';
const CALLS = quick ? 1_000_000 : 10_000_000;
const QUEUE_LOG = quick ? 100_000 : 1_000_000;
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
    const states = quick ? 200_000 : 2_000_000;
    await admin.query(`INSERT INTO agent_state_log (extension, from_state, to_state, reason, call_guid, at)
      SELECT CONCAT('10', LPAD(seq % 50, 2, '0')), 'ready', ELT(1 + (seq DIV 50) % 5, 'ready', 'ringing', 'on_call', 'wrap_up', 'not_ready'), NULL,
        IF((seq DIV 50) % 5 = 3, LPAD(HEX(seq), 36, '0'), NULL),
        '${START}' + INTERVAL FLOOR((seq - 1) * ${DAYS * 86400} / ${states}) SECOND
      FROM seq_1_to_${states}`);
    say('agent_state_log');
    await admin.query('ANALYZE TABLE call_records, queue_log, agent_state_log, survey_results');
  } else {
    say(`reusing ${existing} call records in ${DB} (REGENERATE=1 to rebuild)`);
  }
  await admin.end();

  const pool = createPool(config.db);
  const [[inMonth]] = await pool.query(`SELECT COUNT(*) AS n FROM call_records WHERE started_at >= ? AND started_at < ?`, [MONTH.from, MONTH.to]) as unknown as [[{ n: number }]];
  console.log(`\none month ${MONTH.from} .. ${MONTH.to}: ${inMonth.n} call records\n`);
  console.log('| report | interval | rows | first run (s) | second run (s) |');
  console.log('|---|---|---|---|---|');
  const results: { report: string; interval: string; rows: number; seconds: number[] }[] = [];
  for (const r of REPORTS) {
    for (const interval of ['day', '15m'] as const) {
      const vars = reportVariables({ ...MONTH, interval, slSec: 20 });
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < 2; i++) {
        const t = performance.now();
        rows = (await runReport(pool, r.name, vars)).rows.length;
        times.push((performance.now() - t) / 1000);
      }
      console.log(`| ${r.name} | ${interval} | ${rows} | ${times[0].toFixed(2)} | ${times[1].toFixed(2)} |`);
      results.push({ report: r.name, interval, rows, seconds: times });
    }
  }
  await pool.end();
  saveResults('reports', { callRecords: CALLS, month: MONTH, monthRecords: inMonth.n, runs: results, goalSeconds: 1 });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
