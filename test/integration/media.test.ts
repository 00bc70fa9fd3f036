/**
 * Issue 19, media: a call's recording played and downloaded with HTTP Range (agents only their
 * own calls), prompts uploaded as MP3/OGG/WAV and converted by sox, fax PDFs uploaded and fax
 * files downloaded, and voicemail: the queue's overflow message lands in the group's box, is
 * listed, played, marked heard and deleted, and the phones' message-waiting lamps follow
 * (SIP NOTIFY message-summary seen on the wire to the phones at 127.0.0.5).
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { RowDataPacket } from 'mysql2/promise';
import { site } from './harness/site';
import { until } from './harness/wait';
import { api, apiBase, authHeader, type As } from './harness/api-client';
import { callTestHooks, connectedSalesCall, SALES, DID } from './harness/cti';
import { changeConfig, fileSize, inboundCalls, recordByGuid, restoreDemoConfig, uniqueCaller } from './harness/contact-center';
import { PacketCapture } from './harness/packet-capture';
import { writeFaxTiff } from './harness/tiff';
import { writeTestPdf } from './harness/pdf';
import { FAX_IN_DIR, FAX_OUT_DIR } from '../../src/asterisk/site-config';
import { chromium } from 'playwright-core';
import { TEST_API } from './harness/product';

const { phones, carrierA } = site;
const app = () => site.product.app;
const ARTIFACTS = resolve(__dirname, '../../../var/artifacts');
const sipPassword = async (ext: string) => ((await app().pool.query('SELECT password FROM sip_accounts WHERE extension = ?', [ext])) as [{ password: string }[], unknown])[0][0].password;
const agent = async (ext: string): Promise<As> => ({ user: ext, password: await sipPassword(ext) });

/** The audio element as the page callback sees it (the project compiles without the DOM library). */
interface AudioEl {
  currentTime: number; duration: number; readyState: number; error: { code: number } | null;
  pause(): void; play(): Promise<void>; addEventListener(type: string, f: () => void): void;
}

