/**
 * Issue 22: the callback columns of report queue-summary (callbacks_offered, _accepted,
 * _connected) on hand-made data, from the raw SQL and from the 15-minute aggregates alike.
 * Own database callcenter_test_report_callbacks.
 */
import { expect } from 'chai';
import type { Pool } from '../../src/db/pool';
import { reportVariables } from '../../src/reports/catalog';
import { runReport } from '../../src/reports/run-report';
import { dbTestConfig, freshDatabase } from './db-harness';

const DB = 'callcenter_test_report_callbacks';
const D = '2024-05-06';
const g = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('queue-summary: callbacks offered, accepted, connected (issue 22)', function () {
  this.timeout(30000);
  let pool: Pool;

  /** A queued inbound call (status 9 answered, 13 abandoned, 20 callback requested) or a callback attempt (outbound 21 / 22). */
  async function call(n: number, group: string, status: number, started: string, direction = 'inbound'): Promise<void> {
    const answered = status === 9 || status === 21 ? started : null;
    await pool.execute(`INSERT INTO call_records (guid, direction, caller, callee, group_name, agent, trunk, status, started_at, queued_at, answered_at, ended_at,
      ring_sec, wait_sec, talk_sec, hangup_by, end_reason) VALUES (?, ?, '13800000001', '02566668888', ?, NULL, 'carrier-a', ?, ?, ?, ?, ?, 0, 10, 0, 'caller', 'normal')`,
    [g(n), direction, group, status, started, started, answered, started]);
  }
  async function callback(id: number, origin: number | null, group: string, state: string, created: string): Promise<void> {
    await pool.execute(`INSERT INTO callbacks (id, group_name, number, origin_guid, agent, entered_at, due_at, state, attempts, created_by, created_at, updated_at)
      VALUES (?, ?, '13800000001', ?, NULL, ?, ?, ?, 1, 'test', ?, ?)`, [g(1000 + id), group, origin === null ? null : g(origin), created, created, state, created, created]);
  }

  before(async () => {
    pool = await freshDatabase(dbTestConfig(DB));
    await pool.query("INSERT INTO agent_groups (name, display_name, callback_key) VALUES ('sales', 'Sales', '5'), ('support', 'Support', NULL)");
    // Sales, 09:00 hour: 4 queued calls, 2 of them pressed 5 (one reached later, one failed); 10:00 hour: 1 more that pressed 5, still waiting.
    await call(1, 'sales', 9, `${D} 09:01:00`);
    await call(2, 'sales', 13, `${D} 09:05:00`);
    await call(3, 'sales', 20, `${D} 09:10:00`);
    await call(4, 'sales', 20, `${D} 09:50:00`);
    await call(5, 'sales', 20, `${D} 10:20:00`);
    await callback(3, 3, 'sales', 'done', `${D} 09:10:30`);
    await callback(4, 4, 'sales', 'failed', `${D} 09:51:00`);
    await callback(5, 5, 'sales', 'waiting', `${D} 10:21:00`);
    // The callback attempts are outbound records: not rows of this report.
    await call(6, 'sales', 22, `${D} 10:30:00`, 'outbound');
    await call(7, 'sales', 21, `${D} 10:40:00`, 'outbound');
    // A callback an agent booked (no caller's call) is not a queue figure.
    await callback(8, null, 'sales', 'done', `${D} 09:30:00`);
    // Support offers no callback key.
    await call(9, 'support', 9, `${D} 09:15:00`);
  });
  after(async () => {
    await pool?.end();
  });

  const pick = (rows: Record<string, unknown>[]) => rows.map((r) => [String(r.interval_start).slice(11, 16), r.group_name, r.offered, r.callbacks_offered, r.callbacks_accepted, r.callbacks_connected]);

  it('given queued calls, key presses and their callbacks then each hour counts the callbacks of its callers\' calls; a group without a key offers none', async () => {
    const v = reportVariables({ from: D, to: '2024-05-07', interval: 'hour', slSec: 20 });
    const raw = await runReport(pool, 'queue-summary', v, { source: 'raw' });
    expect(pick(raw.rows)).to.deep.equal([
      ['09:00', 'sales', 4, 4, 2, 1],
      ['09:00', 'support', 1, 0, 0, 0],
      ['10:00', 'sales', 1, 1, 1, 0],
    ]);
    expect(raw.rows[0]).to.include({ unanswered_other: 2, answered: 1, abandoned: 1 });
  });

  it('given the same range on 15-minute boundaries then the aggregates give the same rows as the raw SQL, and one group can be asked for', async () => {
    const v = reportVariables({ from: D, to: '2024-05-07', interval: 'day', slSec: 20 });
    const auto = await runReport(pool, 'queue-summary', v);
    expect(auto.source).to.equal('aggregates');
    expect(auto.rows).to.deep.equal((await runReport(pool, 'queue-summary', v, { source: 'raw' })).rows);
    expect(pick(auto.rows)).to.deep.equal([['00:00', 'sales', 5, 5, 3, 1], ['00:00', 'support', 1, 0, 0, 0]]);
    const sales = await runReport(pool, 'queue-summary', reportVariables({ from: D, to: '2024-05-07', interval: 'all', slSec: 20, group: 'sales' }));
    expect(pick(sales.rows)).to.deep.equal([['00:00', 'sales', 5, 5, 3, 1]]);
  });
});
