/**
 * Issue 21, the agent desktop's call features in a real Chromium (fake microphone) against the
 * real Asterisk: the agent conferences a third party from the page (a three-way call of the one
 * call session core: RTP flows among the caller, the browser and 1003), and keypad DTMF from
 * the page reaches the far end (RFC 4733 from the browser, through the call's bridge, collected
 * by the calling phone).
 */
import { expect } from 'chai';
import type { EventEmitter } from 'node:events';
import { chromium, type Browser, type Page } from 'playwright-core';
import { site } from './harness/site';
import { apiBase } from './harness/api-client';
import { changeConfig, configCaughtUp, resetAgents, restoreDemoConfig, uniqueCaller } from './harness/contact-center';
import { callTestHooks, DID, recordEvents } from './harness/cti';
import { bridgedChannels, rtpCounts, rtpFlowedSince } from './harness/media-stats';
import { until } from './harness/wait';

declare const window: any;

const { phones, carrierA } = site;
const app = () => site.product.app;
const BROWSER_AGENT = '1005';
const PASSWORD = 'web-agent-1005-pass';

const stats = (page: Page) => page.evaluate(() => window.agentDesktop.stats()) as Promise<{ packetsReceived: number; packetsSent: number } | null>;

describe('agent desktop: conference and keypad from the page (issue 21)', function () {
  this.timeout(60000);
  let browser: Browser;
  let page: Page;

  before(async function () {
    this.timeout(30000);
    // May dial out like the demo agents: a third party is routed as the agent's phone would dial it (toll-fraud classes apply).
    await changeConfig(`INSERT INTO sip_accounts (extension, password, display_name, webrtc, call_class) VALUES (?, ?, 'Web Agent', 1, 'international')`, [BROWSER_AGENT, PASSWORD]);
    await changeConfig(`INSERT INTO group_members (group_name, extension, priority) VALUES ('sales', ?, 1)`, [BROWSER_AGENT]);
    await until('the browser endpoint in Asterisk', 10000, async () => (await site.product.cli(`pjsip show endpoint ${BROWSER_AGENT}`)).includes('webrtc'), 200);
    browser = await chromium.launch({
      executablePath: process.env.CC_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required'],
    });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${apiBase()}/agent`);
    await page.fill('#ext', BROWSER_AGENT);
    await page.fill('#password', PASSWORD);
    await page.click('#signin-button');
    await page.locator('#phone-status[data-state="registered"]').waitFor({ timeout: 10000 });
  });

  after(async function () {
    this.timeout(30000);
    await browser?.close();
    await restoreDemoConfig();
    await configCaughtUp();
  });

  callTestHooks();

  it('given the browser agent talking with a DID caller when it conferences 1003 from the page then 1003 rings, joins, RTP flows among all three, and dropping 1003 leaves caller and agent talking', async () => {
    for (const ext of ['1001', '1002']) app().agents.apply(ext, { type: 'logout', reason: 'test' });
    await page.click('#ready');
    await page.locator('#state[data-state="ready"]').waitFor({ timeout: 5000 });
    const seen = recordEvents();
    try {
      const caller = await carrierA.call(`PJSIP/${DID}@product`, { callerId: `<${uniqueCaller()}>` });
      await carrierA.waitForAnswer(caller, 5000);
      await carrierA.sendDtmf(caller, '1');
      await page.locator('#incoming').waitFor({ state: 'visible', timeout: 8000 });
      const guid = seen.of('call.ringing').find((e) => e.agent === BROWSER_AGENT)!.guid;
      await page.click('#answer');
      await page.locator('#call-status[data-call="talking"]').waitFor({ timeout: 8000 });
      await until('the call connected to the browser', 8000, () => app().registry.byGuid(guid)?.snapshot?.().state === 'connected', 20);

      await page.selectOption('#transfer-kind', 'extension');
      await page.fill('#transfer-target', '1003');
      await page.click('#conference');
      const third = await phones.waitForCall((c) => c.exten === '1003', 8000);
      await page.locator('#conference-drop', { hasText: 'Stop calling 1003' }).waitFor({ timeout: 3000 });
      expect(app().agents.get('1003')?.name, '1003 rings for the call').to.equal('ringing');
      await phones.answer(third.id);
      await until('the call.conference joined event', 5000, () => seen.of('call.conference').some((e) => e.guid === guid && e.result === 'joined' && e.target === '1003'), 20);
      await page.locator('#conference-drop', { hasText: 'Drop 1003' }).waitFor({ timeout: 3000 });
      expect(app().agents.get('1003')?.name).to.equal('on_call');
      expect(app().registry.byGuid(guid)?.parties?.().map((p) => `${p.extension}:${p.connected}`).sort()).to.deep.equal(['1003:true', `${BROWSER_AGENT}:true`]);
      await until('three channels in the call\'s bridge', 5000, async () => bridgedChannels(await site.product.cli('core show channels concise')) === 3, 100);

      // All three speak: the caller and 1003 play recordings, the browser its fake microphone.
      await carrierA.play(caller, 'tt-monkeys');
      await phones.play(third.id, 'tt-weasels');
      const before = await rtpCounts();
      expect(before.size, 'caller, browser and 1003 legs at the product').to.equal(3);
      const pageBefore = (await stats(page))!;
      await until('RTP in and out on all three legs of the three-way call', 10000, () => rtpFlowedSince(before, 25), 200);
      await until('RTP both ways in the page (getStats)', 10000, async () => {
        const s = (await stats(page))!;
        return s.packetsReceived > pageBefore.packetsReceived + 25 && s.packetsSent > pageBefore.packetsSent + 25;
      }, 200);

      // Hold and transfers wait until the third party is gone.
      const hold = await page.evaluate(async (g) => (await fetch(`/api/v1/calls/${g}/hold`, { method: 'POST', headers: { authorization: window.agentDesktop.desk.auth, 'content-type': 'application/json' }, body: '{}' })).status, guid);
      expect(hold).to.equal(409);

      await page.click('#conference-drop');
      await phones.waitForEnd(third.id, 5000);
      await page.locator('#conference-drop').waitFor({ state: 'hidden', timeout: 3000 });
      expect(seen.of('call.conference').filter((e) => e.guid === guid).map((e) => e.result)).to.deep.equal(['ringing', 'joined', 'dropped']);
      await until('1003 no longer on the call', 5000, () => app().agents.get('1003')?.name !== 'on_call', 50);
      const snap = app().registry.byGuid(guid)?.snapshot?.();
      expect(snap?.state).to.equal('connected');
      expect(snap?.agent).to.equal(BROWSER_AGENT);

      await carrierA.hangup(caller);
      await page.locator('#call-status[data-call="idle"]').waitFor({ timeout: 5000 });
      await page.locator('#wrapup-card').waitFor({ state: 'visible', timeout: 5000 });
      await page.click('#wrapup-save');
      await page.locator('#wrapup-card').waitFor({ state: 'hidden', timeout: 5000 });
    } finally {
      seen.stop();
    }
  });

  it('given the browser agent conferences an outside number when it hangs up then the caller and the third party talk on, and the record says transferred', async () => {
    resetAgents([BROWSER_AGENT]);
    for (const ext of ['1001', '1002']) app().agents.apply(ext, { type: 'logout', reason: 'test' });
    const seen = recordEvents();
    try {
      const caller = await carrierA.call(`PJSIP/${DID}@product`, { callerId: `<${uniqueCaller()}>` });
      await carrierA.waitForAnswer(caller, 5000);
      await carrierA.sendDtmf(caller, '1');
      await page.locator('#incoming').waitFor({ state: 'visible', timeout: 8000 });
      const guid = seen.of('call.ringing').find((e) => e.agent === BROWSER_AGENT)!.guid;
      await page.click('#answer');
      await page.locator('#call-status[data-call="talking"]').waitFor({ timeout: 8000 });
      await until('the call connected to the browser', 8000, () => app().registry.byGuid(guid)?.snapshot?.().state === 'connected', 20);

      // 9 + number: out through carrier-a (trunk group local), as the agent's phone would dial it.
      await page.selectOption('#transfer-kind', 'number');
      await page.fill('#transfer-target', '9057188888888');
      await page.click('#conference');
      const third = await carrierA.waitForCall((c) => c.exten === '057188888888', 8000);
      await carrierA.answer(third.id);
      await page.locator('#conference-drop', { hasText: 'Drop 9057188888888' }).waitFor({ timeout: 5000 });

      await page.click('#hangup');
      await page.locator('#call-status[data-call="idle"]').waitFor({ timeout: 5000 });
      await until('the call handed to the third party', 5000, () => app().registry.byGuid(guid)?.snapshot?.().agent === '9057188888888', 20);
      await carrierA.play(caller, 'tt-monkeys');
      await carrierA.play(third.id, 'tt-weasels');
      const before = await rtpCounts();
      expect(before.size, 'the caller\'s and the third party\'s legs').to.equal(2);
      await until('RTP both ways between caller and third party', 10000, () => rtpFlowedSince(before, 25), 200);
      expect(seen.of('call.conference').filter((e) => e.guid === guid).map((e) => e.result)).to.deep.equal(['ringing', 'joined', 'handed-over']);

      await carrierA.hangup(caller);
      await carrierA.waitForEnd(third.id, 5000);
      const result = await until('the call record', 8000, () => seen.of('call.result').find((e) => e.guid === guid), 50);
      expect(result.status, 'transferred').to.equal(4);
      expect(result.agent).to.equal(BROWSER_AGENT);
      await page.locator('#wrapup-card').waitFor({ state: 'visible', timeout: 5000 });
      await page.click('#wrapup-save');
      await page.locator('#wrapup-card').waitFor({ state: 'hidden', timeout: 5000 });
    } finally {
      seen.stop();
    }
  });

  it('given the browser agent on a call from 1001 when it presses keys on the page keypad then 1001 receives those digits (RFC 4733 through the call)', async () => {
    const caller = await phones.call(`PJSIP/${BROWSER_AGENT}@phone-1001`, { callerId: '<1001>' });
    await page.locator('#incoming').waitFor({ state: 'visible', timeout: 8000 });
    await page.click('#answer');
    await phones.waitForAnswer(caller, 8000);
    await page.locator('#call-status[data-call="talking"]').waitFor({ timeout: 5000 });
    const keys = '47#';
    const got: string[] = [];
    const onDtmf = (e: { digit: string; channel: { id: string } }) => { if (e.channel.id === caller) got.push(e.digit); };
    const peerEvents = phones.client as unknown as EventEmitter;
    peerEvents.on('ChannelDtmfReceived', onDtmf);
    try {
      // One key at a time, as a person keys: the next once the previous has arrived.
      for (const [i, k] of [...keys].entries()) {
        await page.click(`#keypad button:text-is("${k}")`);
        await until(`the digit ${k} at 1001`, 5000, () => got.length > i, 20);
      }
      expect(got.join('')).to.equal(keys);
    } finally {
      peerEvents.removeListener('ChannelDtmfReceived', onDtmf);
    }
    await phones.hangup(caller);
    await page.locator('#call-status[data-call="idle"]').waitFor({ timeout: 5000 });
    await page.locator('#wrapup-card').waitFor({ state: 'visible', timeout: 5000 });
    await page.click('#wrapup-save');
    await page.locator('#wrapup-card').waitFor({ state: 'hidden', timeout: 5000 });
  });
});
