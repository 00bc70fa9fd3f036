/**
 * Issue 21: wss:// with a certificate. With webrtc.tls on, the install step (writeSiteConfig's
 * installWssCertificate) generates a self-signed certificate and Asterisk's HTTP server gets a
 * TLS listener; the /agent page is handed wss://<host>:<port>/ws and registers over it. Chromium
 * trusts exactly that certificate (its public key pinned, as an agent accepts it once), not any.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Config } from '../../src/config';
import { WSS_CERT, WSS_KEY_DIR } from '../../src/agent-desktop/wss';
import { writeSiteConfig } from '../../src/asterisk/site-config';
import { loadTelephonyData } from '../../src/db/telephony-repository';
import { site } from './harness/site';
import { apiBase } from './harness/api-client';
import { changeConfig, configCaughtUp, restoreDemoConfig } from './harness/contact-center';
import { callTestHooks } from './harness/cti';
import { until } from './harness/wait';

const { phones } = site;
const BROWSER_AGENT = '1005';
const PASSWORD = 'web-agent-1005-pass';
const TLS_PORT = 8089;

/**
 * The install step for a configuration (writeSiteConfig: every file of the instance, the wss
 * certificate, ownership), then Asterisk's HTTP server reloaded in place (it rebinds its TLS listener).
 */
async function install(config: Config): Promise<void> {
  writeSiteConfig(config, await loadTelephonyData(site.product.app.pool));
  await site.product.cli('module reload http');
}

describe('agent desktop over wss:// with the certificate made at install (issue 21)', function () {
  this.timeout(60000);
  let browser: Browser | null = null;
  let page: Page;
  const base = site.product.config;
  const tlsConfig: Config = { ...base, webrtc: { ...base.webrtc, tls: { ...base.webrtc.tls, enabled: true, bindAddress: '127.0.0.1', port: TLS_PORT, hostName: '127.0.0.1' } } };

  before(async function () {
    this.timeout(40000);
    await install(tlsConfig);
    await until('Asterisk\'s TLS listener', 10000, async () => (await site.product.cli('http show status')).includes(`HTTPS Server Enabled and Bound to 127.0.0.1:${TLS_PORT}`), 200);
    await site.product.restartApp({ webrtc: tlsConfig.webrtc });
    await changeConfig(`INSERT INTO sip_accounts (extension, password, display_name, webrtc, call_class) VALUES (?, ?, 'Web Agent', 1, 'internal')`, [BROWSER_AGENT, PASSWORD]);
    await until('the browser endpoint in Asterisk', 10000, async () => (await site.product.cli(`pjsip show endpoint ${BROWSER_AGENT}`)).includes('webrtc'), 200);
    // The public key of the certificate generated above: Chromium accepts that one only.
    const pem = readFileSync(join(site.product.paths.hostEtcDir, WSS_KEY_DIR, WSS_CERT));
    const spki = createHash('sha256').update(new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
    browser = await chromium.launch({
      executablePath: process.env.CC_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required', `--ignore-certificate-errors-spki-list=${spki}`],
    });
    page = await (await browser.newContext()).newPage();
  });

  after(async function () {
    this.timeout(40000);
    await browser?.close();
    await install(base);
    await site.product.restartApp();
    await restoreDemoConfig();
    await configCaughtUp();
  });

  callTestHooks();

  it('given webrtc.tls on then the certificate is self-signed for the host, the page registers over wss:// and a call reaches it', async () => {
    const cert = new X509Certificate(readFileSync(join(site.product.paths.hostEtcDir, WSS_KEY_DIR, WSS_CERT)));
    expect(cert.subject).to.contain('CN=127.0.0.1');
    expect(cert.subjectAltName).to.contain('IP Address:127.0.0.1');
    expect(cert.issuer).to.equal(cert.subject);

    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.goto(`${apiBase()}/agent`);
    await page.fill('#ext', BROWSER_AGENT);
    await page.fill('#password', PASSWORD);
    await page.click('#signin-button');
    await page.locator('#phone-status[data-state="registered"]').waitFor({ timeout: 10000 });
    expect(sockets).to.include(`wss://127.0.0.1:${TLS_PORT}/ws`);
    expect(sockets.filter((u) => u.startsWith('ws://') && u.endsWith('/ws')), 'no SIP over plain ws://').to.deep.equal([]);
    await until('the contact of 1005 over WSS', 8000, async () => /transport=wss?/i.test(await site.product.cli(`pjsip show aor ${BROWSER_AGENT}`)), 200);

    const caller = await phones.call(`PJSIP/${BROWSER_AGENT}@phone-1001`, { callerId: '<1001>' });
    await page.locator('#incoming').waitFor({ state: 'visible', timeout: 8000 });
    await page.click('#answer');
    await phones.waitForAnswer(caller, 8000);
    await page.locator('#call-status[data-call="talking"]').waitFor({ timeout: 5000 });
    await phones.hangup(caller);
    await page.locator('#call-status[data-call="idle"]').waitFor({ timeout: 5000 });
  });
});
