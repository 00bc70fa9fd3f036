/**
 * make demo-call (issue 17, item 5) against the test site, through the real command (a child
 * process with the test site's config). The test site runs its own carrier-a and phones at the
 * demo's addresses, as real parties would: the first tests prove the demo leaves them alone
 * (it refuses to play a carrier whose address is taken, and rings real phones instead of
 * simulating them). The others take the test's carrier-a and phones away first (phones
 * unregistered, then stopped), so the site looks like a fresh demo site after `make run`,
 * and bring them back after each test.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import type { RowDataPacket } from 'mysql2/promise';
import { configPath } from '../../src/config';
import { instancePaths, pid } from '../../src/asterisk/instance';
import { addressInUse } from '../../src/demo/ports';
import { parseContacts } from '../../src/demo/peer-config';
import { site } from './harness/site';
import { TEST_API, TEST_DB } from './harness/product';
import { resetAgents } from './harness/contact-center';
import { until } from './harness/wait';
import type { Peer } from './harness/peer';

const CLI = resolve(__dirname, '../../src/cli/demo-call.js');
const AGENTS = ['1001', '1002', '1003', '1004'];
const app = () => site.product.app;

let configDir = '';

/** Runs the command as `make demo-call` does, against the test site; bounded. */
function demoCall(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, CC_CONFIG: join(configDir, 'callcenter.json'), CC_DB_NAME: TEST_DB, CC_ASTERISK_INSTANCE: 'test', ...env },
    });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => child.kill('SIGINT'), 100000);
    child.on('exit', (code) => { clearTimeout(timer); done({ code, out }); });
  });
}

async function productContacts() {
  return parseContacts(await site.product.cli('pjsip show contacts'));
}

const demoInstancesRunning = () => ['demo-carrier-a', 'demo-phones'].filter((n) => pid(instancePaths(site.product.config.asterisk.root, n)) !== null);

/** Takes test peers away as if they had never been there: phones unregister first (unless they vanish). */
async function takeAway(peers: Peer[], unregister = true): Promise<void> {
  if (unregister && peers.includes(site.phones)) {
    await site.phones.cli('pjsip send unregister *all');
    await until('the test phones to unregister', 10000, async () => !(await productContacts()).some((c) => AGENTS.includes(c.aor)), 100);
  }
  await Promise.all(peers.map((p) => p.stop()));
}

async function bringBack(peers: Peer[]): Promise<void> {
  await Promise.all(peers.map((p) => p.start()));
  if (peers.includes(site.phones)) {
    await until('test phones registered again', 30000, async () => (await Promise.all(AGENTS.map((e) => site.phones.registrationStatus(`reg-${e}`)))).every((s) => s === 'Registered'), 250);
  }
  if (peers.includes(site.carrierA)) {
    await site.product.cli('pjsip send register carrier-a');
    await site.trunksReady();
  }
}

async function record(guid: string): Promise<RowDataPacket> {
  const [rows] = await app().pool.query<RowDataPacket[]>('SELECT * FROM call_records WHERE guid = ?', [guid]);
  return rows[0];
}

const guidIn = (out: string): string => {
  const m = /call record id ([0-9a-f-]{36})/.exec(out);
  if (!m) throw new Error(`no call record id in the output:\n${out}`);
  return m[1];
};

/** The lines appear in this order in the output. */
function inOrder(out: string, lines: RegExp[]): void {
  let at = 0;
  for (const re of lines) {
    const m = re.exec(out.slice(at));
    expect(m, `${re} after position ${at} in:\n${out}`).to.not.equal(null);
    at += m!.index + m![0].length;
  }
}

/** After a demo call: nothing of it listens, registers or runs. */
async function nothingLeft(): Promise<void> {
  expect(demoInstancesRunning(), 'demo parties still running').to.deep.equal([]);
  expect(await addressInUse('127.0.0.2', 5060), 'something listens at carrier-a\'s address').to.equal(null);
  expect(await addressInUse('127.0.0.5', 5060), 'something listens at the phones\' address').to.equal(null);
  expect((await productContacts()).filter((c) => AGENTS.includes(c.aor)), 'phones still registered').to.deep.equal([]);
}

