/**
 * Issue 18: agent-activity's state times from the 15-minute state aggregates (migration 060)
 * against the raw agent_state_log. Random state sequences are written through the app's own
 * write path (saveAgentChanges: batches, replays with their row keys, late rows such as the
 * restart gap rows, ties at the same instant), with states open across interval and day
 * boundaries; then the aggregated agent-activity must equal the raw one for every interval, filter
 * and range, and the consistency check must find nothing. Deletes (the retention job) keep it
 * exact; updates mark intervals that the next report rebuilds.
 * Needs only MariaDB (database callcenter_test_report_agent_state).
 */
import { expect } from 'chai';
import type { Pool } from '../../src/db/pool';
import { saveAgentChanges, type AgentChange } from '../../src/db/agent-repository';
import { reportVariables, type ReportInterval } from '../../src/reports/catalog';
import { runReport } from '../../src/reports/run-report';
import { aggregatesStatus, backfill, checkRange, rebuildRange } from '../../src/reports/aggregates/store';
import { dbTestConfig, freshDatabase } from './db-harness';

const FROM = '2025-04-01 00:00:00';
const TO = '2025-04-04 00:00:00';
const AGENTS = ['1001', '1002', '1003', '1004', '1005'];
const STATES = ['logged_out', 'ready', 'ready', 'not_ready', 'ringing', 'on_call', 'wrap_up'];

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

/** Local 'YYYY-MM-DD HH:MM:SS' -> epoch ms. */
const local = (t: string) => new Date(t.replace(' ', 'T')).getTime();

/**
 * Per agent a sequence of changes from a day before FROM to TO: steps of milliseconds to hours
 * (some states open over several intervals and over midnight), some exactly on a quarter hour,
 * some at the same instant as the previous change (ties, ordered by id).
 */
function randomChanges(seed: number, keyBase: number): AgentChange[] {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const out: AgentChange[] = [];
  let n = keyBase;
  for (const agent of AGENTS) {
    let t = local(FROM) - 86400000 + Math.floor(r() * 3600000);
    let from = 'logged_out';
    while (t < local(TO) + 3600000) {
      const to = pick(STATES);
      out.push({ agent, from, to, reason: null, callGuid: null, at: new Date(t), key: `00000000-0000-4000-8000-${String(n++).padStart(12, '0')}` });
      from = to;
      const k = r();
      if (k < 0.05) continue; // the same instant again
      if (k < 0.15) t = Math.ceil((t + 1) / 900000) * 900000; // exactly the next quarter hour
      else if (k < 0.25) t += Math.floor(r() * 6 * 3600000); // hours: across intervals, maybe midnight
      else t += 1 + Math.floor(r() * 600000); // up to 10 minutes, in ms
    }
  }
  return out;
}

const shuffle = <T>(xs: T[], r: () => number): T[] => {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
};

