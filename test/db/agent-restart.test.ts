/**
 * Agent history across app restarts (A1), with the real AgentService, MySQL and the
 * agent-activity report: a clean stop and a crash each leave a gap that counts as neither ready
 * nor login time; states come back with their reasons and since-times, never through ready.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { AgentService } from '../../src/agents/agent-service';
import type { Pool } from '../../src/db/pool';
import { reportVariables } from '../../src/reports/catalog';
import { runReport } from '../../src/reports/run-report';
import { dbTestConfig, freshDatabase, quietLog } from './db-harness';

const DAY = '2025-01-06';
/** Local time on the test day (reports and agent_state_log are in local time). */
const at = (hh: number, mm = 0) => new Date(2025, 0, 6, hh, mm, 0).getTime();
const ACCOUNTS = [
  { extension: '1001', enabled: true, autoReady: true },
  { extension: '1002', enabled: true, autoReady: true },
  { extension: '1003', enabled: true, autoReady: false },
];

describe('agent history across app restarts (A1)', function () {
  this.timeout(60000);
  let pool: Pool;
  let dir: string;
  let clock = 0;
  const services: AgentService[] = [];
  const service = () => {
    const s = new AgentService({
      pool, log: quietLog, spoolFile: join(dir, 'agent-states.jsonl'), aliveFile: join(dir, 'app-alive.json'), cancelOffer: () => {}, now: () => clock,
    });
    services.push(s);
    return s;
  };
  const log = async (ext: string) => (await pool.query<RowDataPacket[]>(
    'SELECT from_state, to_state, reason, DATE_FORMAT(at, \'%H:%i\') AS t FROM agent_state_log WHERE extension = ? ORDER BY at, id', [ext]))[0]
    .map((r) => `${r.t} ${r.from_state}>${r.to_state}${r.reason ? ` (${r.reason})` : ''}`);

  let d: AgentService;

  before(async () => {
    pool = await freshDatabase(dbTestConfig('callcenter_test_agent_restart'));
    dir = mkdtempSync(join(tmpdir(), 'cc-agent-restart-'));
    await pool.query("INSERT INTO sip_accounts (extension, password) VALUES ('1001', 'secret1001'), ('1002', 'secret1002'), ('1003', 'secret1003')");

    // Run A: 09:00-10:00, stopped cleanly.
    clock = at(9);
    const a = service();
    await a.load(ACCOUNTS);
    a.apply('1003', { type: 'login' });
    clock = at(9, 10);
    a.apply('1002', { type: 'not-ready', reason: 'lunch' });
    clock = at(9, 20);
    a.apply('1003', { type: 'logout', reason: 'api' });
    clock = at(10);
    a.stop();
    await a.flush();

    // Run B: 11:00-11:30, then it crashes (no stop); its last heartbeat said 11:30.
    clock = at(11);
    const b = service();
    await b.load(ACCOUNTS);
    clock = at(11, 20);
    b.apply('1001', { type: 'not-ready', reason: 'coffee' });
    await b.flush();
    clearInterval((b as unknown as { aliveTimer: NodeJS.Timeout }).aliveTimer); // the crash: nothing more from B
    writeFileSync(join(dir, 'app-alive.json'), JSON.stringify({ aliveAt: new Date(at(11, 30)).toISOString(), stopped: false }));

    // Run D starts at 12:00 and runs on.
    clock = at(12);
    d = service();
    await d.load(ACCOUNTS);
    await d.flush();
  });

  after(async () => {
    for (const s of services) clearInterval((s as unknown as { aliveTimer: NodeJS.Timeout }).aliveTimer);
    await pool?.end();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('given a clean stop and a crash then the history shows each gap as logged out and each restore straight into the saved state', async () => {
    expect(await log('1002')).to.deep.equal([
      '09:00 logged_out>ready',
      '09:10 ready>not_ready (lunch)',
      '10:00 not_ready>logged_out (app-stopped)',
      '11:00 logged_out>not_ready (lunch)',
      '11:30 not_ready>logged_out (app-crashed)',
      '12:00 logged_out>not_ready (lunch)',
    ]);
    expect(await log('1001')).to.deep.equal([
      '09:00 logged_out>ready',
      '10:00 ready>logged_out (app-stopped)',
      '11:00 logged_out>ready',
      '11:20 ready>not_ready (coffee)',
      '11:30 not_ready>logged_out (app-crashed)',
      '12:00 logged_out>not_ready (coffee)',
    ]);
    expect(await log('1003'), 'a logged-out agent: no rows for the restarts').to.deep.equal(['09:00 logged_out>ready', '09:20 ready>logged_out (api)']);
  });

  it('given the restarts then each agent has its state, reason and since back (in memory and in agent_status)', async () => {
    expect(d.get('1001')).to.include({ name: 'not_ready', reason: 'coffee', since: at(11, 20) });
    expect(d.get('1002')).to.include({ name: 'not_ready', reason: 'lunch', since: at(9, 10) });
    expect(d.get('1003')).to.include({ name: 'logged_out', reason: 'api', since: at(9, 20) });
    const [status] = await pool.query<RowDataPacket[]>('SELECT extension, state, reason, DATE_FORMAT(since, \'%H:%i\') AS since FROM agent_status ORDER BY extension');
    expect(status.map((r) => `${r.extension} ${r.state} ${r.reason} ${r.since}`)).to.deep.equal(['1001 not_ready coffee 11:20', '1002 not_ready lunch 09:10', '1003 logged_out api 09:20']);
  });

  it('given the restarts then agent-activity counts the time the app was down as neither ready nor login time', async () => {
    const { rows } = await runReport(pool, 'agent-activity', reportVariables({ from: `${DAY} 09:00`, to: `${DAY} 12:30`, interval: 'all', slSec: 20 }));
    const by = new Map(rows.map((r) => [r.agent, r]));
    // 1001: ready 09:00-10:00 and 11:00-11:20, not ready 11:20-11:30 and 12:00-12:30.
    expect(by.get('1001')).to.include({ login_sec: 3600 + 1200 + 600 + 1800, ready_sec: 3600 + 1200, not_ready_sec: 600 + 1800 });
    // 1002: ready 09:00-09:10, not ready 09:10-10:00, 11:00-11:30, 12:00-12:30.
    expect(by.get('1002')).to.include({ login_sec: 600 + 3000 + 1800 + 1800, ready_sec: 600, not_ready_sec: 3000 + 1800 + 1800 });
    expect(by.get('1003')).to.include({ login_sec: 1200, ready_sec: 1200 });
  });
});
