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

  it('given Prometheus scrapes /metrics then it gets the text format with agents, links and queues; agents and anonymous callers do not', async () => {
    resetAgents();
    expect((await api('GET', '/metrics', undefined, null)).status).to.equal(401);
    expect((await api('GET', '/metrics', undefined, { user: '1001', password: await sipPassword('1001') })).status).to.equal(403);
    const res = await fetch(`${apiBase()}/metrics`, { headers: { authorization: `Bearer ${TEST_API.token.token}` } });
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
      const header = (await page.locator('#out table thead th').allTextContents()).map((t) => t.trim());
      const cells = (await row.locator('td').allTextContents()).map((t) => t.trim());
      expect(Number(cells[header.indexOf('answered')]), 'answered today in sales').to.be.at.least(1);
    });
  });
});