describe('agent state aggregates against agent_state_log (issue 18)', function () {
  this.timeout(300000);
  let pool: Pool;

  before(async () => {
    pool = await freshDatabase(dbTestConfig('callcenter_test_report_agent_state'));
    await pool.query('INSERT INTO sip_accounts (extension, password) VALUES ?', [AGENTS.map((a) => [a, `secret${a}`])]);
  });
  after(async () => {
    await pool?.end();
  });

  const INTERVALS: ReportInterval[] = ['15m', 'hour', 'day', 'all'];
  const RANGES = [{ from: FROM, to: TO }, { from: '2025-04-01 10:15', to: '2025-04-02 18:45' }, { from: '2025-03-31 23:45', to: '2025-04-01 00:30' },
    // past the last rows: each agent's open segment (its latest state, not stored) counts until @to
    { from: '2025-04-03 12:00', to: '2025-04-05 00:00' }];
  const FILTERS: { agent?: string }[] = [{}, { agent: '1002' }, { agent: '1005' }];

  async function expectAgentActivityEqualsRaw(): Promise<number> {
    let compared = 0;
    for (const range of RANGES) {
      for (const interval of INTERVALS) {
        for (const f of FILTERS) {
          const v = reportVariables({ ...range, interval, slSec: 20, ...f });
          const auto = await runReport(pool, 'agent-activity', v);
          const raw = await runReport(pool, 'agent-activity', v, { source: 'raw' });
          const what = `${interval} ${JSON.stringify(f)} ${range.from}..${range.to}`;
          expect(auto.source, what).to.equal('aggregates');
          expect(auto.columns).to.deep.equal(raw.columns);
          expect(auto.rows, what).to.deep.equal(raw.rows);
          compared += raw.rows.length;
        }
      }
    }
    return compared;
  }

  it('given random state sequences written in shuffled batches, replays, late rows and ties, then the aggregates equal the raw rows and agent-activity agrees for every interval and filter', async () => {
    const r = prng(60);
    const changes = randomChanges(60, 0);
    // Most rows on time (in order, batches as the durable writer sends them) ...
    const late = new Set(shuffle([...changes.keys()], r).slice(0, Math.floor(changes.length / 4)));
    const onTime = changes.filter((_, i) => !late.has(i));
    for (let i = 0; i < onTime.length; i += 25) await saveAgentChanges(pool, onTime.slice(i, i + 25));
    // ... a quarter late and out of order (a spool replayed after an outage, restart gap rows) ...
    const lateRows = shuffle(changes.filter((_, i) => late.has(i)), r);
    for (let i = 0; i < lateRows.length; i += 40) await saveAgentChanges(pool, lateRows.slice(i, i + 40));
    // ... and replays of rows already written (same row keys) change nothing.
    await saveAgentChanges(pool, changes.slice(100, 180));
    const [[count]] = await pool.query('SELECT COUNT(*) AS n FROM agent_state_log') as unknown as [[{ n: number }]];
    expect(Number(count.n)).to.equal(changes.length).and.to.be.above(1000);
    // App restarts: an app-down gap (logged_out at the crash, the state restored after), written late.
    const gaps: AgentChange[] = [];
    for (const [i, agent] of AGENTS.entries()) {
      const down = local('2025-04-02 09:07:30') + i * 777;
      gaps.push({ agent, from: 'ready', to: 'logged_out', reason: 'app stopped', callGuid: null, at: new Date(down) },
        { agent, from: 'logged_out', to: 'ready', reason: 'app restarted', callGuid: null, at: new Date(down + 1234567) });
    }
    await saveAgentChanges(pool, gaps);

    expect(await checkRange(pool, '2025-03-30 00:00', '2025-04-05 00:00')).to.deep.equal([]);
    const [[stored]] = await pool.query('SELECT COUNT(*) AS n FROM report_agent_state_15m') as unknown as [[{ n: number }]];
    expect(Number(stored.n)).to.be.above(500);
    expect(await expectAgentActivityEqualsRaw()).to.be.above(500);
  });

  it('given rows deleted (the retention job) then the aggregates stay exact without a rebuild', async () => {
    await pool.query(`DELETE FROM agent_state_log WHERE at < '2025-04-01 06:00' ORDER BY at, id LIMIT 300`);
    await pool.query(`DELETE FROM agent_state_log WHERE extension = '1003' AND at >= '2025-04-02' ORDER BY id LIMIT 20`);
    expect((await aggregatesStatus(pool)).dirtyIntervals).to.equal(0);
    expect(await checkRange(pool, '2025-03-30 00:00', '2025-04-05 00:00')).to.deep.equal([]);
    await expectAgentActivityEqualsRaw();
  });

  it('given rows updated by hand then their intervals are marked, rebuilt before the next report, and the reports agree again', async () => {
    await pool.query(`UPDATE agent_state_log SET to_state = IF(to_state = 'ready', 'not_ready', 'ready') WHERE at >= '2025-04-01 12:00' ORDER BY id LIMIT 15`);
    await pool.query(`UPDATE agent_state_log SET at = at + INTERVAL 47 MINUTE WHERE extension = '1001' AND at >= '2025-04-02' ORDER BY id LIMIT 3`);
    // A change the report does not read marks nothing more.
    const marked = (await aggregatesStatus(pool)).dirtyIntervals;
    expect(marked).to.be.above(0);
    await pool.query(`UPDATE agent_state_log SET reason = 'x' ORDER BY id LIMIT 50`);
    expect((await aggregatesStatus(pool)).dirtyIntervals).to.equal(marked);
    await expectAgentActivityEqualsRaw(); // the first report rebuilt the marked intervals
    expect((await aggregatesStatus(pool)).dirtyIntervals).to.equal(0);
    expect(await checkRange(pool, '2025-03-30 00:00', '2025-04-05 00:00')).to.deep.equal([]);
  });

  it('given state aggregates changed behind the app\'s back then the check names the rows and a rebuild restores them', async () => {
    await pool.query(`UPDATE report_agent_state_15m SET ms = ms + 1 ORDER BY interval_start LIMIT 1`);
    await pool.query(`DELETE FROM report_agent_state_15m ORDER BY interval_start DESC LIMIT 1`);
    const wrong = await checkRange(pool, '2025-03-30 00:00', '2025-04-05 00:00');
    expect(wrong.map((m) => `${m.table} ${m.column}`).sort()).to.deep.equal(['report_agent_state_15m missing', 'report_agent_state_15m ms']);
    await rebuildRange(pool, '2025-03-30 00:00', '2025-04-05 00:00');
    expect(await checkRange(pool, '2025-03-30 00:00', '2025-04-05 00:00')).to.deep.equal([]);
    await expectAgentActivityEqualsRaw();
  });

  it('given a site upgraded with state history and no call records then the backfill spans the state log\'s months and the reports read the aggregates after it', async () => {
    await pool.query('DELETE FROM report_agent_state_15m');
    await pool.query('UPDATE report_aggregates_status SET complete_since = NULL WHERE id = 1');
    // runReport caches "complete" per pool: a new pool sees the status as a restarted app would.
    const { createPool } = await import('../../src/db/pool');
    const fresh = createPool(dbTestConfig('callcenter_test_report_agent_state').db);
    try {
      const v = reportVariables({ from: FROM, to: TO, interval: 'hour', slSec: 20 });
      expect((await runReport(fresh, 'agent-activity', v)).source).to.equal('raw');
      const lines: string[] = [];
      const done = await backfill(fresh, (l) => lines.push(l));
      expect(lines.map((l) => l.slice(0, 26))).to.deep.equal(['report aggregates: 2025-03', 'report aggregates: 2025-04']);
      expect(done.months).to.equal(2);
      expect((await runReport(fresh, 'agent-activity', v)).source).to.equal('aggregates');
      expect(await checkRange(fresh, '2025-03-30 00:00', '2025-04-05 00:00')).to.deep.equal([]);
    } finally {
      await fresh.end();
    }
    await expectAgentActivityEqualsRaw();
  });
});
