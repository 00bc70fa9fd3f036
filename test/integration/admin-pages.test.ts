/**
 * Issue 19, the web admin's leftovers in a real Chromium: the trunk form has the SIP columns of
 * migration 039 (transport, outbound proxy, SIP domain, auth user), a bad outbound proxy is
 * refused with the problem shown and nothing changed; the API users page lists the config
 * file's users read-only with their source. Screenshots of those pages go to var/artifacts
 * (docs/images/admin-*.png are taken from there).
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { RowDataPacket } from 'mysql2/promise';
import { site } from './harness/site';
import { TEST_API } from './harness/product';
import { restoreDemoConfig } from './harness/contact-center';

const ARTIFACTS = join(__dirname, '../../../var/artifacts');

describe('web admin: trunk SIP columns and config-file API users (issue 19)', function () {
  this.timeout(60000);
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const base = () => `http://${site.product.config.http.host}:${site.product.config.http.port}`;
  const trunkRow = async () => (await site.product.app.pool.query<RowDataPacket[]>("SELECT * FROM trunks WHERE name = 'carrier-a'"))[0][0];

  before(async function () {
    this.timeout(30000);
    browser = await chromium.launch({ executablePath: process.env.CC_CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    const context = await browser.newContext({ httpCredentials: { username: TEST_API.admin.name, password: TEST_API.admin.password }, viewport: { width: 1366, height: 768 } });
    page = await context.newPage();
    page.setDefaultTimeout(10000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error' && !m.text().includes('400')) pageErrors.push(m.text()); });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await page.screenshot({ path: join(ARTIFACTS, 'admin-pages-failure.png') }).catch(() => {});
      process.stdout.write(`      page errors: ${JSON.stringify(pageErrors)}\n`);
    }
  });
  after(async function () {
    this.timeout(30000);
    await browser?.close();
    await restoreDemoConfig();
  });

  it('given the trunk form then it shows transport, outbound proxy, SIP domain and auth user; a bad proxy is refused with the problem and nothing changes', async () => {
    await page.goto(`${base()}/admin#trunks`);
    await page.click('#list tbody tr[data-key="carrier-a"]');
    await page.waitForSelector('#f-outbound_proxy');
    for (const f of ['transport', 'outbound_proxy', 'sip_domain', 'auth_user']) expect(await page.locator(`#f-${f}`).count(), f).to.equal(1);
    expect(await page.locator('#f-transport option').allTextContents()).to.deep.equal(['(default)', 'udp', 'tcp']);
    expect(await page.inputValue('#f-transport')).to.equal('udp');
    await page.screenshot({ path: join(ARTIFACTS, 'admin-trunks.png') });
    const before = await trunkRow();
    await page.fill('#f-outbound_proxy', 'pcscf.example.net:99999');
    await page.fill('#f-auth_user', 'user;x');
    await page.click('#save');
    await page.waitForSelector('#form-message.error');
    const problems = await page.locator('#form-message li').allTextContents();
    expect(problems.some((p) => p.startsWith('outbound_proxy')), problems.join('|')).to.equal(true);
    expect(problems.some((p) => p.startsWith('auth_user')), problems.join('|')).to.equal(true);
    expect(await trunkRow()).to.deep.equal(before);
    expect(pageErrors).to.deep.equal([]);
  });

  it('given API users in the config file then the API users page lists them read-only with their source', async () => {
    await page.goto(`${base()}/admin#api-users`);
    await page.waitForSelector('#config-users tbody tr');
    const rows = await page.locator('#config-users tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(rows).to.deep.include.members([[TEST_API.admin.name, 'admin', 'user', 'config file', ''], [TEST_API.supervisor.name, 'supervisor', 'user', 'config file', '']]);
    expect(await page.textContent('#config-users p')).to.contain('the app never writes that file');
    expect(await page.locator('#config-users tr.read-only button, #config-users input').count()).to.equal(0);
    await page.screenshot({ path: join(ARTIFACTS, 'admin-api-users.png') });
    // Other pages do not carry the list.
    await page.goto(`${base()}/admin#accounts`);
    await page.click('#list tbody tr[data-key="1001"]');
    await page.waitForSelector('#f-webrtc');
    expect(await page.locator('#config-users').count()).to.equal(0);
    await page.screenshot({ path: join(ARTIFACTS, 'admin-accounts.png') });
    await page.goto(`${base()}/admin#groups`);
    await page.click('#list tbody tr[data-key="sales"]');
    await page.waitForSelector('#f-callback_key');
    await page.screenshot({ path: join(ARTIFACTS, 'admin-groups.png') });
    expect(pageErrors).to.deep.equal([]);
  });
});
