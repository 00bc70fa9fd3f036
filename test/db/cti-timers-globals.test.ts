/**
 * Issue 20 against MariaDB (own database callcenter_test_cti): timers whose action starts a call
 * or a flow (manual 002 §28) are validated, stored and fire through the call starter; global
 * variables (§3.30) are kept in MySQL and given to flows as global_<name>.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import type { Pool } from '../../src/db/pool';
import { EventBus } from '../../src/events/event-bus';
import type { CtiEvent } from '../../src/events/cti-events';
import { createJobs } from '../../src/jobs';
import type { TimerCalls } from '../../src/jobs/timers';
import { jobRoutes } from '../../src/api/job-routes';
import { GlobalVariables } from '../../src/cti/global-variables';
import { until } from '../integration/harness/wait';
import { apiServer, basic, dbTestConfig, DB_TEST_USERS, freshDatabase, quietLog } from './db-harness';

const DB = 'callcenter_test_cti';
const rows = async (pool: Pool, sql: string, args: unknown[] = []) => (await pool.query<RowDataPacket[]>(sql, args))[0];

describe('CTI timers and global variables in MySQL (issue 20)', function () {
  this.timeout(30000);
  let pool: Pool;
  let dir: string;
  const bus = new EventBus(1000);
  let jobs: ReturnType<typeof createJobs>;
  let server: Server;
  let base = '';
  const fired: CtiEvent[] = [];
  let unsubscribe: () => void;
  /** The calls timers asked for, and whether the next one fails. */
  const started: string[] = [];
  let failNext = false;
  const calls: TimerCalls = {
    call: async (agent, number) => {
      if (failNext) throw new Error('phone not registered');
      started.push(`call ${agent} ${number}`);
      return `guid-${started.length}`;
    },
    flow: async (agent, number, flow) => {
      started.push(`flow ${agent} ${number} ${flow}`);
      return `guid-${started.length}`;
    },
    problems: (s) => (s.agent === '1999' ? ['agent: no enabled SIP account 1999'] : s.flow === 'nosuchflow' ? ['flow: no flow nosuchflow'] : []),
  };
  const admin = () => basic(DB_TEST_USERS.admin.name, DB_TEST_USERS.admin.password);
  const put = async (id: number, body: unknown) => {
    const res = await fetch(`${base}/api/v1/timers/${id}`, { method: 'PUT', headers: { ...admin(), 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const firedBy = (timer: number) => fired.filter((e): e is Extract<CtiEvent, { type: 'timer.fired' }> => e.type === 'timer.fired' && e.timer === timer);

  before(async () => {
    const config = dbTestConfig(DB);
    pool = await freshDatabase(config);
    dir = mkdtempSync(join(tmpdir(), 'cc-cti-'));
    jobs = createJobs({ config: { ...config, jobs: { ...config.jobs, timerSyncMs: 1000, dailyReport: { ...config.jobs.dailyReport, enabled: false }, businessHours: { ...config.jobs.businessHours, enabled: false } } }, pool, log: quietLog, events: bus, recordingDir: join(dir, 'recording') });
    await jobs.start();
    unsubscribe = bus.subscribe((e) => fired.push(e));
    ({ server, base } = await apiServer(jobRoutes(jobs.runner, jobs.timers)));
  });
  after(async () => {
    unsubscribe?.();
    await jobs?.stop();
    server?.close();
    await pool?.end();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('given a call timer before the call machinery is wired then 400: the action is not available here, nothing stored', async () => {
    const r = await put(1, { enabled: true, action: 'call', agent: '1001', number: '9057188888888' });
    expect(r.status).to.equal(400);
    expect(r.body.error.details.problems.join('; ')).to.match(/not available/);
    expect((await rows(pool, 'SELECT action, agent FROM timers WHERE id = 1'))[0]).to.deep.equal({ action: 'event', agent: null });
  });

  it('given incomplete or unknown call / flow settings then 400 with every problem and the timer unchanged', async () => {
    jobs.timers.useCalls(calls);
    const problems = async (body: unknown) => {
      const r = await put(2, body);
      expect(r.status, JSON.stringify(body)).to.equal(400);
      return (r.body.error.details.problems as string[]).join('; ');
    };
    const missing = await problems({ enabled: true, action: 'flow' });
    expect(missing).to.match(/agent: action 'flow' needs/).and.to.match(/number: action 'flow' needs/).and.to.match(/flow: action 'flow' needs/);
    expect(await problems({ action: 'call', agent: '1999', number: '1003' })).to.match(/no enabled SIP account 1999/);
    expect(await problems({ action: 'flow', agent: '1001', number: '1003', flow: 'nosuchflow' })).to.match(/no flow nosuchflow/);
    expect(await problems({ action: 'call', agent: "1' OR 1", number: '1003' })).to.match(/^agent:/);
    expect(await problems({ action: 'call', agent: '1001', number: '12ab' })).to.match(/^number:/);
    expect((await rows(pool, 'SELECT enabled, action, agent, number, flow FROM timers WHERE id = 2'))[0]).to.deep.equal({ enabled: 0, action: 'event', agent: null, number: null, flow: null });
  });

  it('given a flow timer and a call timer switched on then each firing starts its call and timer.fired names it; a call that cannot start gives guid null', async () => {
    jobs.timers.useCalls(calls);
    const flow = await put(3, { enabled: true, periodMs: 200, action: 'flow', agent: '1001', number: '1003', flow: 'main' });
    expect(flow.status, JSON.stringify(flow.body)).to.equal(200);
    expect(flow.body).to.include({ action: 'flow', agent: '1001', number: '1003', flow: 'main' });
    expect((await rows(pool, 'SELECT action, agent, number, flow FROM timers WHERE id = 3'))[0]).to.deep.equal({ action: 'flow', agent: '1001', number: '1003', flow: 'main' });
    await until('timer 3 to fire twice', 5000, () => firedBy(3).length >= 2);
    await put(3, { enabled: false });
    expect(started.filter((s) => s === 'flow 1001 1003 main').length).to.be.at.least(2);
    expect(firedBy(3)[0]).to.include({ action: 'flow' });
    expect(firedBy(3)[0].guid).to.match(/^guid-\d+$/);

    failNext = true;
    expect((await put(4, { enabled: true, periodMs: 200, action: 'call', agent: '1002', number: '9057188888888' })).status).to.equal(200);
    await until('timer 4 to fire', 5000, () => firedBy(4).length >= 1);
    await put(4, { enabled: false });
    expect(firedBy(4)[0]).to.include({ action: 'call', guid: null });
    failNext = false;
  });

  it('given global variables set and removed then MySQL holds them, a new process reads them back, flows get them as global_<name>', async () => {
    const g = new GlobalVariables(pool, quietLog);
    await g.load();
    await g.set('holiday', '1');
    await g.set('motd', '午饭 12:00');
    await g.set('holiday', '0');
    expect(await rows(pool, 'SELECT name, value FROM global_variables ORDER BY name')).to.deep.equal([{ name: 'holiday', value: '0' }, { name: 'motd', value: '午饭 12:00' }]);
    const again = new GlobalVariables(pool, quietLog);
    await again.load();
    expect(again.forFlows()).to.deep.equal({ global_holiday: '0', global_motd: '午饭 12:00' });
    expect(await again.remove('motd')).to.equal(true);
    expect(await again.remove('motd')).to.equal(false);
    expect(await again.all()).to.deep.equal({ holiday: '0' });
  });
});