describe('demo call: make demo-call on a site without SIP hardware (issue 17, 5)', function () {
  this.timeout(120000);

  before(() => {
    // The test site's config (its API users) in a file of its own, as the command reads one.
    configDir = mkdtempSync(join(tmpdir(), 'cc-demo-call-'));
    const raw = JSON.parse(readFileSync(configPath(), 'utf8'));
    raw.api = { ...raw.api, users: [TEST_API.admin, TEST_API.supervisor], tokens: [TEST_API.token] };
    writeFileSync(join(configDir, 'callcenter.json'), JSON.stringify(raw), { mode: 0o600 });
  });

  after(() => rmSync(configDir, { recursive: true, force: true }));

  beforeEach(() => resetAgents());

  it('given a real carrier-a at 127.0.0.2 then it refuses with what to do and starts or registers nothing', async () => {
    const { code, out } = await demoCall([]);
    expect(code, out).to.equal(1);
    expect(out).to.contain('ERROR: 127.0.0.2:5060 (SIP) is in use').and.to.contain('What to do:');
    expect(demoInstancesRunning()).to.deep.equal([]);
    const contacts = await productContacts();
    expect(contacts.filter((c) => AGENTS.includes(c.aor)).map((c) => c.uri).every((u) => u.includes('@127.0.0.5'))).to.equal(true);
  });

  it('given a site whose SIP is not on loopback then it refuses before simulating anything', async () => {
    const { code, out } = await demoCall([], { CC_SIP_BIND: '192.0.2.10' });
    expect(code, out).to.equal(1);
    expect(out).to.contain('192.0.2.10, not on loopback').and.to.contain('never plays carriers or phones on a real site');
    expect(demoInstancesRunning()).to.deep.equal([]);
  });

  describe('with the test phones registered (real phones for every agent)', () => {
    beforeEach(() => takeAway([site.carrierA]));
    afterEach(async function () {
      this.timeout(60000);
      await bringBack([site.carrierA]);
    });

    it('given a demo call then only carrier-a is simulated and the real phone that rings is left to answer', async () => {
      const running = demoCall(['--hold=2']);
      const agent = await site.phones.waitForCall((c) => c.exten === '1001' || c.exten === '1002', 30000);
      await site.phones.answer(agent.id);
      const { code, out } = await running;
      expect(code, out).to.equal(0);
      expect(out).to.match(/real phones, not simulated: 1001 \(sip:1001@127\.0\.0\.5/);
      expect(out).to.contain('starting carrier-a at 127.0.0.2').and.to.not.contain('phones at 127.0.0.5');
      expect((await record(guidIn(out))).status).to.equal(9);
      expect(demoInstancesRunning()).to.deep.equal([]);
    });
  });

  describe('on a site without any carrier or phone (a fresh demo site)', () => {
    beforeEach(() => takeAway([site.carrierA, site.phones]));
    afterEach(async function () {
      this.timeout(60000);
      await bringBack([site.carrierA, site.phones]);
    });

    it('given the default demo call then carrier-a calls the DID, presses 1, a simulated sales phone answers, they talk and the record is written', async () => {
      const { code, out } = await demoCall(['--hold=3']);
      expect(code, out).to.equal(0);
      inOrder(out, [
        /starting carrier-a at 127\.0\.0\.2, phones at 127\.0\.0\.5/,
        /phones 1001, 1002, 1003, 1004 registered/,
        /calling 02566668888 from 13800138000/,
        /call [0-9a-f-]{36} started: inbound 13800138000 -> 02566668888/,
        /IVR answered \(flow main\)/,
        /DTMF 1 sent/,
        /queued in sales/,
        /100[12] ringing \(agent of sales\); screen pop: caller 13800138000/,
        /phone 100[12] answers \(simulated\)/,
        /answered by 100[12]/,
        /talking 3 s/,
        /audio: the caller received [1-9]\d* RTP packets/,
        /the caller \(13800138000\) hangs up/,
        /hung up by the caller/,
        /call record id [0-9a-f-]{36} \(call_records\.guid\): status 9/,
        /stopped carrier-a \(127\.0\.0\.2\), phones \(127\.0\.0\.5\); phones 1001, 1002, 1003, 1004 unregistered/,
      ]);
      expect(out, 'library noise in the output').to.not.contain('Swagger');
      const row = await record(guidIn(out));
      expect(row).to.include({ status: 9, caller: '13800138000', callee: '02566668888', group_name: 'sales', hangup_by: 'caller' });
      expect(Number(row.talk_sec)).to.be.within(2.5, 6);
      await nothingLeft();
    });

    it('given AGENT_ANSWER=no then the phone rings, nobody answers, the caller gives up and the call is abandoned', async () => {
      const { code, out } = await demoCall(['--agent-answer=no', '--hold=2', '--dtmf=2']);
      expect(code, out).to.equal(0);
      inOrder(out, [/queued in support/, /100[34] ringing/, /nobody answers \(AGENT_ANSWER=no\)/, /the caller \(13800138000\) hangs up/, /call record id/]);
      expect(out).to.not.match(/answered by/);
      expect((await record(guidIn(out))).status).to.be.oneOf([8, 13]);
      await nothingLeft();
    });

    it('given HANGUP=agent SCORE=4 then the agent hangs up first and the caller\'s survey key is stored', async () => {
      const { code, out } = await demoCall(['--hold=2', '--hangup=agent', '--score=4']);
      expect(code, out).to.equal(0);
      inOrder(out, [/answered by 100[12]/, /phone 100[12] hangs up/, /hung up by the agent/, /survey: the caller presses 4/, /call record id .*survey score 4/]);
      expect(await record(guidIn(out))).to.include({ status: 9, hangup_by: 'agent', survey_score: 4 });
      await nothingLeft();
    });

    it('given FROM=1001 TO=1003 then a simulated 1001 calls 1003, which answers: an internal call', async () => {
      const { code, out } = await demoCall(['--from=1001', '--to=1003', '--hold=2', '--hangup=agent']);
      expect(code, out).to.equal(0);
      inOrder(out, [/starting phones at 127\.0\.0\.5/, /phones 1001, 1003 registered/, /started: internal 1001 -> 1003/, /phone 1003 answers/, /talking 2 s/, /phone 1003 hangs up/, /call record id/]);
      expect(out).to.not.contain('carrier-a at');
      const row = await record(guidIn(out));
      expect(row).to.include({ direction: 'internal', caller: '1001', callee: '1003', status: 15 });
      await nothingLeft();
    });
  });

  describe('with the test phones gone without unregistering (the product still lists them)', () => {
    beforeEach(() => takeAway([site.carrierA, site.phones], false));
    afterEach(async function () {
      this.timeout(60000);
      await bringBack([site.carrierA, site.phones]);
    });

    it('given contacts at 127.0.0.5 where nothing listens then they are stale: the demo simulates those phones and the call is answered', async () => {
      expect((await productContacts()).filter((c) => AGENTS.includes(c.aor)), 'the stale contacts this test is about').to.have.length(4);
      const { code, out } = await demoCall(['--hold=2']);
      expect(code, out).to.equal(0);
      expect(out).to.not.contain('real phones');
      inOrder(out, [/phones 1001, 1002, 1003, 1004 registered/, /answered by 100[12]/, /call record id .*status 9/]);
      await nothingLeft();
    });
  });
});
