/**
 * Every report metric against hand-computed values on fixture data (report-fixtures.ts), then
 * the HTTP API (JSON, CSV, validation, roles). Needs only MariaDB (database callcenter_test_reports).
 */
import { expect } from 'chai';
import type { Server } from 'node:http';
import type { Pool } from '../../src/db/pool';
import { reportVariables, type ReportInterval } from '../../src/reports/catalog';
import { runReport } from '../../src/reports/run-report';
import { reportRoutes } from '../../src/api/report-routes';
import { reportsPage } from '../../src/api/reports-page';
import { apiServer, basic, dbTestConfig, DB_TEST_USERS, freshDatabase } from './db-harness';
import { loadFixtures } from './report-fixtures';

const D1 = '2024-03-12';
const D2 = '2024-03-13';
const D3 = '2024-03-14';

describe('reports on fixture data (D4)', function () {
  this.timeout(30000);
  let pool: Pool;
  let server: Server;
  let base = '';

  before(async () => {
    pool = await freshDatabase(dbTestConfig());
    await loadFixtures(pool);
    ({ server, base } = await apiServer(reportRoutes(pool, { serviceLevelSec: 20, maxRangeDays: 400, maxIntervals: 10000 }), [reportsPage()]));
  });
  after(async () => {
    server?.close();
    await pool?.end();
  });

  const run = async (name: string, interval: ReportInterval, more: { group?: string; agent?: string; trunk?: string; slSec?: number; from?: string; to?: string } = {}) =>
    (await runReport(pool, name, reportVariables({ from: more.from ?? D1, to: more.to ?? D3, interval, slSec: more.slSec ?? 20, ...more }))).rows;

  describe('queue-summary', () => {
    it('given a day of sales calls then offered, answered, abandoned (with a 0 s abandon), SL, ASA, waits, AHT and transfers are as computed by hand', async () => {
      const rows = await run('queue-summary', 'day', { group: 'sales' });
      // Only day 1: the midnight call C6 counts on the day it started.
      expect(rows).to.have.length(1);
      expect(rows[0]).to.deep.equal({
        interval_start: `${D1} 00:00:00`, group_name: 'sales',
        offered: 6, answered: 3, abandoned: 2, unanswered_other: 1,
        avg_abandon_sec: 20, max_abandon_sec: 40, // (0 + 40) / 2
        answered_within_sl: 1, service_level_pct: 16.7, // C1 (10 s) of 6 offered
        asa_sec: 26.7, // (10 + 30 + 40) / 3
        avg_wait_sec: 70, max_wait_sec: 300, // (10 + 30 + 0 + 40 + 300 + 40) / 6
        avg_talk_sec: 340, avg_wrapup_sec: 16.7, aht_sec: 356.7, // talk (300+120+600)/3, wrap-up (30+0+20)/3
        transferred: 1,
        callbacks_offered: 0, callbacks_accepted: 0, callbacks_connected: 0, // no group with a callback key in the fixtures (report-callbacks.test.ts)
      });
    });
    it('given hourly intervals then the 09:00 and 23:00 hours carry their own calls', async () => {
      const rows = await run('queue-summary', 'hour', { group: 'sales' });
      expect(rows.map((r) => r.interval_start)).to.deep.equal([`${D1} 09:00:00`, `${D1} 23:00:00`]);
      expect(rows[0]).to.include({ offered: 5, answered: 2, abandoned: 2, unanswered_other: 1, service_level_pct: 20, asa_sec: 20, avg_wait_sec: 76, max_wait_sec: 300, aht_sec: 225 });
      expect(rows[1]).to.include({ offered: 1, answered: 1, abandoned: 0, service_level_pct: 0, asa_sec: 40, avg_wait_sec: 40, aht_sec: 620, avg_abandon_sec: null });
    });
    it('given a call answered exactly at the threshold then it is within the service level; a lower slSec moves it out', async () => {
      expect((await run('queue-summary', 'all', { group: 'support' }))[0]).to.include({ offered: 1, answered: 1, service_level_pct: 100, asa_sec: 20, aht_sec: 60 });
      expect((await run('queue-summary', 'all', { group: 'support', slSec: 19 }))[0]).to.include({ answered_within_sl: 0, service_level_pct: 0 });
    });
    it('given waits with milliseconds then every seconds column has one decimal (maxima as averages)', async () => {
      const day = '2024-06-03';
      const guids = ['00000000-0000-4000-8000-00000000a001', '00000000-0000-4000-8000-00000000a002'];
      for (const [i, wait] of [[0, 6.653], [1, 3.2]] as const) {
        await pool.execute(`INSERT INTO call_records (guid, direction, caller, callee, group_name, status, started_at, queued_at, ended_at, ring_sec, wait_sec, talk_sec, hangup_by, end_reason)
          VALUES (?, 'inbound', '13800000001', '02566668888', 'sales', 13, ?, ?, ?, 0, ?, 0, 'caller', 'normal')`, [guids[i], `${day} 10:00:0${i}`, `${day} 10:00:0${i}`, `${day} 10:00:1${i}`, wait]);
      }
      try {
        const [row] = await run('queue-summary', 'day', { from: day, to: '2024-06-04' });
        expect(row).to.include({ avg_abandon_sec: 4.9, max_abandon_sec: 6.7, avg_wait_sec: 4.9, max_wait_sec: 6.7 });
      } finally {
        await pool.query('DELETE FROM call_records WHERE guid IN (?)', [guids]);
      }
    });
    it('given no group filter then each group has its row, in 15-minute intervals too', async () => {
      const rows = await run('queue-summary', 'all');
      expect(rows.map((r) => [r.group_name, r.offered])).to.deep.equal([['sales', 6], ['support', 1]]);
      const quarter = await run('queue-summary', '15m', { group: 'sales' });
      expect(quarter.map((r) => [r.interval_start, r.offered])).to.deep.equal([
        [`${D1} 09:00:00`, 2], [`${D1} 09:15:00`, 1], [`${D1} 09:30:00`, 2], [`${D1} 23:45:00`, 1],
      ]);
    });
  });

  describe('agent-activity', () => {
    it('given an agent logged in across the 08:00/09:00 boundary then each hour gets its part of the login and ready time', async () => {
      const rows = (await run('agent-activity', 'hour', { agent: '1001', to: D2 }));
      expect(rows.map((r) => String(r.interval_start).slice(11, 13))).to.deep.equal(['08', '09', '10', '14', '23']);
      const byHour = Object.fromEntries(rows.map((r) => [String(r.interval_start).slice(11, 13), r]));
      expect(byHour['08']).to.include({ login_sec: 600, ready_sec: 600, on_call_sec: 0, occupancy_pct: 0, calls_handled: 0 });
      expect(byHour['09']).to.deep.include({
        login_sec: 3600, ready_sec: 2365, not_ready_sec: 900, ringing_sec: 5, on_call_sec: 300, wrapup_sec: 30,
        occupancy_pct: 12.2, inbound_answered: 1, outbound_calls: 0, calls_handled: 1, aht_sec: 330, // (300 + 30) / (2365 + 5 + 300 + 30)
      });
      expect(byHour['10']).to.include({ login_sec: 600, ready_sec: 600 });
      expect(byHour['14']).to.include({ login_sec: 0, outbound_calls: 2, calls_handled: 2, occupancy_pct: null, aht_sec: null });
      expect(byHour['23']).to.include({ login_sec: 600, ready_sec: 585, ringing_sec: 5, on_call_sec: 10, occupancy_pct: 1.7, inbound_answered: 1, aht_sec: 620 });
    });
    it('given a call over midnight then its talk state is split between the days and the call counts on day 1', async () => {
      const rows = await run('agent-activity', 'day', { agent: '1001' });
      expect(rows).to.have.length(2);
      expect(rows[0]).to.deep.include({
        interval_start: `${D1} 00:00:00`, login_sec: 5400, ready_sec: 4150, not_ready_sec: 900, ringing_sec: 10, on_call_sec: 310, wrapup_sec: 30,
        occupancy_pct: 7.6, inbound_answered: 2, outbound_calls: 2, internal_answered: 0, calls_handled: 4, transferred: 0, aht_sec: 475,
      });
      expect(rows[1]).to.deep.include({
        interval_start: `${D2} 00:00:00`, login_sec: 1800, ready_sec: 1190, on_call_sec: 590, wrapup_sec: 20, occupancy_pct: 33.9, calls_handled: 0, aht_sec: null,
      });
    });
    it('given every agent then transfers, outbound and internal calls are credited to who made or took them', async () => {
      const rows = await run('agent-activity', 'all');
      expect(rows.map((r) => r.agent)).to.deep.equal(['1001', '1002', '1003']);
      expect(rows[1]).to.include({ login_sec: 1200, ready_sec: 1075, ringing_sec: 5, on_call_sec: 120, occupancy_pct: 10, inbound_answered: 1, outbound_calls: 1, internal_answered: 1, calls_handled: 3, transferred: 1, aht_sec: 120 });
      expect(rows[2]).to.include({ login_sec: 0, inbound_answered: 1, calls_handled: 1, aht_sec: 60, occupancy_pct: null });
    });
  });

  describe('trunk-usage', () => {
    it('given inbound and outbound calls then calls, answers, failures and minutes per trunk are as computed by hand', async () => {
      const rows = await run('trunk-usage', 'day');
      expect(rows).to.deep.equal([
        { interval_start: `${D1} 00:00:00`, trunk: 'carrier-a', calls: 10, inbound: 9, outbound: 1, answered: 5, outbound_failed: 0, outbound_failed_pct: 0, outbound_abandoned: 0, occupied_min: 29.1, talk_min: 20, avg_talk_sec: 240 },
        { interval_start: `${D1} 00:00:00`, trunk: 'carrier-b', calls: 2, inbound: 0, outbound: 2, answered: 0, outbound_failed: 1, outbound_failed_pct: 50, outbound_abandoned: 1, occupied_min: 0.6, talk_min: 0, avg_talk_sec: null },
      ]);
      expect((await run('trunk-usage', 'all', { trunk: 'carrier-b' })).map((r) => r.calls)).to.deep.equal([2]);
    });
  });

  describe('survey-scores', () => {
    it('given survey answers then average and distribution per group and agent, counted when the answer was given', async () => {
      const rows = await run('survey-scores', 'day');
      expect(rows.map((r) => [r.interval_start, r.group_name, r.agent, r.responses, r.avg_score, r.score_2, r.score_4, r.score_5])).to.deep.equal([
        [`${D1} 00:00:00`, 'sales', '1001', 1, 5, 0, 0, 1],
        [`${D1} 00:00:00`, 'support', '1003', 1, 4, 0, 1, 0],
        [`${D2} 00:00:00`, 'sales', '1001', 1, 2, 1, 0, 0], // C6 ended (and was scored) after midnight
      ]);
      const sales = await run('survey-scores', 'all', { group: 'sales' });
      expect(sales[0]).to.include({ responses: 2, avg_score: 3.5, score_1: 0, score_2: 1, score_3: 0, score_4: 0, score_5: 1 });
    });
  });

  describe('ivr-only', () => {
    it('given two calls that ended in the IVR then they are counted with their IVR time', async () => {
      expect(await run('ivr-only', 'day')).to.deep.equal([
        { interval_start: `${D1} 00:00:00`, flow: 'main', trunk: 'carrier-a', calls: 2, caller_hung_up: 2, avg_ivr_sec: 30, max_ivr_sec: 45 },
      ]);
    });
  });

  describe('queue-log', () => {
    it('given queue_log rows then app_queue\'s counts per day agree with queue-summary', async () => {
      const rows = await run('queue-log', 'day');
      expect(rows).to.deep.equal([
        { interval_start: `${D1} 00:00:00`, group_name: 'sales', entered: 4, connected: 2, abandoned: 2, timed_out: 0, ring_no_answer: 1, avg_hold_sec: 25, max_hold_sec: 40, avg_abandon_sec: 20, avg_talk_sec: 300 },
        { interval_start: `${D2} 00:00:00`, group_name: 'sales', entered: 0, connected: 0, abandoned: 0, timed_out: 0, ring_no_answer: 0, avg_hold_sec: null, max_hold_sec: null, avg_abandon_sec: null, avg_talk_sec: 600 },
      ]);
    });
  });

  describe('HTTP API', () => {
    const sup = () => basic(DB_TEST_USERS.supervisor.name, DB_TEST_USERS.supervisor.password);
    const get = async (path: string, headers: Record<string, string> = sup()) => {
      const res = await fetch(`${base}${path}`, { headers });
      const text = await res.text();
      return { status: res.status, type: res.headers.get('content-type') ?? '', text, json: () => JSON.parse(text) };
    };

    it('given a supervisor then the report answers JSON with its parameters, columns and rows', async () => {
      const r = await get(`/api/v1/reports/queue-summary?from=${D1}&to=${D2}&interval=day&group=sales&slSec=20`);
      expect(r.status).to.equal(200);
      const body = r.json();
      expect(body.parameters).to.deep.equal({ from: `${D1} 00:00:00`, to: `${D2} 00:00:00`, interval: 'day', group: 'sales', agent: null, trunk: null, slSec: 20 });
      expect(body.columns[0]).to.equal('interval_start');
      expect(body.rows[0]).to.include({ offered: 6, abandoned: 2, service_level_pct: 16.7 });
    });
    it('given every report then the SQL answers exactly the columns the list describes (headings and units for the page)', async () => {
      const list = get('/api/v1/reports');
      const reports = (await list).json().reports as { name: string; columns: { name: string; heading: string; unit: string }[] }[];
      for (const r of reports) {
        const body = (await get(`/api/v1/reports/${r.name}?from=${D1}&to=${D3}&interval=day`)).json();
        expect(r.columns.map((c) => c.name), r.name).to.deep.equal(body.columns);
      }
      expect(reports.find((r) => r.name === 'queue-summary')!.columns.find((c) => c.name === 'service_level_pct')).to.deep.equal({ name: 'service_level_pct', heading: 'Service level', unit: '%' });
    });
    it('given format=csv or Accept: text/csv then the same rows come as CSV', async () => {
      const a = await get(`/api/v1/reports/trunk-usage?from=${D1}&to=${D2}&format=csv`);
      expect(a.type).to.match(/^text\/csv/);
      const lines = a.text.trim().split('\r\n');
      expect(lines[0]).to.equal('interval_start,trunk,calls,inbound,outbound,answered,outbound_failed,outbound_failed_pct,outbound_abandoned,occupied_min,talk_min,avg_talk_sec');
      expect(lines[2]).to.equal(`${D1} 00:00:00,carrier-b,2,0,2,0,1,50,1,0.6,0,`);
      const b = await get(`/api/v1/reports/trunk-usage?from=${D1}&to=${D2}`, { ...sup(), accept: 'text/csv' });
      expect(b.text).to.equal(a.text);
    });
    it('given SQL-ish, impossible or misplaced parameters then 400 names each problem and nothing runs', async () => {
      const bad = async (q: string) => {
        const r = await get(`/api/v1/reports/queue-summary?${q}`);
        expect(r.status, q).to.equal(400);
        return (r.json().error.details.problems as string[]).join('; ');
      };
      expect(await bad(`from=${D1}&to=${D2}&group=${encodeURIComponent("sales' OR '1'='1")}`)).to.match(/^group:/);
      expect(await bad(`from=${D1}&to=${D2}&slSec=1;DROP`)).to.match(/^slSec:/);
      expect(await bad('from=2024-02-30&to=2024-03-01')).to.match(/from: not a real date/);
      expect(await bad(`from=${D2}&to=${D1}`)).to.match(/to: must be after from/);
      expect(await bad(`from=${D1}&to=${D2}&agent=1001`)).to.match(/cannot be filtered by agent/);
      expect(await bad('from=2024-01-01&to=2024-12-31&interval=15m')).to.match(/more than 10000 intervals/);
      expect(await bad(`from=${D1}&to=${D2}&interval=week`)).to.match(/^interval:/);
      expect(await bad(`from=${D1}&to=${D2}&order=1`)).to.match(/unrecognized key/i);
      expect(await bad(`to=${D2}`), 'a missing parameter is named as such').to.equal('from: required');
    });
    it('given an unknown report, group, agent or trunk then 404 with the id of what is unknown, not an empty 200', async () => {
      const notFound = async (path: string, id: string) => {
        const r = await get(path);
        expect(r.status, path).to.equal(404);
        expect(r.json().error.id, path).to.equal(id);
        return r.json().error.message as string;
      };
      expect(await notFound(`/api/v1/reports/nope?from=${D1}&to=${D2}`, 'unknown-report')).to.contain('queue-summary');
      expect(await notFound(`/api/v1/reports/queue-summary?from=${D1}&to=${D2}&group=nosuch`, 'unknown-group')).to.contain('"nosuch"');
      await notFound(`/api/v1/reports/agent-activity?from=${D1}&to=${D2}&agent=9999`, 'unknown-agent');
      await notFound(`/api/v1/reports/trunk-usage?from=${D1}&to=${D2}&trunk=nosuch`, 'unknown-trunk');
      // Known from the records alone (the fixtures configure nothing): 200.
      expect((await get(`/api/v1/reports/queue-summary?from=${D1}&to=${D2}&group=sales`)).status).to.equal(200);
      expect((await get(`/api/v1/reports/agent-activity?from=${D1}&to=${D2}&agent=1001`)).status).to.equal(200);
    });
    it('given the reports page then /reports and /reports.js are served behind the credentials', async () => {
      const page = await get('/reports');
      expect(page.status).to.equal(200);
      expect(page.type).to.match(/^text\/html/);
      expect(page.text).to.include('<script src="/reports.js">');
      const js = await get('/reports.js');
      expect(js.type).to.match(/javascript/);
      expect(js.text).to.include('/api/v1/reports/');
      expect((await get('/reports', {})).status).to.equal(401);
    });
    it('given an agent or no credentials then the reports are refused', async () => {
      expect((await get(`/api/v1/reports/queue-summary?from=${D1}&to=${D2}`, basic('1001', 'secret1001'))).status).to.equal(403);
      expect((await get(`/api/v1/reports/queue-summary?from=${D1}&to=${D2}`, {})).status).to.equal(401);
      expect((await get('/api/v1/reports')).json().reports.map((r: { name: string }) => r.name)).to.include('agent-activity');
    });
  });
});