/** A GET whose body is bytes (audio, TIFF). */
async function raw(path: string, as: As = 'supervisor', headers: Record<string, string> = {}) {
  const res = await fetch(`${apiBase()}${path}`, { headers: { ...authHeader(as), ...headers }, signal: AbortSignal.timeout(15000) });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

describe('media: recordings, prompts, fax files, voicemail and MWI (issue 19)', function () {
  this.timeout(90000);
  let configChanged = false;
  let capture: PacketCapture | null = null;
  callTestHooks(async () => {
    await capture?.stop();
    capture = null;
    if (configChanged) await restoreDemoConfig();
    configChanged = false;
  });

  it('given a recorded call then supervisors and its agent play it with Range; another agent gets 403', async () => {
    const call = await connectedSalesCall();
    await carrierA.play(call.customer, 'tt-monkeys');
    await until('a second of recording', 10000, () => fileSize(`${site.product.paths.hostVarDir}/spool/recording/cc-${call.guid}.wav`) > 16000, 100);
    await carrierA.hangup(call.customer);
    await phones.waitForEnd(call.agentPhone);
    const record = await recordByGuid(call.guid);
    expect(record.recording_path).to.match(/cc-.*\.wav$/);
    const whole = await raw(`/api/v1/recordings/${call.guid}/audio`);
    expect(whole.status).to.equal(200);
    expect(whole.headers.get('content-type')).to.equal('audio/wav');
    expect(whole.headers.get('accept-ranges')).to.equal('bytes');
    expect(whole.body.toString('latin1', 0, 4)).to.equal('RIFF');
    expect(whole.body.length).to.equal(fileSize(record.recording_path));
    const part = await raw(`/api/v1/recordings/${call.guid}/audio`, 'supervisor', { range: 'bytes=100-199' });
    expect(part.status).to.equal(206);
    expect(part.headers.get('content-range')).to.equal(`bytes 100-199/${whole.body.length}`);
    expect(part.body.equals(whole.body.subarray(100, 200))).to.equal(true);
    expect((await raw(`/api/v1/recordings/${call.guid}/audio`, 'supervisor', { range: `bytes=${whole.body.length}-` })).status).to.equal(416);
    const download = await raw(`/api/v1/recordings/${call.guid}/audio?download=1`);
    expect(download.headers.get('content-disposition')).to.equal(`attachment; filename="call-${call.guid}.wav"`);
    expect((await raw(`/api/v1/recordings/${call.guid}/audio`, await agent(call.agent))).status).to.equal(200);
    const other = await raw(`/api/v1/recordings/${call.guid}/audio`, await agent('1003'));
    expect(other.status).to.equal(403);
    expect((await raw(`/api/v1/recordings/${randomUUID()}/audio`)).status).to.equal(404);

    // In a real browser: the media page lists the call and its recording plays (Range requests by Chromium itself).
    const browser = await chromium.launch({
      executablePath: process.env.CC_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--autoplay-policy=no-user-gesture-required'],
    });
    try {
      const context = await browser.newContext({ httpCredentials: { username: TEST_API.supervisor.name, password: TEST_API.supervisor.password } });
      const page = await context.newPage();
      await page.goto(`${apiBase()}/media`);
      const player = page.locator(`#rec-out tr[data-guid="${call.guid}"] audio`);
      await player.waitFor({ timeout: 10000 });
      const played = await player.evaluate((a: AudioEl) => new Promise<{ t: number; d: number }>((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`not playing: readyState ${a.readyState}, error ${a.error?.code}`)), 10000);
        a.addEventListener('timeupdate', () => { if (a.currentTime > 0.3) { clearTimeout(timer); a.pause(); done({ t: a.currentTime, d: a.duration }); } });
        void a.play().catch(fail);
      }));
      expect(played.d, 'the recording\'s length in the browser').to.be.above(1);
    } finally {
      await browser.close();
    }
  });

  it('given MP3, OGG and WAV uploads then prompts are 8 kHz mono WAV by name and language; bad input changes nothing', async () => {
    const work = mkdtempSync(join(tmpdir(), 'media-it-'));
    try {
      const tone = (file: string) => {
        execFileSync('sox', ['-n', '-r', '44100', '-c', '2', join(work, file), 'synth', '1', 'sine', '600']);
        return readFileSync(join(work, file)).toString('base64');
      };
      const dir = `${site.product.paths.hostVarDir}/prompts`;
      const up = await api('POST', '/api/v1/prompts', { name: 'it-welcome', language: 'zh_CN', audio: tone('a.mp3') }, 'admin');
      expect(up.status, JSON.stringify(up.body)).to.equal(201);
      expect(up.body).to.include({ name: 'it-welcome', language: 'zh_CN', use: 'file:it-welcome' });
      expect((await api('POST', '/api/v1/prompts', { name: 'it-welcome', audio: tone('b.ogg') }, 'admin')).status).to.equal(201);
      expect(existsSync(`${dir}/zh_CN/it-welcome.wav`) && existsSync(`${dir}/it-welcome.wav`)).to.equal(true);
      expect(execFileSync('soxi', ['-r', `${dir}/zh_CN/it-welcome.wav`]).toString().trim()).to.equal('8000');
      const before = readFileSync(`${dir}/it-welcome.wav`);
      const bad = await api<{ error: { details: { problems: string[] } } }>('POST', '/api/v1/prompts', { name: '../x', language: 'EN', audio: '!!' }, 'admin');
      expect(bad.status).to.equal(400);
      expect(bad.body.error.details.problems).to.have.length(3);
      const notAudio = await api('POST', '/api/v1/prompts', { name: 'it-welcome', audio: Buffer.from('%PDF-1.4 not audio').toString('base64') }, 'admin');
      expect(notAudio.status).to.equal(400);
      expect(readFileSync(`${dir}/it-welcome.wav`).equals(before), 'the prompt is unchanged').to.equal(true);
      expect((await api('POST', '/api/v1/prompts', { name: 'x', audio: tone('c.wav') })).status, 'supervisors may not upload').to.equal(403);
      const list = await api<{ prompts: { name: string; language: string | null }[] }>('GET', '/api/v1/prompts');
      expect(list.body.prompts.filter((p) => p.name === 'it-welcome').map((p) => p.language)).to.deep.equal([null, 'zh_CN']);
      const preview = await raw('/api/v1/prompts/it-welcome/audio?language=zh_CN', 'supervisor', { range: 'bytes=0-3' });
      expect(preview.status).to.equal(206);
      expect(preview.body.toString('latin1')).to.equal('RIFF');
      expect((await api('DELETE', '/api/v1/prompts/it-welcome?language=zh_CN', undefined, 'admin')).status).to.equal(200);
      expect((await api('DELETE', '/api/v1/prompts/it-welcome', undefined, 'admin')).status).to.equal(200);
      expect((await api('DELETE', '/api/v1/prompts/it-welcome', undefined, 'admin')).status).to.equal(404);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('given a prompt uploaded for every language and again for zh_CN then a zh_CN flow plays the Chinese one and an en flow the default', async () => {
    configChanged = true;
    const work = mkdtempSync(join(tmpdir(), 'media-lang-'));
    try {
      const tone = (file: string, hz: number) => {
        execFileSync('sox', ['-n', '-r', '16000', '-c', '1', join(work, file), 'synth', '3', 'sine', String(hz), 'vol', '0.5']);
        return readFileSync(join(work, file)).toString('base64');
      };
      expect((await api('POST', '/api/v1/prompts', { name: 'it-tone', audio: tone('d.mp3', 500) }, 'admin')).status).to.equal(201);
      expect((await api('POST', '/api/v1/prompts', { name: 'it-tone', language: 'zh_CN', audio: tone('z.ogg', 1000) }, 'admin')).status).to.equal(201);
      const flow = (language: string) => JSON.stringify({ start: 'p', language, nodes: { p: { type: 'play', prompts: ['file:it-tone'], next: 'h' }, h: { type: 'hangup' } } });
      await app().pool.query("INSERT INTO flows (name, description, definition) VALUES ('it-zh', 'media test', ?), ('it-en', 'media test', ?)", [flow('zh_CN'), flow('en')]);
      await changeConfig(`INSERT INTO dial_rules (id, context, pattern, route_type, target, description) VALUES
        (951, 'from-carrier', '_02566669951', 'flow', 'it-zh', 'media test'), (952, 'from-carrier', '_02566669952', 'flow', 'it-en', 'media test')`);
      /** What the caller hears on a DID, recorded at carrier-a: the tone's frequency from its zero crossings. */
      const heard = async (did: string) => {
        const id = await carrierA.call(`PJSIP/${did}@product`, { callerId: `<${uniqueCaller()}>` });
        await carrierA.waitForAnswer(id, 5000);
        const name = `media-${did}-${Date.now()}`;
        await carrierA.client.channels.record({ channelId: id, name, format: 'wav', ifExists: 'overwrite' } as never);
        await carrierA.waitForEnd(id, 15000);
        const file = `${carrierA.paths.hostVarDir}/spool/recording/${name}.wav`;
        await until('the recording at carrier-a', 5000, () => fileSize(file) > 8000, 100);
        const pcm = readFileSync(file).subarray(44);
        const samples = Array.from({ length: Math.floor(pcm.length / 2) }, (_, i) => pcm.readInt16LE(i * 2));
        // The tone: from the first to the last loud sample; its frequency from the sign changes in between.
        const first = samples.findIndex((v) => Math.abs(v) > 1000);
        const last = samples.length - 1 - [...samples].reverse().findIndex((v) => Math.abs(v) > 1000);
        let crossings = 0;
        for (let i = first + 1; first >= 0 && i <= last; i++) if ((samples[i] >= 0) !== (samples[i - 1] >= 0)) crossings++;
        const seconds = first >= 0 ? (last - first) / 8000 : 0;
        rmSync(file, { force: true });
        return { hz: seconds ? crossings / 2 / seconds : 0, seconds };
      };
      const zh = await heard('02566669951');
      expect(zh.seconds, 'seconds of tone heard').to.be.above(1.5);
      expect(zh.hz, 'the zh_CN prompt (1000 Hz)').to.be.within(900, 1100);
      const en = await heard('02566669952');
      expect(en.hz, 'the default prompt (500 Hz)').to.be.within(450, 550);
    } finally {
      rmSync(work, { recursive: true, force: true });
      await api('DELETE', '/api/v1/prompts/it-tone', undefined, 'admin');
      await api('DELETE', '/api/v1/prompts/it-tone?language=zh_CN', undefined, 'admin');
    }
  });

  it('given a PDF upload then it is in the outgoing fax folder; a received fax downloads as TIFF (supervisors only)', async () => {
    const work = mkdtempSync(join(tmpdir(), 'media-fax-'));
    try {
      writeTestPdf(join(work, 'offer.pdf'), 1);
      const pdf = readFileSync(join(work, 'offer.pdf')).toString('base64');
      const name = `it-${Date.now()}.pdf`;
      const up = await api('POST', '/api/v1/faxes/files', { name, content: pdf }, await agent('1001'));
      expect(up.status, JSON.stringify(up.body)).to.equal(201);
      const out = `${site.product.paths.hostVarDir}/${FAX_OUT_DIR}/${name}`;
      expect(readFileSync(out).toString('base64')).to.equal(pdf);
      expect((await api('POST', '/api/v1/faxes/files', { name, content: pdf })).status, 'no silent overwrite').to.equal(409);
      expect((await api('POST', '/api/v1/faxes/files', { name: 'it-bad.pdf', content: Buffer.from('not a pdf').toString('base64') })).status).to.equal(400);
      expect(existsSync(`${site.product.paths.hostVarDir}/${FAX_OUT_DIR}/it-bad.pdf`)).to.equal(false);
      rmSync(out);

      const guid = randomUUID();
      const tif = `${site.product.paths.hostVarDir}/${FAX_IN_DIR}/${guid}.tif`;
      writeFaxTiff(tif);
      await app().pool.query(`INSERT INTO fax_records (guid, direction, caller, callee, file, started_at, ended_at, result, pages)
        VALUES (?, 'in', '13900000002', '02566660002', ?, NOW(3), NOW(3), 'success', 1)`, [guid, `${site.product.paths.varDir}/${FAX_IN_DIR}/${guid}.tif`]);
      const file = await raw(`/api/v1/faxes/${guid}/file?download=1`);
      expect(file.status).to.equal(200);
      expect(file.headers.get('content-type')).to.equal('image/tiff');
      expect(file.body.equals(readFileSync(tif))).to.equal(true);
      expect((await raw(`/api/v1/faxes/${guid}/file`, await agent('1001'))).status).to.equal(403);
      rmSync(tif);
      expect((await raw(`/api/v1/faxes/${guid}/file`)).status, 'the file is gone').to.equal(404);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('given the queue overflows to voicemail then the message is in the group\'s box, the sales phones\' lamps light, and heard/delete follow', async () => {
    configChanged = true;
    capture = await PacketCapture.start('media-mwi', 'udp port 5060 and host 127.0.0.5');
    await changeConfig("UPDATE agent_groups SET max_wait_sec = 1 WHERE name = 'sales'");
    for (const e of SALES) app().agents.apply(e, { type: 'not-ready', reason: 'meeting' });
    const number = uniqueCaller();
    const caller = await carrierA.call(`PJSIP/${DID}@product`, { callerId: `<${number}>` });
    await carrierA.waitForAnswer(caller, 5000);
    await carrierA.sendDtmf(caller, '1');
    await until('the voicemail to record', 10000, () => inboundCalls().some((c) => c.phaseName === 'voicemail'), 50);
    const guid = inboundCalls()[0].guid;
    await carrierA.play(caller, 'tt-monkeys');
    await until('1 s of message', 10000, () => fileSize(`${site.product.paths.hostVarDir}/spool/recording/vm-${guid}.wav`) > 16000, 100);
    await carrierA.hangup(caller);
    expect((await recordByGuid(guid)).status).to.equal(16);

    type Msg = { guid: string; mailbox: string; caller: string; heard: boolean; audio: string };
    const mine = await api<{ messages: Msg[] }>('GET', '/api/v1/voicemail', undefined, await agent('1001'));
    const msg = mine.body.messages.find((m) => m.guid === guid);
    expect(msg).to.include({ mailbox: 'group:sales', caller: number, heard: false });
    expect((await api<{ messages: Msg[] }>('GET', '/api/v1/voicemail', undefined, await agent('1003'))).body.messages.map((m) => m.guid)).not.to.include(guid);
    expect((await api('GET', '/api/v1/voicemail?mailbox=group:sales', undefined, await agent('1003'))).status).to.equal(403);
    const audio = await raw(msg!.audio, await agent('1002'), { range: 'bytes=0-43' });
    expect(audio.status).to.equal(206);
    expect(audio.body.toString('latin1', 0, 4)).to.equal('RIFF');

    type Lamp = { extension: string; new: number; old: number };
    const sales = async () => (await api<{ mailboxes: { mailbox: string; new: number; old: number }[] }>('GET', '/api/v1/voicemail/mailboxes')).body.mailboxes.find((b) => b.mailbox === 'group:sales') ?? { new: 0, old: 0 };
    /** Waits until the product says it told the phone these counts; answers the body line they make. */
    const lampOf = async (ext: string, counts: { new: number; old: number }) => {
      await until(`${ext}'s lamp to be told ${counts.new}/${counts.old}`, 10000, async () =>
        (await api<{ lamps: Lamp[] }>('GET', '/api/v1/voicemail/lamps')).body.lamps.some((l) => l.extension === ext && l.new === counts.new && l.old === counts.old), 100);
      return `Voice-Message: ${counts.new}/${counts.old} (0/0)`;
    };
    const expected: string[] = [];
    const lit = await sales();
    for (const ext of SALES) expected.push(`${ext} ${await lampOf(ext, lit)}`);

    expect((await api('POST', `/api/v1/voicemail/${guid}/heard`, {}, await agent('1001'))).status).to.equal(200);
    expected.push(`1001 ${await lampOf('1001', await sales())}`);
    const del = await api('DELETE', `/api/v1/voicemail/${guid}`, undefined, await agent('1002'));
    expect(del.status).to.equal(200);
    expected.push(`1002 ${await lampOf('1002', await sales())}`);
    expect(existsSync(`${site.product.paths.hostVarDir}/spool/recording/vm-${guid}.wav`)).to.equal(false);
    expect((await api('GET', `/api/v1/voicemail/${guid}/audio`)).status).to.equal(404);
    expect((await api<{ recordings: unknown[] }>('GET', `/api/v1/recordings?caller=${number}`)).body.recordings, 'gone from the recordings search').to.deep.equal([]);

    // On the wire: each lamp change reached the phone's registered contact at 127.0.0.5 as a NOTIFY message-summary.
    await capture.stop();
    const toPhone = async (text: string) => (await capture!.rows(`sip.Method == "NOTIFY" && sip.Event == "message-summary" && frame contains "${text}"`, ['sip.r-uri']))
      .map(([uri]) => /^sip:(\d+)@127\.0\.0\.5/.exec(uri)?.[1]);
    for (const e of expected) {
      const [ext, line] = [e.slice(0, 4), e.slice(5)];
      expect(await toPhone(line), `NOTIFY ${e}`).to.include(ext);
    }
    expect((await toPhone('Messages-Waiting')).filter((x) => x === '1003' || x === '1004'), 'support phones get no lamp').to.deep.equal([]);
    const [rows] = await app().pool.query<RowDataPacket[]>('SELECT status FROM call_records WHERE guid = ?', [guid]);
    expect(rows[0].status, 'the call record stays').to.equal(16);
  });
  it('given the media page then a supervisor uploads a prompt in the browser, sees it listed with its flow name and previews it', async () => {
    const work = mkdtempSync(join(tmpdir(), 'media-page-'));
    const browser = await chromium.launch({
      executablePath: process.env.CC_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--autoplay-policy=no-user-gesture-required'],
    });
    try {
      execFileSync('sox', ['-n', '-r', '22050', '-c', '1', join(work, 'welcome.ogg'), 'synth', '1', 'sine', '700']);
      const context = await browser.newContext({ httpCredentials: { username: TEST_API.admin.name, password: TEST_API.admin.password }, viewport: { width: 1366, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${apiBase()}/media`);
      await page.fill('#pr-name', 'it-page-welcome');
      await page.fill('#pr-lang', 'zh_CN');
      await page.setInputFiles('#pr-file', join(work, 'welcome.ogg'));
      await page.click('#pr-form button[type=submit]');
      const row = page.locator('#pr-out tr[data-prompt="it-page-welcome"][data-language="zh_CN"]');
      await row.waitFor({ timeout: 10000 });
      expect(await row.locator('td').nth(3).textContent()).to.equal('file:it-page-welcome');
      const played = await row.locator('audio').evaluate((a: AudioEl) => new Promise<number>((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`not playing: readyState ${a.readyState}, error ${a.error?.code}`)), 10000);
        a.addEventListener('timeupdate', () => { if (a.currentTime > 0.2) { clearTimeout(timer); a.pause(); done(a.duration); } });
        void a.play().catch(fail);
      }));
      expect(played).to.be.within(0.9, 1.2);
      await page.locator('#rec-out tr').first().waitFor({ timeout: 5000 });
      await page.screenshot({ path: join(ARTIFACTS, 'media.png'), fullPage: true });
    } finally {
      await browser.close();
      rmSync(work, { recursive: true, force: true });
      await api('DELETE', '/api/v1/prompts/it-page-welcome?language=zh_CN', undefined, 'admin');
    }
  });
});
