/**
 * The live dashboard (T4) in a real browser (Debian's Chromium driven by playwright-core), the
 * statistics route and Prometheus metrics (T5), during a real call.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'chai';
import { chromium, type Browser, type Page } from 'playwright-core';
import { site } from './harness/site';
import { api, apiBase } from './harness/api-client';
import { changeConfig, resetAgents, restoreDemoConfig, uniqueCaller } from './harness/contact-center';
import { TEST_API } from './harness/product';
import { hangUpEverything } from './harness/cti';

// The page.evaluate callbacks run in Chromium; this project compiles without the DOM library, so
// the few browser globals they use are declared for this file only.
declare const document: any;
declare const window: { innerWidth: number };
declare function getComputedStyle(e: unknown): { color: string; backgroundColor: string; fontSize: string };

const { phones, carrierA } = site;
const ARTIFACTS = resolve(__dirname, '../../../var/artifacts');
const sipPassword = async (ext: string) => ((await site.product.app.pool.query('SELECT password FROM sip_accounts WHERE extension = ?', [ext])) as [{ password: string }[], unknown])[0][0].password;

describe('dashboard, statistics and metrics (T4, T5)', function () {
  this.timeout(60000);

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await hangUpEverything();
  });

  it('given credentials then statistics answer agents by state, groups with today\'s figures and trunks; without them 401', async () => {
    resetAgents();
    expect((await api('GET', '/api/v1/statistics', undefined, null)).status).to.equal(401);
    const agent = { user: '1002', password: await sipPassword('1002') };
    const res = await api<{ agents: { total: number; byState: Record<string, number> }; groups: { group: string; offered: number }[]; trunks: { trunk: string; reachable: boolean }[] }>('GET', '/api/v1/statistics', undefined, agent);
    expect(res.status).to.equal(200);
    expect(res.body.agents.total).to.equal(4);
    expect(res.body.agents.byState.ready).to.equal(4);
    expect(res.body.groups.map((g) => g.group).sort()).to.deep.equal(['sales', 'support']);
    expect(res.body.trunks.find((t) => t.trunk === 'carrier-a')?.reachable).to.equal(true);
    expect((await api('GET', '/api/v1/dashboard/state', undefined, agent)).status, 'the floor is for supervisors').to.equal(403);
    expect((await api('GET', '/api/v1/statistics?x=1')).status, 'unknown query parameter').to.equal(400);
  });

  it('given a supervisor asks for today\'s intervals then each group has every interval from 00:00 to now; agents may not, and an odd interval is a 400', async () => {
    type Intervals = { interval: string; minutes: number; serviceLevelSec: number; serviceLevelTargetPct: number; groups: { group: string; intervals: { start: string; offered: number; serviceLevel: number | null }[] }[] };
    const now = new Date();
    const res = await api<Intervals>('GET', '/api/v1/dashboard/intervals?interval=30m');
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ interval: '30m', minutes: 30, serviceLevelTargetPct: 80 });
    expect(res.body.groups.map((g) => g.group).sort()).to.deep.equal(['sales', 'support']);
    for (const g of res.body.groups) {
      expect(g.intervals[0].start).to.equal('00:00');
      // The last interval is the one holding now (allow for a half-hour turning during the request).
      expect(g.intervals.length).to.be.within(Math.floor((now.getHours() * 60 + now.getMinutes()) / 30) + 1, Math.floor((now.getHours() * 60 + now.getMinutes()) / 30) + 2);
    }
    expect((await api<Intervals>('GET', '/api/v1/dashboard/intervals')).body.minutes, 'default 15 minutes').to.equal(15);
    expect((await api('GET', '/api/v1/dashboard/intervals?interval=20m')).status).to.equal(400);
    expect((await api('GET', '/api/v1/dashboard/intervals', undefined, { user: '1001', password: await sipPassword('1001') })).status).to.equal(403);
  });

  it('given Prometheus scrapes /metrics then it gets the text format with agents, links and queues; agents and anonymous callers do not', async () => {
    resetAgents();
    expect((await api('GET', '/metrics', undefined, null)).status).to.equal(401);
    expect((await api('GET', '/metrics', undefined, { user: '1001', password: await sipPassword('1001') })).status).to.equal(403);
    const res = await fetch(`${apiBase()}/metrics`, { headers: { authorization: `Bearer ${TEST_API.monitor.token}` } });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/plain/);
    const text = await res.text();
    expect(text).to.match(/^cc_agents\{state="ready"\} 4$/m);
    expect(text).to.match(/^cc_link_up\{link="ari"\} 1$/m);
    expect(text).to.match(/^cc_link_up\{link="mysql"\} 1$/m);
    expect(text).to.match(/^cc_queue_waiting\{group="sales"\} 0$/m);
    expect(text).to.match(/^cc_trunk_reachable\{trunk="carrier-a"\} 1$/m);
    expect(text).to.match(/^cc_process_resident_memory_bytes \d+/m);
  });

  describe('in a browser', () => {
    let browser: Browser;
    let page: Page;

    before(async function () {
      this.timeout(30000);
      browser = await chromium.launch({
        executablePath: process.env.CC_CHROMIUM ?? '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
      const context = await browser.newContext({ httpCredentials: { username: TEST_API.supervisor.name, password: TEST_API.supervisor.password }, viewport: { width: 1400, height: 900 } });
      page = await context.newPage();
    });

    after(async function () {
      this.timeout(20000);
      await browser?.close();
      await restoreDemoConfig();
    });

    it('given a supervisor watches then agent 1001 goes ringing -> on call -> wrap-up -> ready during a real call, and the sales group counts the answer', async () => {
      await changeConfig("UPDATE agent_groups SET wrapup_sec = 4 WHERE name = 'sales'");
      resetAgents(['1001', '1002', '1003', '1004']);
      await page.goto(`${apiBase()}/dashboard`);
      const state = (s: string) => page.locator(`#agents tr[data-agent="1001"] td.state[data-state="${s}"]`);
      await state('ready').waitFor({ timeout: 5000 });
      await page.locator('#link[data-link="live"]').waitFor({ timeout: 5000 });
      const answeredBefore = Number(await page.locator('#groups tr[data-group="sales"] td.answered').textContent());

      const number = uniqueCaller();
      const caller = await carrierA.call('PJSIP/02566668888@product', { callerId: `<${number}>` });
      await carrierA.waitForAnswer(caller, 5000);
      await carrierA.sendDtmf(caller, '1');
      const agent = await phones.waitForCall((c) => c.exten === '1001', 5000);
      await state('ringing').waitFor({ timeout: 3000 });
      await phones.answer(agent.id);
      await state('on_call').waitFor({ timeout: 3000 });
      expect(await page.locator('#agents tr[data-agent="1001"] td.call').textContent()).to.contain(number);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: resolve(ARTIFACTS, 'dashboard.png'), fullPage: true });
      await carrierA.hangup(caller);
      await phones.waitForEnd(agent.id);
      await state('wrap_up').waitFor({ timeout: 3000 });
      await page.locator(`#groups tr[data-group="sales"] td.answered:text-is("${answeredBefore + 1}")`).waitFor({ timeout: 3000 });
      await state('ready').waitFor({ timeout: 8000 });
    });

    it('given that call then the reports page shows it in today\'s queue summary for sales', async () => {
      await site.product.app.records.flush();
      await page.goto(`${apiBase()}/reports`);
      await page.locator('#name option[value="queue-summary"]').waitFor({ state: 'attached', timeout: 5000 });
      await page.selectOption('#name', 'queue-summary');
      await page.click('[data-range="today"]');
      const row = page.locator('#out table tbody tr', { hasText: 'sales' }).first();
      await row.waitFor({ timeout: 5000 });
      expect(Number(await row.locator('td[data-column="answered"]').textContent()), 'answered today in sales').to.be.at.least(1);
    });

    it('given the reports page then a filter the report does not take is not shown and not sent; one it takes is applied', async () => {
      await page.setViewportSize({ width: 1400, height: 900 });
      await page.goto(`${apiBase()}/reports`);
      await page.locator('#name option[value="agent-activity"]').waitFor({ state: 'attached', timeout: 5000 });
      await page.selectOption('#name', 'agent-activity');
      expect(await page.locator('label[data-filter="agent"]').isVisible(), 'agent-activity takes agent').to.equal(true);
      expect(await page.locator('label[data-filter="group"]').isVisible()).to.equal(false);
      expect(await page.locator('label[data-sl]').isVisible()).to.equal(false);
      await page.fill('#agent', '1001');
      await page.selectOption('#interval', 'all');
      let asked = page.waitForRequest((r) => r.url().includes('/api/v1/reports/agent-activity'));
      await page.click('[data-range="today"]');
      expect(new URL((await asked).url()).searchParams.get('agent')).to.equal('1001');
      await page.locator('#status:has-text("row(s)")').waitFor({ timeout: 5000 });
      const agents = (await page.locator('#out td[data-column="agent"]').allTextContents()).map((t) => t.trim());
      expect(agents.length).to.be.at.least(1);
      expect([...new Set(agents)], 'only agent 1001').to.deep.equal(['1001']);

      // queue-summary has no agent filter: the field (still holding 1001) is hidden, not silently dropped in view.
      await page.selectOption('#name', 'queue-summary');
      expect(await page.locator('label[data-filter="agent"]').isVisible(), 'agent filter hidden on queue-summary').to.equal(false);
      expect(await page.locator('label[data-filter="trunk"]').isVisible()).to.equal(false);
      expect(await page.locator('label[data-filter="group"]').isVisible()).to.equal(true);
      expect(await page.locator('label[data-sl]').isVisible()).to.equal(true);
      asked = page.waitForRequest((r) => r.url().includes('/api/v1/reports/queue-summary'));
      await page.click('button[type="submit"]');
      expect(new URL((await asked).url()).searchParams.has('agent'), 'no agent sent to queue-summary').to.equal(false);
      await page.locator('#out table[data-report="queue-summary"] td[data-column="group_name"]').first().waitFor({ timeout: 5000 });
      expect(await page.locator('#params').textContent()).to.contain('group all');
    });

    it('given each report then its columns have readable headings with units and the page does not scroll sideways at 1366 and 1400 px', async () => {
      for (const width of [1366, 1400]) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${apiBase()}/reports`);
        await page.locator('#name option[value="queue-summary"]').waitFor({ state: 'attached', timeout: 5000 });
        for (const name of ['queue-summary', 'agent-activity', 'trunk-usage', 'survey-scores', 'ivr-only', 'queue-log']) {
          await page.selectOption('#name', name);
          await page.click('[data-range="today"]');
          await page.locator(`#out table[data-report="${name}"] th[data-column="interval_start"]`).waitFor({ timeout: 5000 });
          const headings = await page.locator('#out th').evaluateAll((ths) => ths.map((th) => ({ column: th.getAttribute('data-column')!, text: th.textContent!.trim() })));
          for (const h of headings) expect(h.text, `${name}: heading of ${h.column}`).to.not.match(/_/);
          if (width === 1366 && ['queue-summary', 'agent-activity'].includes(name)) await page.screenshot({ path: resolve(ARTIFACTS, `reports-${name}.png`), fullPage: true });
          const size = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, inner: window.innerWidth, wrap: document.querySelector('.table-wrap')!.scrollWidth, wrapBox: document.querySelector('.table-wrap')!.clientWidth }));
          expect(size.doc, `${name} at ${width} px: page scroll width`).to.be.at.most(size.inner);
          expect(size.wrap, `${name} at ${width} px: the table fits its box`).to.be.at.most(size.wrapBox);
          if (name === 'queue-summary') {
            const byColumn = new Map(headings.map((h) => [h.column, h.text]));
            expect(byColumn.get('service_level_pct')).to.equal('Service level(%)'); // the unit on its own line
            expect(byColumn.get('asa_sec')).to.equal('ASA(s)');
            expect(byColumn.get('group_name')).to.equal('Group');
          }
          if (name === 'agent-activity') {
            expect(await page.locator('#out td[data-column="login_sec"]').first().textContent()).to.match(/^\d+:\d\d:\d\d$/);
          }
        }
      }
    });

    it('given the dashboard at 1366, 1920 and 2560 px then nothing scrolls sideways, every Groups heading is visible in its card and the charts draw today\'s calls', async () => {
      resetAgents();
      const snapshot = (await api<{ groups: { today: { offered: number } }[] }>('GET', '/api/v1/dashboard/state')).body;
      const offeredToday = snapshot.groups.reduce((n, g) => n + g.today.offered, 0);
      expect(offeredToday, 'the call of the first test').to.be.at.least(1);
      for (const width of [1366, 1920, 2560]) {
        await page.setViewportSize({ width, height: width > 2000 ? 1440 : width > 1500 ? 1080 : 768 });
        await page.goto(`${apiBase()}/dashboard`);
        await page.locator('#groups tr[data-group="sales"]').waitFor({ timeout: 5000 });
        await page.locator('#chart-volume g.bar').first().waitFor({ timeout: 5000 });
        const layout = await page.evaluate(() => {
          const card = document.querySelector('#groups-card')!;
          const box = card.getBoundingClientRect();
          const headers = [...document.querySelectorAll('#groups thead th')].map((th) => {
            const r = th.getBoundingClientRect();
            const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            return { text: th.textContent!.trim(), inside: r.left >= box.left && r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom && r.width > 0, onTop: !!hit && th.contains(hit) };
          });
          return { doc: document.documentElement.scrollWidth, inner: window.innerWidth, cardScroll: card.scrollWidth, cardWidth: card.clientWidth, headers };
        });
        expect(layout.doc, `page scroll width at ${width} px`).to.be.at.most(layout.inner);
        expect(layout.cardScroll, `Groups table fits its card at ${width} px`).to.be.at.most(layout.cardWidth);
        expect(layout.headers.map((h) => h.text)).to.deep.equal(['Group', 'Waiting', 'Longest wait', 'Ready agents', 'Offered today', 'Answered', 'Abandoned', 'Service level', 'ASA', 'Callbacks']);
        for (const h of layout.headers) {
          expect(h.inside, `"${h.text}" inside the Groups card at ${width} px`).to.equal(true);
          expect(h.onTop, `"${h.text}" not covered at ${width} px`).to.equal(true);
        }
        const bars = await page.locator('#chart-volume g.bar').evaluateAll((gs) => gs.map((g) => ({ offered: Number(g.getAttribute('data-offered')), rects: g.querySelectorAll('rect').length })));
        expect(bars.reduce((n, b) => n + b.offered, 0), 'the bars add up to today\'s offered calls').to.equal(offeredToday);
        for (const b of bars) expect(b.rects).to.be.at.least(1);
        expect(await page.locator('#chart-sl circle.point').count(), 'service level points').to.be.at.least(1);
        expect(await page.locator('#chart-sl line.target').count(), 'the target line').to.equal(1);
        await page.screenshot({ path: resolve(ARTIFACTS, `dashboard-${width}.png`), fullPage: true });
      }
    });

    it('given agents not ready and logged out then they show in different colours, and the support group with no ready agent is highlighted', async () => {
      resetAgents();
      const agents = site.product.app.agents;
      agents.apply('1003', { type: 'not-ready', reason: 'lunch' });
      agents.apply('1004', { type: 'logout' });
      try {
        await page.setViewportSize({ width: 1400, height: 900 });
        await page.goto(`${apiBase()}/dashboard`);
        const notReady = page.locator('#agents tr[data-agent="1003"] td.state[data-state="not_ready"]');
        const loggedOut = page.locator('#agents tr[data-agent="1004"] td.state[data-state="logged_out"]');
        await notReady.waitFor({ timeout: 5000 });
        await loggedOut.waitFor({ timeout: 5000 });
        const color = (l: typeof notReady) => l.evaluate((e) => getComputedStyle(e).color);
        expect(await color(notReady), 'not ready and logged out differ').to.not.equal(await color(loggedOut));
        expect(await color(notReady), 'not ready and ready differ').to.not.equal(await color(page.locator('#agents tr[data-agent="1001"] td.state')));
        const support = page.locator('#groups tr[data-group="support"]');
        await page.locator('#groups tr[data-group="support"][data-alert]').waitFor({ timeout: 5000 });
        expect(await support.locator('.badge').textContent()).to.equal('no ready agent');
        expect(await page.locator('#groups tr[data-group="sales"]').getAttribute('data-alert'), 'sales has ready agents').to.equal(null);
        const bg = (group: string) => page.locator(`#groups tr[data-group="${group}"] td.waiting`).evaluate((e) => getComputedStyle(e).backgroundColor);
        expect(await bg('support')).to.not.equal(await bg('sales'));
        await page.goto(`${apiBase()}/dashboard?view=wallboard`);
        await page.locator('#wallboard .tile[data-group="support"][data-alert="no-ready"]').waitFor({ timeout: 5000 });
        expect(await page.locator('#wallboard .tile[data-group="sales"]').getAttribute('data-alert')).to.equal(null);
        expect(await page.locator('#wb-agents .wb-state[data-state="not_ready"] b').textContent()).to.equal('1');
        expect(await page.locator('#wb-agents .wb-state[data-state="logged_out"] b').textContent()).to.equal('1');
      } finally {
        resetAgents();
      }
    });

    it('given the app refuses the page\'s requests then the dashboard says so instead of "connecting..." forever', async () => {
      const context = page.context();
      const refused = await context.newPage();
      try {
        await refused.route('**/api/v1/**', (r) => r.abort('connectionrefused'));
        await refused.goto(`${apiBase()}/dashboard`);
        await refused.locator('#error:visible').waitFor({ timeout: 5000 });
        expect(await refused.locator('#error').textContent()).to.match(/Cannot load the floor: request failed .*is the app running\?/);
        expect(await refused.locator('#error').textContent()).to.contain('Cannot open the event stream');
        await refused.locator('#link:text-is("no live events")').waitFor({ timeout: 5000 });

        // An HTTP refusal (403) shows the API's own message.
        await refused.unroute('**/api/v1/**');
        await refused.route('**/api/v1/dashboard/state', (r) => r.fulfill({ status: 403, contentType: 'application/json', body: JSON.stringify({ error: { id: 'forbidden', message: 'this needs the role supervisor', details: {} } }) }));
        await refused.goto(`${apiBase()}/dashboard`);
        await refused.locator('#error:text-matches("HTTP 403 this needs the role supervisor")').waitFor({ timeout: 5000 });
        // It clears once the app answers again.
        await refused.unroute('**/api/v1/dashboard/state');
        await refused.locator('#error').waitFor({ state: 'hidden', timeout: 5000 });
        await refused.locator('#groups tr[data-group="sales"]').waitFor({ timeout: 5000 });
      } finally {
        await refused.close();
      }
    });

    it('given the wallboard view then each group shows its figures in big type at 1366, 1920 and 2560 px without sideways scrolling', async () => {
      resetAgents();
      for (const width of [1366, 1920, 2560]) {
        await page.setViewportSize({ width, height: width > 2000 ? 1440 : width > 1500 ? 1080 : 768 });
        await page.goto(`${apiBase()}/wallboard`);
        expect(new URL(page.url()).search).to.equal('?view=wallboard');
        await page.locator('#wallboard .tile[data-group="sales"]').waitFor({ timeout: 5000 });
        expect(await page.locator('#floor').isVisible(), 'the tables are not on the wallboard').to.equal(false);
        const stats = (await api<{ groups: { group: string; waiting: number; agentsReady: number; offered: number; answered: number; abandoned: number; serviceLevel: number | null }[] }>('GET', '/api/v1/statistics')).body;
        for (const g of stats.groups) {
          const fig = (name: string) => page.locator(`#wallboard .tile[data-group="${g.group}"] [data-figure="${name}"] b`).textContent();
          expect(await fig('waiting'), `${g.group} waiting`).to.equal(String(g.waiting));
          expect(await fig('ready'), `${g.group} ready`).to.equal(String(g.agentsReady));
          expect(await fig('offered'), `${g.group} offered`).to.equal(String(g.offered));
          expect(await fig('answered'), `${g.group} answered`).to.equal(String(g.answered));
          expect(await fig('abandoned'), `${g.group} abandoned`).to.equal(String(g.abandoned));
          expect(await fig('service-level'), `${g.group} service level`).to.equal(g.serviceLevel === null ? '-' : `${Math.round(g.serviceLevel * 100)}%`);
          expect(await fig('longest-wait')).to.match(/^\d+:\d\d$/);
        }
        expect(await page.locator('#wb-agents .wb-state[data-state="ready"] b').textContent()).to.equal('4');
        const layout = await page.evaluate(() => ({
          doc: document.documentElement.scrollWidth, inner: window.innerWidth,
          waitingPx: parseFloat(getComputedStyle(document.querySelector('.tile [data-figure="waiting"] b')!).fontSize),
          clipped: [...document.querySelectorAll('.tile')].some((t) => t.scrollWidth > t.clientWidth),
        }));
        expect(layout.doc, `page scroll width at ${width} px`).to.be.at.most(layout.inner);
        expect(layout.clipped, `a tile overflows at ${width} px`).to.equal(false);
        expect(layout.waitingPx, 'big figures').to.be.at.least(48);
        await page.screenshot({ path: resolve(ARTIFACTS, `wallboard-${width}.png`), fullPage: true });
      }
    });
  });
});
