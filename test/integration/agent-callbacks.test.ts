/**
 * Scheduled callbacks from the /agent page (issue 22), in Debian's Chromium against the real
 * site: a desk-phone agent signs in, books a callback for itself a few seconds ahead and one for
 * its group, sees both in its list; at the time the agent's phone rings first ("Callback"), then
 * carrier-a receives the customer's number, and the list drops the done callback. The list is
 * the agent's own (another agent cannot read it), and a refused booking shows the API's problem.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'chai';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { RowDataPacket } from 'mysql2/promise';
import { site } from './harness/site';
import { api, apiBase } from './harness/api-client';
import { agentState, uniqueCaller } from './harness/contact-center';
import { callTestHooks } from './harness/cti';
import { until } from './harness/wait';

// Browser globals inside page.evaluate (the test's tsconfig has no DOM library).
declare const window: any;

const { phones, carrierA } = site;
const app = () => site.product.app;
const SCREENSHOT = resolve(__dirname, '../../../var/artifacts/agent-callbacks.png');

/** A local date-time as <input type="datetime-local" step="1"> takes it (the browser and the test share the host's zone). */
function localInput(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

type View = { id: string; number: string; group: string; agent: string | null; state: string };

describe('agent desktop: booking callbacks on /agent (issue 22)', function () {
  this.timeout(60000);
  let browser: Browser;
  let page: Page;
  const booked: string[] = [];

  before(async function () {
    this.timeout(30000);
    browser = await chromium.launch({
      executablePath: process.env.CC_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
    // 1001 is a desk phone: the page is its CTI desk, the calls ring on the phone.
    await page.goto(`${apiBase()}/agent`);
    await page.fill('#ext', '1001');
    await page.fill('#password', 'secret1001');
    await page.click('#signin-button');
    await page.locator('body[data-signed-in="yes"]').waitFor({ timeout: 10000 });
  });

  after(async function () {
    this.timeout(20000);
    // Nothing left to ring later: open callbacks booked here are cancelled.
    for (const id of booked) {
      const open = await api('GET', `/api/v1/callbacks/${id}`);
      if (open.status === 200) await api('DELETE', `/api/v1/callbacks/${id}`);
    }
    if (page) await page.click('#signout').catch(() => undefined);
    await browser?.close();
  });

  callTestHooks();

  it('given 1001 signed in on /agent when it books a callback for itself and one for sales then both are listed, its phone rings first at the time and the customer is called; the group one waits', async () => {
    app().agents.apply('1002', { type: 'not-ready', reason: 'test-busy' });
    await page.locator('#callback-for option[value="me:sales"]').waitFor({ state: 'attached', timeout: 5000 });
    expect(await page.locator('#callback-for option').evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value))).to.deep.equal(['me:sales', 'group:sales']);

    // A time in the past: the API's problem is shown and nothing is booked.
    await page.fill('#callback-number', '13800138000');
    await page.fill('#callback-at', localInput(Date.now() - 2 * 3600_000));
    await page.click('#callback-book');
    await page.locator('#error:not([hidden])').waitFor({ timeout: 5000 });
    expect(await page.textContent('#error')).to.contain('the time has passed');
    expect((await app().pool.query<RowDataPacket[]>("SELECT id FROM callbacks WHERE number = '13800138000' AND state = 'scheduled'"))[0]).to.have.length(0);

    // For the group, in an hour: any sales agent will take it.
    const later = uniqueCaller();
    await page.fill('#callback-number', later);
    await page.fill('#callback-at', localInput(Date.now() + 3600_000));
    await page.selectOption('#callback-for', 'group:sales');
    await page.click('#callback-book');
    await page.locator(`#callbacks tbody tr >> text=${later}`).waitFor({ timeout: 5000 });

    // For myself, a few seconds ahead.
    const number = uniqueCaller();
    const due = Date.now() + 5000;
    await page.fill('#callback-number', number);
    await page.fill('#callback-at', localInput(due));
    await page.selectOption('#callback-for', 'me:sales');
    await page.click('#callback-book');
    await page.locator(`#callbacks tbody tr >> text=${number}`).waitFor({ timeout: 5000 });
    expect(await page.textContent('#callback-result')).to.contain('for you');

    const mine = await api<{ groups: string[]; callbacks: View[] }>('GET', '/api/v1/agents/1001/callbacks', undefined, { user: '1001', password: 'secret1001' });
    expect(mine.status).to.equal(200);
    expect(mine.body.groups).to.deep.equal(['sales']);
    const rows = mine.body.callbacks.filter((c) => c.number === number || c.number === later);
    expect(rows.map((c) => [c.number, c.group, c.agent, c.state]).sort()).to.deep.equal([[later, 'sales', null, 'scheduled'], [number, 'sales', '1001', 'scheduled']].sort());
    booked.push(...rows.map((c) => c.id));
    const [stored] = await app().pool.query<RowDataPacket[]>('SELECT created_by FROM callbacks WHERE number IN (?, ?)', [number, later]);
    expect(stored.map((r) => r.created_by)).to.deep.equal(['1001', '1001']);
    expect((await api('GET', '/api/v1/agents/1001/callbacks', undefined, { user: '1002', password: 'secret1002' })).status, 'another agent\'s list').to.equal(403);
    const other = await api<{ callbacks: View[] }>('GET', '/api/v1/agents/1002/callbacks', undefined, { user: '1002', password: 'secret1002' });
    expect(other.body.callbacks.filter((c) => c.number === number || c.number === later), '1002 booked nothing and nothing is booked for it').to.have.length(0);
    mkdirSync(resolve(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // At the time: 1001 rings first, then the customer's number goes to carrier-a from the site number.
    const ring = await phones.waitForCall((c) => c.exten === '1001' && c.callerName === 'Callback' && c.callerNumber === number, 15000);
    expect(Date.now(), 'not before the booked time').to.be.at.least(due - 1000);
    expect(await carrierA.channelCount(), 'the customer is not dialled before the agent answers').to.equal(0);
    await phones.answer(ring.id);
    const customer = await carrierA.waitForCall((c) => c.exten === number, 8000);
    expect(customer.callerNumber).to.equal('02566668888');
    await carrierA.answer(customer.id);
    await until('the booked callback connected', 5000, () => agentState('1001') === 'on_call', 20);
    await carrierA.hangup(customer.id);
    await phones.waitForEnd(ring.id, 5000);

    await until('the callback done', 5000, async () => (await app().pool.query<RowDataPacket[]>('SELECT state FROM callbacks WHERE number = ?', [number]))[0][0]?.state === 'done', 100);
    await page.evaluate(() => window.agentDesktop.refreshCallbacks());
    await page.locator(`#callbacks tbody tr >> text=${number}`).waitFor({ state: 'detached', timeout: 5000 });
    expect(await page.locator(`#callbacks tbody tr[data-state="scheduled"] >> text=${later}`).count(), 'the group callback still waits for its time').to.equal(1);
  });
});
