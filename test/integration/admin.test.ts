/**
 * Issue 19: the admin API's live effect on real calls, and the web admin in a real Chromium.
 * A new account created over the API registers from a phone and calls within seconds; a dial
 * rule edit reroutes the next call; the audit log has the rows. In the browser: an account, a
 * group and a flow (drawn in the flow editor) are created and published, and a real call from
 * the carrier goes through that flow to the group's agent.
 */
import { expect } from 'chai';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { site } from './harness/site';
import { until } from './harness/wait';
import { api } from './harness/api-client';
import { TEST_API } from './harness/product';
import { configCaughtUp, resetAgents, restoreDemoConfig, uniqueCaller } from './harness/contact-center';

const { phones, carrierA } = site;
const admin = (method: string, path: string, body?: unknown) => api<any>(method, `/api/v1/admin/${path}`, body, 'admin');

/** A phone for a new account at the phones peer (registers at once, places calls as it). */
function runtimePhone(ext: string, password: string): string {
  return `[auth-${ext}]\ntype = auth\nauth_type = digest\nusername = ${ext}\npassword = ${password}\n\n`
    + `[phone-${ext}]\ntype = endpoint\ntransport = t\ncontext = peer-in\ndisallow = all\nallow = ulaw,alaw\ndtmf_mode = rfc4733\ndirect_media = no\nfrom_user = ${ext}\noutbound_auth = auth-${ext}\naors = product\n\n`
    + `[reg-${ext}]\ntype = registration\ntransport = t\noutbound_auth = auth-${ext}\nserver_uri = sip:127.0.0.1:5060\nclient_uri = sip:${ext}@127.0.0.1:5060\n`
    + `contact_user = ${ext}\nexpiration = 300\nretry_interval = 2\nmax_retries = 0\nauth_rejection_permanent = yes\n`;
}

