/**
 * Agent desktop media setup (issue 21): a browser agent (Chromium with a fake microphone, the
 * /agent page, JsSIP over WebSocket) answers DID calls from carrier-a on the test site; for each
 * call, the time from the answer click to
 *   - the first RTP packet from the browser at the product (Asterisk forwards it in the bridge to
 *     carrier-a: this is when the caller starts hearing the agent), polled with
 *     "pjsip show channelstats" every few milliseconds (the poll's own time is the resolution);
 *   - the first RTP packet received by the page (getStats, polled in the page every 5 ms): when
 *     the agent starts hearing the caller.
 * Not a test: prints p50/p90/max and saves bench/results/<date>.json (section agentMedia).
 * Runs the integration test site (host lock, then every peer), so nothing else may use it.
 */
import { chromium } from 'playwright-core';
import { saveResults } from './results';
import { site } from '../test/integration/harness/site';
import { releaseHostLock, takeHostLock } from '../test/integration/harness/host-lock';
import { apiBase } from '../test/integration/harness/api-client';
import { configCaughtUp, resetAgents, restoreDemoConfig, uniqueCaller } from '../test/integration/harness/contact-center';
import { DID } from '../test/integration/harness/cti';
import { until } from '../test/integration/harness/wait';

declare const window: any;

const AGENT = '1005';
const PASSWORD = 'web-agent-1005-pass';

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** RTP packets received by the product from the browser's channel (PJSIP/1005-...). */
async function browserRx(): Promise<number> {
  const out = await site.product.cli('pjsip show channelstats');
  for (const line of out.split('\n')) {
    const t = line.trim().split(/\s+/);
    const up = t.findIndex((x) => /^\d\d:\d\d:\d\d$/.test(x));
    if (up >= 1 && t[up - 1].startsWith(`${AGENT}-`)) return Number(t[up + 2]);
  }
  return 0;
}

async function main(): Promise<void> {
  const calls = process.env.QUICK === '1' ? 5 : 20;
  await takeHostLock(40 * 60000);
  await site.start();
  const app = site.product.app;
  const browser = await chromium.launch({
    executablePath: process.env.CC_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required'],
  });
  const atProduct: number[] = [];
  const atPage: number[] = [];
  try {
    await app.pool.query(`INSERT INTO sip_accounts (extension, password, display_name, webrtc, call_class) VALUES (?, ?, 'Bench', 1, 'internal')`, [AGENT, PASSWORD]);
    await app.pool.query(`INSERT INTO group_members (group_name, extension, priority) VALUES ('sales', ?, 1)`, [AGENT]);
    await configCaughtUp();
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${apiBase()}/agent`);
    await page.fill('#ext', AGENT);
    await page.fill('#password', PASSWORD);
    await page.click('#signin-button');
    await page.locator('#phone-status[data-state="registered"]').waitFor({ timeout: 15000 });
    for (let i = 0; i < calls; i++) {
      resetAgents([AGENT]);
      for (const ext of ['1001', '1002']) if (app.agents.get(ext)?.name !== 'logged_out') app.agents.apply(ext, { type: 'logout', reason: 'bench' });
      const caller = await site.carrierA.call(`PJSIP/${DID}@product`, { callerId: `<${uniqueCaller()}>` });
      await site.carrierA.waitForAnswer(caller, 5000);
      await site.carrierA.sendDtmf(caller, '1');
      // The caller speaks from the start (a recording): the product relays it once the browser's media is up.
      await site.carrierA.play(caller, 'tt-monkeys');
      await page.locator('#incoming').waitFor({ state: 'visible', timeout: 8000 });
      // The page notes its first received packet itself (5 ms polling of getStats).
      await page.evaluate(() => {
        window.benchFirstRx = null;
        const t = setInterval(async () => {
          const s = await window.agentDesktop.stats();
          if (s && s.packetsReceived > 0) { window.benchFirstRx = performance.now(); clearInterval(t); }
        }, 5);
      });
      const clickedAt = Date.now();
      await page.click('#answer');
      const pageClickedAt = await page.evaluate(() => window.agentDesktop.timings().answerClickedAt);
      let productAt = 0;
      await until('RTP from the browser at the product', 10000, async () => {
        if ((await browserRx()) > 0) productAt = Date.now();
        return productAt > 0;
      }, 2);
      await until('RTP in the page', 10000, async () => (await page.evaluate(() => window.benchFirstRx)) !== null, 10);
      atProduct.push(productAt - clickedAt);
      atPage.push(Math.round((await page.evaluate(() => window.benchFirstRx)) - pageClickedAt));
      await site.carrierA.hangup(caller);
      await page.locator('#call-status[data-call="idle"]').waitFor({ timeout: 8000 });
      await site.settle();
    }
  } finally {
    await browser.close();
    await restoreDemoConfig().catch(() => {});
    await site.stop();
    releaseHostLock();
  }
  const summary = (xs: number[]) => ({ p50: percentile(xs, 50), p90: percentile(xs, 90), max: Math.max(...xs) });
  console.log(`agent desktop media setup over ${calls} calls: answer click -> first browser RTP at the product (to carrier-a) ${JSON.stringify(summary(atProduct))} ms; -> first RTP in the page ${JSON.stringify(summary(atPage))} ms`);
  saveResults('agentMedia', { calls, answerToFirstRtpAtProductMs: summary(atProduct), answerToFirstRtpInPageMs: summary(atPage), samplesAtProduct: atProduct, samplesInPage: atPage });
}

if (require.main === module) main().catch((err) => { console.error(err); process.exit(1); });
