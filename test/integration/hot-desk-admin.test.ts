/**
 * Hot-desking agent IDs on the web admin, in a real Chromium (issue 19): the "Agent IDs" page
 * lists the demo's 20011 with its groups; the PIN field is hidden and empty (the hash is never
 * shown); a new PIN typed there and saved replaces the hash (the new PIN logs in, the old one no
 * longer does), and a bad PIN is refused with the problem and nothing changes. Screenshot
 * var/artifacts/admin-agent-ids.png (docs/images/admin-agent-ids.png).
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { RowDataPacket } from 'mysql2/promise';
import { site } from './harness/site';
import { TEST_API } from './harness/product';
import { restoreDemoConfig } from './harness/contact-center';
import { pinMatches } from '../../src/hotdesk/pin';

const ARTIFACTS = join(__dirname, '../../../var/artifacts');

describe('web admin: agent IDs for hot-desking (issue 19)', function () {
  this.timeout(60000);
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const base = () => `http://${site.product.config.http.host}:${site.product.config.http.port}`;
  const row = async () => (await site.product.app.pool.query<RowDataPacket[]>("SELECT name, pin_hash, enabled FROM agent_ids WHERE agent_id = '20011'"))[0][0];

  before(async function () {
    this.timeout(30000);
    await restoreDemoConfig(); // agent ID 20011 of the demo seed
    browser = await chromium.launch({ executablePath: process.env.CC_CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    const context = await browser.newContext({ httpCredentials: { username: TEST_API.admin.name, password: TEST_API.admin.password }, viewport: { width: 1366, height: 768 } });
    page = await context.newPage();
    page.setDefaultTimeout(10000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error' && !m.text().includes('400')) pageErrors.push(m.text()); });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await page.screenshot({ path: join(ARTIFACTS, 'hot-desk-admin-failure.png') }).catch(() => {});
      process.stdout.write(`      page errors: ${JSON.stringify(pageErrors)}\n`);
    }
  });
  after(async function () {
    this.timeout(30000);
    await browser?.close();
    await restoreDemoConfig(); // 20011's PIN back to 4321
  });

  it('given the Agent IDs page then 20011 is listed; its PIN is hidden; a bad PIN is refused and a new one replaces the hash', async () => {
    await page.goto(`${base()}/admin#agent-ids`);
    await page.click('#list tbody tr[data-key="20011"]');
    await page.waitForSelector('#f-pin');
    expect(await page.getAttribute('#f-pin', 'type')).to.equal('password');
    expect(await page.inputValue('#f-pin')).to.equal('');
    expect(await page.locator('.children[data-field="groups"] tbody tr').count()).to.equal(1);
    await page.screenshot({ path: join(ARTIFACTS, 'admin-agent-ids.png') });

    const before = await row();
    await page.fill('#f-pin', '12a');
    await page.click('#save');
    await page.waitForSelector('#form-message.error');
    const problems = await page.locator('#form-message li').allTextContents();
    expect(problems.some((p) => p.startsWith('pin')), problems.join('|')).to.equal(true);
    expect(await row()).to.deep.equal(before);

    await page.fill('#f-pin', '8642');
    await page.click('#save');
    await page.waitForSelector('#form-message.ok');
    const after = await row();
    expect(pinMatches('8642', String(after.pin_hash)), 'the new PIN matches the stored hash').to.equal(true);
    expect(pinMatches('4321', String(after.pin_hash)), 'the old PIN no longer does').to.equal(false);
    expect(after.name).to.equal(before.name);
    expect(pageErrors).to.deep.equal([]);
  });
});
