/**
 * Issue 18: the 15-minute report aggregates against the raw rows. Random call sets are written
 * through the app's own write path (saveCallRecords: batches, replays, late records), then every
 * aggregated report must give exactly the raw report's figures, for every interval and filter;
 * updated, deleted and corrupted rows are found by the consistency check and repaired.
 * Needs only MariaDB (database callcenter_test_report_aggregates).
 */
import { expect } from 'chai';
import type { Pool } from '../../src/db/pool';
import { saveCallRecords, type CallRecord } from '../../src/db/call-record-repository';
import { reportVariables, type ReportInterval } from '../../src/reports/catalog';
import { runReport } from '../../src/reports/run-report';
import { SL_THRESHOLDS } from '../../src/reports/aggregates/plan';
import { aggregatesStatus, backfill, checkRange, rebuildRange, repairMismatches } from '../../src/reports/aggregates/store';
import { reportAggregatesJob } from '../../src/jobs/report-aggregates-job';
import { reportAggregateRoutes } from '../../src/api/report-aggregate-routes';
import { apiServer, basic, dbTestConfig, DB_TEST_USERS, freshDatabase, quietLog } from './db-harness';

const FROM = '2025-03-01 00:00:00';
const TO = '2025-03-04 00:00:00';
const GROUPS = ['sales', 'support', 'vip'];
const AGENTS = ['1001', '1002', '1003', '1004'];
const TRUNKS = ['carrier-a', 'carrier-b'];

/** Deterministic PRNG (mulberry32), so a failure can be replayed with the printed seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const iso = (ms: number) => new Date(ms).toISOString();
/** Local 'YYYY-MM-DD HH:MM:SS' (as the records store it) -> epoch ms. */
const local = (t: string) => new Date(t.replace(' ', 'T')).getTime();

function randomCalls(seed: number, n: number, guidBase: number): CallRecord[] {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const span = local(TO) - local(FROM);
  const calls: CallRecord[] = [];
  for (let i = 0; i < n; i++) {
    // Whole seconds, milliseconds, and some exactly on a 15-minute boundary.
    const started = r() < 0.1 ? local(FROM) + Math.floor(r() * (span / 900000)) * 900000 : local(FROM) + Math.floor(r() * span);
    const direction = pick(['inbound', 'inbound', 'inbound', 'outbound', 'internal'] as const);
    const queued = direction === 'inbound' && r() < 0.8;
    const wait = r() < 0.15 ? pick(SL_THRESHOLDS) : Math.round(r() * 400 * 1000) / 1000;
    const answered = r() < 0.6;
    const talk = answered ? Math.round(r() * 900 * 1000) / 1000 : 0;
    const status = direction === 'inbound'
      ? (answered ? pick([9, 9, 9, 4, 17]) : pick(queued ? [13, 8, 16, 20] : [7, 7, 12]))
      : (answered ? pick([9, 4]) : pick([12, 14, 6]));
    const startedAt = started;
    const queuedAt = queued ? startedAt + Math.floor(r() * 20000) : null;
    const answeredAt = answered ? (queuedAt ?? startedAt) + Math.round(wait * 1000) : null;
    const endedAt = (answeredAt ?? (queuedAt ?? startedAt) + Math.round(wait * 1000)) + Math.round(talk * 1000);
    calls.push({
      guid: `00000000-0000-4000-9000-${String(guidBase + i).padStart(12, '0')}`,
      direction, caller: `1380000${i % 1000}`, callee: '02566668888',
      flow: r() < 0.9 ? pick(['main', 'night']) : null,
      group: queued ? (r() < 0.95 ? pick(GROUPS) : '') : (r() < 0.2 ? pick(GROUPS) : null),
      agent: answered || direction !== 'inbound' ? (r() < 0.95 ? pick(AGENTS) : null) : null,
      trunk: direction === 'internal' ? null : (r() < 0.95 ? pick(TRUNKS) : null),
      status, startedAt: iso(startedAt), queuedAt: queuedAt === null ? null : iso(queuedAt), answeredAt: answeredAt === null ? null : iso(answeredAt),
      endedAt: iso(endedAt), ringSec: 0, waitSec: queued ? wait : 0, talkSec: talk,
      hangupBy: pick(['caller', 'caller', 'agent', 'system'] as const), endReason: 'normal', surveyScore: null, recording: null,
    });
  }
  return calls;
}