describe('admin API and web admin: live effect on calls (issue 19)', function () {
  this.timeout(60000);
  const runtimeFile = () => join(phones.paths.hostEtcDir, 'pjsip_runtime.conf');

  beforeEach(() => resetAgents());
  afterEach(async function () {
    this.timeout(30000);
    await site.settle();
  });
  after(async function () {
    this.timeout(30000);
    rmSync(runtimeFile(), { force: true });
    await phones.cli('module reload res_pjsip.so');
    await restoreDemoConfig();
  });

  it('given a new account created over the API then a phone registers with it and calls 1001 within seconds, and the audit log has the row', async () => {
    const created = await admin('POST', 'accounts', { extension: '1009', password: 'admin-test-1009', display_name: 'New agent', call_class: 'internal' });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    await configCaughtUp();
    await until('1009 in Asterisk', 5000, async () => (await site.product.cli('pjsip show endpoints')).includes('Endpoint:  1009/'), 100);
    writeFileSync(runtimeFile(), runtimePhone('1009', 'admin-test-1009'));
    await phones.cli('module reload res_pjsip.so');
    await until('reg-1009 registered', 10000, async () => (await phones.registrationStatus('reg-1009')) === 'Registered', 200);
    const caller = await phones.call('PJSIP/1001@phone-1009');
    const agent = await phones.waitForCall((c) => c.exten === '1001', 5000);
    expect(agent.callerNumber).to.equal('1009');
    await phones.answer(agent.id);
    await phones.waitForAnswer(caller, 5000);
    await phones.hangup(caller);
    await phones.waitForEnd(agent.id);
    const audit = await admin('GET', 'audit?entity=accounts&key=1009');
    expect(audit.body.items[0]).to.deep.include({ action: 'create', actor: TEST_API.admin.name, key: '1009' });
    expect(JSON.stringify(audit.body)).not.to.contain('admin-test-1009');
  });

  it('given a dial rule edited over the API then the next call takes the new route', async () => {
    const rule = await admin('POST', 'dial-rules', { context: 'agents', pattern: '5555', route_type: 'extension', target: '1002', description: 'admin test' });
    expect(rule.status, JSON.stringify(rule.body)).to.equal(201);
    await configCaughtUp();
    const first = await phones.call('PJSIP/5555@phone-1001');
    const at1002 = await phones.waitForCall((c) => c.exten === '1002', 5000);
    await phones.hangup(first);
    await phones.waitForEnd(at1002.id);
    const edit = await admin('PUT', `dial-rules/${rule.body.id}`, { target: '1003' });
    expect(edit.status).to.equal(200);
    await configCaughtUp();
    const second = await phones.call('PJSIP/5555@phone-1001');
    const at1003 = await phones.waitForCall((c) => c.exten === '1003', 5000);
    await phones.hangup(second);
    await phones.waitForEnd(at1003.id);
    const refused = await admin('PUT', `dial-rules/${rule.body.id}`, { route_type: 'group', target: 'nobody' });
    expect(refused.status).to.equal(400);
    expect((await admin('GET', `dial-rules/${rule.body.id}`)).body).to.include({ route_type: 'extension', target: '1003' });
    const audit = await admin('GET', `audit?entity=dial-rules&key=${rule.body.id}`);
    expect(audit.body.items.map((i: { action: string }) => i.action)).to.deep.equal(['update', 'create']);
    expect(audit.body.items[0].before.target).to.equal('1002');
    expect(audit.body.items[0].after.target).to.equal('1003');
  });

  describe('in a real Chromium', () => {
    let browser: Browser;
    let page: Page;
    const pageErrors: string[] = [];
    const base = () => `http://${site.product.config.http.host}:${site.product.config.http.port}`;

    before(async function () {
      this.timeout(30000);
      browser = await chromium.launch({ executablePath: process.env.CC_CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
      const context = await browser.newContext({ httpCredentials: { username: TEST_API.admin.name, password: TEST_API.admin.password }, viewport: { width: 1366, height: 768 } });
      page = await context.newPage();
      page.setDefaultTimeout(10000);
      page.on('dialog', (d) => void d.accept());
      page.on('pageerror', (e) => pageErrors.push(e.message));
      page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
    });
    afterEach(async function () {
      // A failed step leaves its page for a look: var/artifacts/admin-ui-failure.png and the page's errors.
      if (this.currentTest?.state === 'failed') {
        await page.screenshot({ path: join(__dirname, '../../../var/artifacts/admin-ui-failure.png') }).catch(() => {});
        process.stdout.write(`      page errors: ${JSON.stringify(pageErrors)}\n      message: ${await page.textContent('.message').catch(() => '')}\n`);
      }
    });
    after(async () => { await browser?.close(); });

    it('given an admin creates an account, a group and a flow in the editor and publishes it then a real call goes through the flow to the group\'s agent', async function () {
      this.timeout(90000);
      await page.goto(`${base()}/admin#accounts`);
      await page.fill('#f-extension', '1010');
      await page.fill('#f-password', 'admin-ui-1010');
      await page.fill('#f-display_name', 'Made in the browser');
      await page.click('#save');
      await page.waitForSelector('#form-message.ok');
      expect((await admin('GET', 'accounts/1010')).body).to.include({ extension: '1010', display_name: 'Made in the browser', password: '(set)' });

      await page.goto(`${base()}/admin#groups`);
      await page.waitForSelector('#f-name');
      await page.fill('#f-name', 'adminui');
      await page.click('button[data-add="members"]');
      await page.fill('.children[data-field="members"] tbody tr:last-child input[name="extension"]', '1003');
      await page.click('#save');
      await page.waitForSelector('#form-message.ok');
      expect((await admin('GET', 'groups/adminui')).body.members).to.deep.equal([{ extension: '1003', priority: 1 }]);

      // The editor starts a new flow with start (play) -> bye (hang up); bye becomes a queue node.
      await page.goto(`${base()}/admin/flow-editor?name=adminui&new=1`);
      await page.waitForFunction('window.flowEditor && window.flowEditor.nodes().length === 2');
      await page.evaluate("window.flowEditor.tapNode('bye')");
      await page.selectOption('#node-type', 'queue');
      await page.fill('#node-group', 'adminui');
      await page.dispatchEvent('#node-group', 'change');
      await page.waitForFunction("document.querySelector('#problems').textContent.includes('No problems')");
      expect(await page.evaluate('window.flowEditor.edges()')).to.deep.equal(['start>bye']);
      await page.fill('#note', 'made in the browser');
      await page.click('#publish');
      await page.waitForSelector('#message.ok');
      const flow = (await admin('GET', 'flows/adminui')).body;
      expect(flow).to.deep.include({ version: 1 });
      expect(flow.definition.nodes.bye).to.deep.equal({ type: 'queue', group: 'adminui' });

      const did = await admin('POST', 'dial-rules', { context: 'from-carrier', pattern: '_02566669999', route_type: 'flow', target: 'adminui' });
      expect(did.status, JSON.stringify(did.body)).to.equal(201);
      await configCaughtUp();
      const caller = await carrierA.call('PJSIP/02566669999@product', { callerId: `<${uniqueCaller()}>` });
      const agent = await phones.waitForCall((c) => c.exten === '1003', 15000);
      await phones.answer(agent.id);
      await until('1003 on the call', 5000, () => site.product.app.agents.get('1003')?.name === 'on_call', 50);
      await carrierA.hangup(caller);
      await phones.waitForEnd(agent.id);
    });
  });
});
