/**
 * Issue 19, recording links per call record: a real recorded call (carrier-a -> IVR -> sales ->
 * agent, RTP both ways) is found by the call search (GET /api/v1/call-records), its record links
 * to its recording, and that link answers 206 to a Range request; agents see only their own
 * calls; on the reports page (Chromium) the call's Play button plays it.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { RowDataPacket } from 'mysql2/promise';
import { site } from './harness/site';
import { until } from './harness/wait';
import { api, apiBase, authHeader, type As } from './harness/api-client';
import { callTestHooks, connectedSalesCall } from './harness/cti';
import { fileSize, recordByGuid } from './harness/contact-center';
import { TEST_API } from './harness/product';

const { phones, carrierA } = site;
const app = () => site.product.app;

interface Link { kind: string; play: string; download: string }
interface Rec { guid: string; caller: string; agent: string; status: number; recordings: Link[] }

/** The audio element as the page callback sees it (the project compiles without the DOM library). */
interface AudioEl {
  currentTime: number; duration: number; readyState: number; error: { code: number } | null; src: string;
  pause(): void; addEventListener(type: string, f: () => void): void;
}

async function agentAs(ext: string): Promise<As> {
  const [rows] = await app().pool.query<RowDataPacket[]>('SELECT password FROM sip_accounts WHERE extension = ?', [ext]);
  return { user: ext, password: String(rows[0].password) };
}

describe('call search: call records with their recording links (issue 19)', function () {
  this.timeout(90000);
  callTestHooks();

  it('given a recorded call then its record links to the recording, which answers 206 on Range; agents see only their calls; the reports page plays it', async () => {
    const call = await connectedSalesCall();
    await carrierA.play(call.customer, 'tt-monkeys');
    await until('a second of recording', 10000, () => fileSize(`${site.product.paths.hostVarDir}/spool/recording/cc-${call.guid}.wav`) > 16000, 100);
    await carrierA.hangup(call.customer);
    await phones.waitForEnd(call.agentPhone);
    await recordByGuid(call.guid);

    // The supervisor's search by the caller's number finds the call with its recording.
    let found: Rec | undefined;
    await until('the call record with its recording', 10000, async () => {
      const r = await api<{ items: Rec[]; more: boolean }>('GET', `/api/v1/call-records?caller=${call.number}&recorded=1`);
      found = r.body.items?.find((i) => i.guid === call.guid);
      return !!found && found.recordings.length > 0;
    }, 200);
    expect(found).to.deep.include({ caller: call.number, agent: call.agent, status: 9 });
    expect(found!.recordings).to.deep.equal([{ kind: 'call', play: `/api/v1/recordings/${call.guid}/audio?kind=call`, download: `/api/v1/recordings/${call.guid}/audio?kind=call&download=1` }]);

    // The link plays with HTTP Range (206, Content-Range) and downloads as an attachment.
    const part = await fetch(`${apiBase()}${found!.recordings[0].play}`, { headers: { ...authHeader('supervisor'), range: 'bytes=0-99' }, signal: AbortSignal.timeout(10000) });
    expect(part.status).to.equal(206);
    expect(part.headers.get('content-range')).to.match(/^bytes 0-99\/\d+$/);
    const head = Buffer.from(await part.arrayBuffer());
    expect(head.length).to.equal(100);
    expect(head.toString('latin1', 0, 4)).to.equal('RIFF');
    const dl = await fetch(`${apiBase()}${found!.recordings[0].download}`, { headers: authHeader('supervisor'), signal: AbortSignal.timeout(10000) });
    expect(dl.headers.get('content-disposition')).to.equal(`attachment; filename="call-${call.guid}.wav"`);
    await dl.arrayBuffer();

    // The agent who talked finds it with the same link; another agent neither finds it nor opens it.
    const own = await api<{ items: Rec[] }>('GET', `/api/v1/call-records?caller=${call.number}`, undefined, await agentAs(call.agent));
    expect(own.body.items.map((i) => i.guid)).to.deep.equal([call.guid]);
    expect(own.body.items[0].recordings).to.have.length(1);
    const other = call.agent === '1001' ? '1002' : '1001';
    const theirs = await api<{ items: Rec[] }>('GET', `/api/v1/call-records?caller=${call.number}`, undefined, await agentAs(other));
    expect(theirs.status).to.equal(200);
    expect(theirs.body.items).to.deep.equal([]);
    expect((await api('GET', `/api/v1/call-records/${call.guid}`, undefined, await agentAs(other))).status).to.equal(404);
    expect((await api<Rec>('GET', `/api/v1/call-records/${call.guid}`)).body.recordings).to.have.length(1);
    expect((await api('GET', '/api/v1/call-records?status=abc&direction=sideways')).body).to.have.nested.property('error.details.problems').with.length(2);

    // In a real browser: the reports page's call search lists the call, Play plays it (Range by Chromium).
    const browser = await chromium.launch({
      executablePath: process.env.CC_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--autoplay-policy=no-user-gesture-required'],
    });
    try {
      const context = await browser.newContext({ httpCredentials: { username: TEST_API.supervisor.name, password: TEST_API.supervisor.password }, viewport: { width: 1366, height: 768 } });
      const page = await context.newPage();
      await page.goto(`${apiBase()}/reports`);
      await page.fill('#c-caller', call.number);
      await page.click('#c-form button[type=submit]');
      const row = page.locator(`#calls tr[data-guid="${call.guid}"]`);
      await row.waitFor({ timeout: 10000 });
      expect(await row.locator('a[data-download="call"]').getAttribute('href')).to.equal(found!.recordings[0].download);
      await row.locator('button[data-play]').click();
      const played = await page.locator('#c-player').evaluate((a: AudioEl) => new Promise<{ t: number; d: number; src: string }>((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`not playing: readyState ${a.readyState}, error ${a.error?.code}`)), 10000);
        const check = () => { if (a.currentTime > 0.3) { clearTimeout(timer); a.pause(); done({ t: a.currentTime, d: a.duration, src: a.src }); } };
        a.addEventListener('timeupdate', check);
        check();
      }));
      expect(played.src).to.contain(`/api/v1/recordings/${call.guid}/audio`);
      await page.locator('#call-search').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(__dirname, '../../../var/artifacts/reports-call-search.png') });
      expect(played.d, 'the recording\'s length in the browser').to.be.above(1);
    } finally {
      await browser.close();
    }
  });
});