describe('report aggregates against the raw rows (issue 18)', function () {
  this.timeout(120000);
  let pool: Pool;

  before(async () => {
    pool = await freshDatabase(dbTestConfig('callcenter_test_report_aggregates'));
  });
  after(async () => {
    await pool?.end();
  });

  const REPORTS: { name: string; filters: ({ group?: string; agent?: string; trunk?: string })[] }[] = [
    { name: 'queue-summary', filters: [{}, { group: 'sales' }, { group: 'vip' }] },
    { name: 'agent-activity', filters: [{}, { agent: '1002' }] },
    { name: 'trunk-usage', filters: [{}, { trunk: 'carrier-b' }] },
    { name: 'ivr-only', filters: [{}, { trunk: 'carrier-a' }] },
  ];
  const INTERVALS: ReportInterval[] = ['15m', 'hour', 'day', 'all'];

  /** Every aggregated report, interval and filter: the aggregated SQL answers exactly what the raw SQL answers. */
  async function expectReportsEqualRaw(ranges: { from: string; to: string }[] = [{ from: FROM, to: TO }, { from: '2025-03-01 10:15', to: '2025-03-02 18:45' }]): Promise<number> {
    let compared = 0;
    for (const range of ranges) {
      for (const { name, filters } of REPORTS) {
        for (const interval of INTERVALS) {
          for (const f of filters) {
            const v = reportVariables({ ...range, interval, slSec: 20, ...f });
            const auto = await runReport(pool, name, v);
            const raw = await runReport(pool, name, v, { source: 'raw' });
            expect(auto.source, `${name} ${interval} ${JSON.stringify(f)}`).to.equal('aggregates');
            expect(auto.columns).to.deep.equal(raw.columns);
            expect(auto.rows, `${name} ${interval} ${JSON.stringify(f)} ${range.from}`).to.deep.equal(raw.rows);
            compared += raw.rows.length;
          }
        }
      }
    }
    return compared;
  }

  it('given random calls written in batches, with replays and late records, then the aggregates equal the raw rows and every report agrees', async () => {
    const calls = randomCalls(18, 1500, 0);
    // Wrap-up rows for some answered calls (the agent's wrap_up row tagged with the call, then ready).
    const states: unknown[][] = [];
    for (const c of calls.filter((x) => x.answeredAt && x.agent).slice(0, 400)) {
      const end = new Date(c.endedAt).getTime();
      states.push([c.agent, 'on_call', 'wrap_up', null, c.guid, new Date(end)], [c.agent, 'wrap_up', 'ready', null, null, new Date(end + 5000 + (end % 60000))]);
    }
    await pool.query('INSERT INTO agent_state_log (extension, from_state, to_state, reason, call_guid, at) VALUES ?', [states]);
    // The newest two thirds first, in batches as the writer sends them; then the oldest third late.
    const byTime = [...calls].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    const late = byTime.slice(0, 500);
    const onTime = byTime.slice(500);
    for (let i = 0; i < onTime.length; i += 37) await saveCallRecords(pool, onTime.slice(i, i + 37));
    for (let i = 0; i < late.length; i += 50) await saveCallRecords(pool, late.slice(i, i + 50));
    // Spool replays: the same records again, mixed with new ones, change nothing.
    await saveCallRecords(pool, [...calls.slice(100, 160), ...randomCalls(19, 40, 5000)]);
    await saveCallRecords(pool, calls.slice(0, 30));

    expect(await checkRange(pool, FROM, TO)).to.deep.equal([]);
    const [[counted]] = await pool.query('SELECT SUM(offered) AS n FROM report_queue_15m') as unknown as [[{ n: string }]];
    const [[raw]] = await pool.query(`SELECT COUNT(*) AS n FROM call_records WHERE direction = 'inbound' AND queued_at IS NOT NULL AND IFNULL(group_name, '') <> ''`) as unknown as [[{ n: number }]];
    expect(Number(counted.n)).to.equal(Number(raw.n)).and.to.be.above(500);
    expect(await expectReportsEqualRaw()).to.be.above(1000);
  });

  it('given each stored service-level threshold then queue-summary from the aggregates equals the raw one; another threshold runs the raw SQL', async () => {
    for (const sl of SL_THRESHOLDS) {
      const v = reportVariables({ from: FROM, to: TO, interval: 'hour', slSec: sl });
      const auto = await runReport(pool, 'queue-summary', v);
      expect(auto.source).to.equal('aggregates');
      expect(auto.rows, `slSec ${sl}`).to.deep.equal((await runReport(pool, 'queue-summary', v, { source: 'raw' })).rows);
    }
    expect((await runReport(pool, 'queue-summary', reportVariables({ from: FROM, to: TO, interval: 'day', slSec: 19 }))).source).to.equal('raw');
    expect((await runReport(pool, 'trunk-usage', reportVariables({ from: '2025-03-01 10:07', to: TO, interval: 'day', slSec: 20 }))).source).to.equal('raw');
  });

  it('given records updated or deleted by hand then their intervals are marked, rebuilt before the next report, and the reports agree again', async () => {
    const [[before]] = await pool.query('SELECT COUNT(*) AS n FROM report_aggregates_dirty') as unknown as [[{ n: number }]];
    expect(Number(before.n)).to.equal(0);
    await pool.query(`UPDATE call_records SET wait_sec = wait_sec + 7.5, status = IF(status = 9, 13, status), answered_at = IF(status = 13, NULL, answered_at)
      WHERE direction = 'inbound' AND queued_at IS NOT NULL ORDER BY guid LIMIT 40`);
    await pool.query(`UPDATE call_records SET started_at = started_at - INTERVAL 1 DAY WHERE trunk = 'carrier-b' AND started_at >= '2025-03-02' ORDER BY guid LIMIT 15`);
    await pool.query(`UPDATE call_records SET group_name = 'support' WHERE group_name = 'vip' ORDER BY guid LIMIT 10`);
    await pool.query(`DELETE FROM call_records WHERE status = 7 ORDER BY guid LIMIT 10`);
    // A change no report reads marks nothing.
    await pool.query(`UPDATE call_records SET recording_path = '/tmp/x.wav' ORDER BY guid LIMIT 50`);
    const status = await aggregatesStatus(pool);
    expect(status.dirtyIntervals).to.be.above(10);
    expect((await checkRange(pool, FROM, TO)).length).to.be.above(0);
    await expectReportsEqualRaw(); // the first report rebuilt the marked intervals
    expect((await aggregatesStatus(pool)).dirtyIntervals).to.equal(0);
    expect(await checkRange(pool, FROM, TO)).to.deep.equal([]);
  });

  it('given aggregates changed behind the app\'s back then the consistency check names each wrong row and a repair rebuilds only those intervals', async () => {
    await pool.query(`UPDATE report_queue_15m SET offered = offered + 1 ORDER BY interval_start LIMIT 2`);
    await pool.query(`UPDATE report_trunk_15m SET duration_sum = duration_sum + 0.001 ORDER BY interval_start DESC LIMIT 1`);
    await pool.query(`DELETE FROM report_agent_15m ORDER BY interval_start LIMIT 1`);
    await pool.query(`INSERT INTO report_ivr_15m (interval_start, flow, trunk, calls, caller_hung_up, duration_sum, duration_max) VALUES ('2025-03-02 03:00:00', 'ghost', '', 1, 0, 1, 1)`);
    const wrong = await checkRange(pool, FROM, TO);
    expect(wrong.map((m) => `${m.table} ${m.column}`).sort()).to.deep.equal([
      'report_agent_15m missing', 'report_ivr_15m extra', 'report_queue_15m offered', 'report_queue_15m offered', 'report_trunk_15m duration_sum',
    ]);
    expect(await repairMismatches(pool, wrong)).to.equal(new Set(wrong.map((m) => m.key.split(' / ')[0])).size);
    expect(await checkRange(pool, FROM, TO)).to.deep.equal([]);
  });

  it('given a site upgraded with history (aggregates empty, not complete) then reports read the raw rows until the backfill, then the aggregates', async () => {
    for (const t of ['report_queue_15m', 'report_agent_15m', 'report_trunk_15m', 'report_ivr_15m']) await pool.query(`DELETE FROM ${t}`);
    await pool.query('UPDATE report_aggregates_status SET complete_since = NULL WHERE id = 1');
    // runReport caches "complete" per pool: a new pool sees the status as a restarted app would.
    const { createPool } = await import('../../src/db/pool');
    const fresh = createPool(dbTestConfig('callcenter_test_report_aggregates').db);
    try {
      const v = reportVariables({ from: FROM, to: TO, interval: 'day', slSec: 20 });
      expect((await runReport(fresh, 'queue-summary', v)).source).to.equal('raw');
      const lines: string[] = [];
      const done = await backfill(fresh, (l) => lines.push(l));
      expect(done.months).to.equal(1);
      expect(lines).to.have.length(1);
      expect((await aggregatesStatus(fresh)).completeSince).to.be.a('string');
      expect((await runReport(fresh, 'queue-summary', v)).source).to.equal('aggregates');
      expect(await checkRange(fresh, FROM, TO)).to.deep.equal([]);
      // A rebuild of a range is idempotent.
      await rebuildRange(fresh, '2025-03-01 10:07', '2025-03-02 00:00');
      expect(await checkRange(fresh, FROM, TO)).to.deep.equal([]);
    } finally {
      await fresh.end();
    }
    await expectReportsEqualRaw();
  });

  it('given the nightly job then it rebuilds marked intervals, checks the last days against the raw rows and repairs what differs', async () => {
    await pool.query(`UPDATE report_trunk_15m SET calls = calls + 3 WHERE interval_start >= '2025-03-03' ORDER BY interval_start LIMIT 1`);
    await pool.query(`UPDATE call_records SET talk_sec = talk_sec + 1 WHERE started_at >= '2025-03-01' ORDER BY guid LIMIT 1`);
    const job = reportAggregatesJob(pool, { checkDays: 3 }, quietLog);
    const message = await job(new Date(2025, 2, 3, 12, 0, 0));
    expect(message).to.match(/1 marked interval\(s\) rebuilt; check 2025-03-01\.\.2025-03-04: 1 mismatch\(es\), 1 interval\(s\) rebuilt/);
    expect(await checkRange(pool, FROM, TO)).to.deep.equal([]);
    expect(await job(new Date(2025, 2, 3, 12, 0, 0))).to.equal('check 2025-03-01..2025-03-04: 0 mismatch(es)');
    expect((await aggregatesStatus(pool)).lastCheckMismatches).to.equal(0);
  });

  it('given the HTTP API then a supervisor sees the state and checks a range, an admin rebuilds one, bad ranges are 400 with every problem', async () => {
    const { server, base } = await apiServer(reportAggregateRoutes(pool));
    try {
      const sup = basic(DB_TEST_USERS.supervisor.name, DB_TEST_USERS.supervisor.password);
      const adm = basic(DB_TEST_USERS.admin.name, DB_TEST_USERS.admin.password);
      const state = await (await fetch(`${base}/api/v1/report-aggregates`, { headers: sup })).json() as Record<string, unknown>;
      expect(state).to.include({ dirtyIntervals: 0, lastCheckMismatches: 0 });
      await pool.query(`UPDATE report_queue_15m SET wait_max = 9999 ORDER BY interval_start LIMIT 1`);
      const checked = await (await fetch(`${base}/api/v1/report-aggregates?from=2025-03-01&to=2025-03-04`, { headers: sup })).json() as { check: { mismatches: number; first: { column: string }[] } };
      expect(checked.check.mismatches).to.equal(1);
      expect(checked.check.first[0].column).to.equal('wait_max');
      const refused = await fetch(`${base}/api/v1/report-aggregates/rebuild`, { method: 'POST', headers: { ...sup, 'content-type': 'application/json' }, body: JSON.stringify({ from: '2025-03-01', to: '2025-03-04' }) });
      expect(refused.status).to.equal(403);
      const rebuilt = await fetch(`${base}/api/v1/report-aggregates/rebuild`, { method: 'POST', headers: { ...adm, 'content-type': 'application/json' }, body: JSON.stringify({ from: '2025-03-01 00:07', to: '2025-03-04' }) });
      expect(rebuilt.status).to.equal(200);
      expect(await rebuilt.json()).to.include({ from: '2025-03-01 00:00:00', to: '2025-03-04 00:00:00' });
      expect(await checkRange(pool, FROM, TO)).to.deep.equal([]);
      const bad = await fetch(`${base}/api/v1/report-aggregates/rebuild`, { method: 'POST', headers: { ...adm, 'content-type': 'application/json' }, body: JSON.stringify({ from: '2025-02-30', to: '2025-13-01' }) });
      expect(bad.status).to.equal(400);
      expect(JSON.stringify(await bad.json())).to.contain('from: not a real date').and.to.contain('to: not a real date');
    } finally {
      server.close();
    }
  });
});
