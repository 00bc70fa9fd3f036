/**
 * Scheduled jobs against MariaDB (own database callcenter_test_reports_jobs): retention removes
 * exactly the right files and rows, timers switch on and off live through the API, the
 * business-hours job points the DID rule at the right flow, the daily report lands in its folder.
 */
import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import type { Pool } from '../../src/db/pool';
import { EventBus } from '../../src/events/event-bus';
import type { CtiEvent } from '../../src/events/cti-events';
import { createJobs } from '../../src/jobs';
import { retentionJob } from '../../src/jobs/retention-job';
import { businessHoursJob } from '../../src/jobs/business-hours-job';
import { dailyReportJob } from '../../src/jobs/daily-report-job';
import { jobRoutes } from '../../src/api/job-routes';
import { until } from '../integration/harness/wait';
import { apiServer, basic, dbTestConfig, DB_TEST_USERS, freshDatabase, quietLog } from './db-harness';
import { loadFixtures } from './report-fixtures';

const DB = 'callcenter_test_reports_jobs';
const rows = async (pool: Pool, sql: string, args: unknown[] = []) => (await pool.query<RowDataPacket[]>(sql, args))[0];

describe('scheduled jobs (D5)', function () {
  this.timeout(30000);
  let pool: Pool;
  let dir: string;

  before(async () => {
    pool = await freshDatabase(dbTestConfig(DB));
    dir = mkdtempSync(join(tmpdir(), 'cc-jobs-'));
  });
  after(async () => {
    await pool?.end();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe('retention', () => {
    const now = new Date(2026, 10, 23, 3, 30, 0);
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86400000);
    const g = (n: number) => `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`;
    let rec: string;

    before(async () => {
      rec = join(dir, 'recording');
      mkdirSync(rec);
      const recording = async (n: number, age: number, path: string, opts: { file?: 'file' | 'dir' | 'none'; marked?: boolean } = {}) => {
        if ((opts.file ?? 'file') === 'file') writeFileSync(path, 'RIFF');
        if (opts.file === 'dir') mkdirSync(path); // unlink() of a directory fails even for root: "a file that cannot be deleted"
        await pool.execute(`INSERT INTO call_records (guid, direction, caller, callee, status, started_at, ended_at, hangup_by, end_reason, recording_path)
          VALUES (?, 'inbound', '1380', '0256', 9, ?, ?, 'caller', 'normal', ?)`, [g(n), daysAgo(age), daysAgo(age), path]);
        await pool.execute('INSERT INTO recordings (call_guid, caller, callee, started_at, duration_sec, path, purge_started_at) VALUES (?, ?, ?, ?, 1, ?, ?)',
          [g(n), '1380', '0256', daysAgo(age), path, opts.marked ? daysAgo(1) : null]);
      };
      await recording(1, 40, join(rec, 'cc-old.wav')); // old: file and row go
      await recording(2, 20, join(rec, 'cc-young.wav')); // young: both stay
      await recording(3, 40, join(rec, 'cc-gone.wav'), { file: 'none' }); // old, file already gone: row goes
      await recording(4, 40, join(rec, 'cc-stuck.wav'), { file: 'dir' }); // old, file cannot be deleted: both stay
      await recording(5, 40, join(dir, 'outside.wav')); // old but outside the recording folder: both stay
      await recording(6, 5, join(rec, 'cc-interrupted.wav'), { marked: true }); // marked by an interrupted run: finished
      for (const [age, event] of [[40, 'ENTERQUEUE'], [20, 'ENTERQUEUE']] as const) {
        await pool.execute("INSERT INTO queue_log (time, callid, queuename, agent, event) VALUES (?, 'x', 'sales', 'NONE', ?)", [daysAgo(age), event]);
      }
      for (const [ext, age] of [['1001', 50], ['1001', 40], ['1002', 45], ['1001', 10]] as const) {
        await pool.execute("INSERT INTO agent_state_log (extension, from_state, to_state, at) VALUES (?, 'ready', 'not_ready', ?)", [ext, daysAgo(age)]);
      }
    });

    it('given recordings and log rows of several ages then exactly the old ones go, files and rows together', async () => {
      const job = retentionJob(pool, { recordingsDays: 30, logsDays: 30, batchSize: 2, recordingDir: rec }, quietLog);
      const summary = await job(now);
      expect(summary).to.match(/recordings deleted 3, kept \(file not deletable\) 2/);
      const left = await rows(pool, 'SELECT call_guid, path, purge_started_at FROM recordings ORDER BY call_guid');
      expect(left.map((r) => r.call_guid)).to.deep.equal([g(2), g(4), g(5)]);
      expect(left.every((r) => r.purge_started_at === null), 'no row left marked').to.equal(true);
      expect(existsSync(join(rec, 'cc-old.wav'))).to.equal(false);
      expect(existsSync(join(rec, 'cc-interrupted.wav'))).to.equal(false);
      expect(existsSync(join(rec, 'cc-young.wav'))).to.equal(true);
      expect(existsSync(join(rec, 'cc-stuck.wav'))).to.equal(true);
      expect(existsSync(join(dir, 'outside.wav'))).to.equal(true);
      const paths = await rows(pool, 'SELECT guid, recording_path FROM call_records ORDER BY guid');
      expect(paths.map((r) => [r.guid, r.recording_path !== null])).to.deep.equal([[g(1), false], [g(2), true], [g(3), false], [g(4), true], [g(5), true], [g(6), false]]);
      expect((await rows(pool, 'SELECT COUNT(*) AS n FROM queue_log'))[0].n).to.equal(1);
      // 1001 keeps its row of 10 days ago; 1002's only row (its current state) is kept although old.
      expect((await rows(pool, 'SELECT extension, DATEDIFF(?, at) AS age FROM agent_state_log ORDER BY extension, at', [now])).map((r) => [r.extension, r.age]))
        .to.deep.equal([['1001', 10], ['1002', 45]]);
    });
    it('given a second run then nothing more is deleted', async () => {
      const job = retentionJob(pool, { recordingsDays: 30, logsDays: 30, batchSize: 2, recordingDir: rec }, quietLog);
      expect(await job(now)).to.match(/recordings deleted 0, kept \(file not deletable\) 2/);
      expect((await rows(pool, 'SELECT COUNT(*) AS n FROM recordings'))[0].n).to.equal(3);
    });
  });

  describe('timers 1-9 through the API', () => {
    const bus = new EventBus(1000);
    let jobs: ReturnType<typeof createJobs>;
    let server: Server;
    let base = '';
    const fired: CtiEvent[] = [];
    let unsubscribe: () => void;
    const admin = () => basic(DB_TEST_USERS.admin.name, DB_TEST_USERS.admin.password);
    const call = async (method: string, path: string, body?: unknown, headers = admin()) => {
      const res = await fetch(`${base}${path}`, { method, headers: { ...headers, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, body: await res.json() as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
    };
    const firedBy = (timer: number) => fired.filter((e) => e.type === 'timer.fired' && e.timer === timer).length;

    before(async () => {
      const config = dbTestConfig(DB);
      jobs = createJobs({ config: { ...config, jobs: { ...config.jobs, timerSyncMs: 1000, dailyReport: { ...config.jobs.dailyReport, enabled: false }, businessHours: { ...config.jobs.businessHours, enabled: false } } }, pool, log: quietLog, events: bus, recordingDir: join(dir, 'recording') });
      await jobs.start();
      unsubscribe = bus.subscribe((e) => fired.push(e));
      ({ server, base } = await apiServer(jobRoutes(jobs.runner, jobs.timers)));
    });
    after(async () => {
      unsubscribe?.();
      await jobs?.stop();
      server?.close();
    });

    it('given the fresh table then timers 1-9 are listed, all off', async () => {
      const r = await call('GET', '/api/v1/timers', undefined, basic(DB_TEST_USERS.supervisor.name, DB_TEST_USERS.supervisor.password));
      expect(r.status).to.equal(200);
      expect(r.body.timers.map((t: { id: number; enabled: boolean }) => [t.id, t.enabled])).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9].map((id) => [id, false]));
    });
    it('given timer 3 switched on at 150 ms then it fires; switched off it stops, while timer 4 goes on firing', async () => {
      const on = await call('PUT', '/api/v1/timers/3', { enabled: true, periodMs: 150, description: 'poll CRM' });
      expect(on.status).to.equal(200);
      expect(on.body).to.include({ id: 3, enabled: true, periodMs: 150, action: 'event' });
      expect((await rows(pool, 'SELECT enabled, period_ms, description FROM timers WHERE id = 3'))[0]).to.deep.equal({ enabled: 1, period_ms: 150, description: 'poll CRM' });
      await until('timer 3 to fire 3 times', 5000, () => firedBy(3) >= 3);
      expect((await call('PUT', '/api/v1/timers/3', { enabled: false })).body.enabled).to.equal(false);
      const stoppedAt = firedBy(3);
      await call('PUT', '/api/v1/timers/4', { enabled: true, periodMs: 120 });
      await until('timer 4 to fire 5 times (600 ms, four periods of timer 3)', 5000, () => firedBy(4) >= 5);
      expect(firedBy(3), 'timer 3 fired after it was switched off').to.equal(stoppedAt);
      await call('PUT', '/api/v1/timers/4', { enabled: false });
    });
    it('given a change made by SQL then the timers follow it at the next sync, without a restart', async () => {
      await pool.execute('UPDATE timers SET enabled = 1, period_ms = 200 WHERE id = 5');
      await until('timer 5 to fire', 5000, () => firedBy(5) >= 1);
      await pool.execute('UPDATE timers SET enabled = 0 WHERE id = 5');
      await until('timer 5 to be off', 5000, () => jobs.timers.get(5)?.enabled === false);
    });
    it('given a timer with action job then each firing runs the job, never two at once', async () => {
      expect((await call('PUT', '/api/v1/timers/6', { enabled: true, periodMs: 200, action: 'job', job: 'business-hours' })).status).to.equal(200);
      await until('business-hours to run twice', 5000, () => (jobs.runner.status().find((j) => j.name === 'business-hours')?.runs ?? 0) >= 2);
      await call('PUT', '/api/v1/timers/6', { enabled: false });
      const r = await call('GET', '/api/v1/jobs');
      expect(r.body.jobs.find((j: { name: string }) => j.name === 'business-hours')).to.include({ lastResult: 'ok' });
    });
    it('given bad changes or too little role then 400/403 and the timer stays as it was', async () => {
      const bad = async (body: unknown, path = '/api/v1/timers/2') => {
        const r = await call('PUT', path, body);
        expect(r.status, JSON.stringify(body)).to.equal(400);
        return (r.body.error.details.problems as string[]).join('; ');
      };
      expect(await bad({ periodMs: 100 })).to.match(/more than 100/);
      expect(await bad({ enabled: true, action: 'job', job: 'format-disk' })).to.match(/job: action 'job' needs one of daily-report, retention, business-hours/);
      expect(await bad({ enabled: 'yes' })).to.match(/^enabled:/);
      expect(await bad({ when: '* * * * *' })).to.match(/unrecognized key/i);
      expect(await bad({})).to.match(/at least one/);
      expect(await bad({ enabled: true }, '/api/v1/timers/10')).to.match(/^id:/);
      expect((await call('PUT', '/api/v1/timers/2', { enabled: true }, basic(DB_TEST_USERS.supervisor.name, DB_TEST_USERS.supervisor.password))).status).to.equal(403);
      expect((await rows(pool, 'SELECT enabled, period_ms, action FROM timers WHERE id = 2'))[0]).to.deep.equal({ enabled: 0, period_ms: 60000, action: 'event' });
    });
    it('given a job run through the API then the answer says how it went; an unknown job is a 404', async () => {
      const r = await call('POST', '/api/v1/jobs/business-hours/run', {});
      expect(r.status).to.equal(200);
      expect(r.body).to.include({ job: 'business-hours', outcome: 'ok' });
      expect((await call('POST', '/api/v1/jobs/nope/run', {})).status).to.equal(404);
    });
  });

  describe('business hours', () => {
    before(async () => {
      for (const sql of [
        "INSERT INTO flows (name, definition) VALUES ('main', '{}'), ('night', '{}'), ('xmas', '{}')",
        "INSERT INTO dial_rules (id, context, pattern, route_type, target) VALUES (10, 'from-carrier', '02566668888', 'flow', 'main')",
        "INSERT INTO business_hours (weekday, opens, closes) VALUES (1, '09:00', '18:00'), (2, '09:00', '18:00'), (3, '09:00', '18:00'), (4, '09:00', '18:00'), (5, '09:00', '18:00')",
        "INSERT INTO holidays (day, name) VALUES ('2026-12-25', 'Christmas')",
        "INSERT INTO business_hours_routes (dial_rule_id, open_flow, closed_flow, holiday_flow) VALUES (10, 'main', 'night', 'xmas')",
      ]) await pool.query(sql);
    });
    const target = async () => (await rows(pool, 'SELECT target FROM dial_rules WHERE id = 10'))[0].target;
    const version = async () => Number((await rows(pool, "SELECT version FROM config_version WHERE name = 'config'"))[0].version);

    it('given the evening, the morning and a holiday then the DID rule points at night, main and xmas, bumping config_version only on a change', async () => {
      const job = businessHoursJob(pool, quietLog);
      const v0 = await version();
      expect(await job(new Date(2026, 10, 23, 20, 0))).to.equal('1 rule(s) checked, 1 switched');
      expect(await target()).to.equal('night');
      const v1 = await version();
      expect(v1).to.be.greaterThan(v0);
      expect(await job(new Date(2026, 10, 23, 21, 0))).to.equal('1 rule(s) checked, 0 switched');
      expect(await version()).to.equal(v1);
      await job(new Date(2026, 10, 24, 9, 0));
      expect(await target()).to.equal('main');
      await job(new Date(2026, 11, 25, 10, 0));
      expect(await target()).to.equal('xmas');
      expect((await rows(pool, 'SELECT mode FROM business_hours_routes WHERE dial_rule_id = 10'))[0].mode).to.equal('holiday');
    });
  });

  describe('daily report', () => {
    it('given yesterday\'s calls then each configured report is a CSV file named by the day', async () => {
      // The retention test's state row of 10 days ago would hold 1001's 2024 fixture states open
      // until 2026: years of quarter hours in the state aggregates (migration 060) for nothing here.
      await pool.query('DELETE FROM agent_state_log');
      await loadFixtures(pool);
      const folder = join(dir, 'reports');
      const job = dailyReportJob(pool, { folder, reports: ['queue-summary', 'trunk-usage'], interval: 'all', serviceLevelSec: 20 });
      expect(await job(new Date(2024, 2, 13, 0, 10))).to.equal(`2 report(s) for 2024-03-12 in ${folder}`);
      const csv = readFileSync(join(folder, '2024-03-12_queue-summary.csv'), 'utf8').split('\r\n');
      expect(csv[0]).to.match(/^interval_start,group_name,offered,answered,abandoned,/);
      expect(csv[1]).to.match(/^2024-03-12 00:00:00,sales,6,3,2,1,20,40,1,16\.7,26\.7,70,300,/);
      expect(existsSync(join(folder, '2024-03-12_trunk-usage.csv'))).to.equal(true);
      expect(() => dailyReportJob(pool, { folder, reports: ['nope'], interval: 'all', serviceLevelSec: 20 })).to.throw(/unknown report/);
    });
  });
});
