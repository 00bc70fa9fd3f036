/**
 * `make run`'s supervisor (dist/src/cli/supervise.js, the same code) for real: the app is SIGKILLed
 * during a bridged call and comes back by itself; Asterisk and FastAGI stay up, the call keeps
 * talking, new calls connect meanwhile, the old call still ends cleanly from either side and is
 * recorded once by the app that adopted it. FastAGI killed is restarted too; SIGTERM stops both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import type { RowDataPacket } from 'mysql2/promise';
import { site } from './harness/site';
import { until } from './harness/wait';
import { portOpen } from './harness/fastagi-process';
import { TEST_DB } from './harness/product';
import { stopInProcessApp, uniqueCaller } from './harness/contact-center';
import type { Pool } from '../../src/db/pool';
import { bridgedChannels, rtpCounts, rtpFlowedSince } from './harness/media-stats';
import { APP_USER, hostUser } from '../../src/util/users';
import { canRead } from '../../src/supervisor/run-as';
import { asteriskIds } from '../../src/asterisk/instance';

const { phones, carrierA } = site;
const ROOT = resolve(__dirname, '../../..');
const RUN_DIR = resolve(ROOT, 'var/test-run');
const AGENTS = ['1001', '1002', '1003', '1004'];
const app = () => site.product.app;

const pidOf = (name: string): number => Number(readFileSync(resolve(RUN_DIR, `${name}.pid`), 'utf8').trim());
const alive = (pid: number): boolean => { try { process.kill(pid, 0); return true; } catch { return false; } };
const healthy = async (): Promise<boolean> => (await fetch('http://127.0.0.1:8080/api/v1/health', { signal: AbortSignal.timeout(1000) }).catch(() => null))?.status === 200;

describe('make run supervises the app and FastAGI (a crash never stops calls)', function () {
  this.timeout(120000);
  let sup: ChildProcess | null = null;
  let log = '';
  let pool: Pool;

  before(async function () {
    this.timeout(40000);
    pool = await stopInProcessApp();
    rmSync(RUN_DIR, { recursive: true, force: true });
    mkdirSync(RUN_DIR, { recursive: true });
    const file = createWriteStream(resolve(ROOT, 'var/log/test-supervisor.log'), { flags: 'a' });
    sup = spawn(process.execPath, [resolve(ROOT, 'dist/src/cli/supervise.js')], {
      env: { ...process.env, CC_DB_NAME: TEST_DB, CC_ASTERISK_INSTANCE: 'test', CC_LOG_LEVEL: 'info', CC_RUN_DIR: RUN_DIR, CC_ACD_NO_ANSWER_LOGOFF_SEC: '5' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const s of [sup.stdout!, sup.stderr!]) s.on('data', (d: Buffer) => { log += d.toString(); file.write(d); });
    await until('the supervised app healthy, its Stasis app registered and FastAGI listening', 25000,
      async () => (await healthy()) && (await site.product.cli('ari show apps')).includes('callcenter') && portOpen(4573), 200);
  });

  after(async function () {
    this.timeout(30000);
    if (sup && sup.exitCode === null) {
      const gone = new Promise((done) => sup!.once('exit', done));
      sup.kill('SIGTERM');
      await gone;
    }
    await pool?.end();
    if (!site.product.appRunning) await site.product.startAppAgain();
    await until('the app\'s ARI link', 15000, () => app().ari.current);
  });

  it('given make run as root then the app and FastAGI run as the unprivileged callcenter user and still apply a new account to Asterisk', async function () {
    const cc = hostUser(APP_USER);
    if (!cc) throw new Error(`no ${APP_USER} user on this host: make install creates it`);
    const asteriskGid = asteriskIds(site.product.config.asterisk.root).gid;
    if (!canRead({ user: APP_USER, ...cc, groups: [asteriskGid] }, [resolve(ROOT, 'dist/src/main.js')])) {
      console.log(`      (skipped: ${APP_USER} cannot read ${ROOT}; the supervisor runs the app as root there and says so)`);
      this.skip();
    }
    for (const name of ['app', 'fastagi']) {
      const status = readFileSync(`/proc/${pidOf(name)}/status`, 'utf8');
      const ids = (re: RegExp) => (re.exec(status)?.[1] ?? '').trim().split(/\s+/).filter(Boolean).map(Number);
      expect(ids(/^Uid:(.*)$/m), `${name}: real, effective, saved and fs uid`).to.deep.equal([cc.uid, cc.uid, cc.uid, cc.uid]);
      expect(ids(/^Gid:(.*)$/m), `${name}: gids`).to.deep.equal([cc.gid, cc.gid, cc.gid, cc.gid]);
      expect(ids(/^Groups:(.*)$/m), `${name}: only Asterisk's group besides its own`).to.deep.equal([asteriskGid]);
      expect(/^CapEff:\s*(\w+)$/m.exec(status)?.[1], `${name}: no capability`).to.match(/^0+$/);
      expect(/^NoNewPrivs:\s*(\d)$/m.exec(status)?.[1], `${name}: no_new_privs`).to.equal('1');
    }
    // The unprivileged app rewrites Asterisk's PJSIP objects and has them reloaded (over ARI).
    const known = async () => /Endpoint:\s+1098\b/.test(await site.product.cli('pjsip list endpoints'));
    await pool.query("INSERT INTO sip_accounts (extension, password, display_name) VALUES ('1098', 'a-generated-password-1098', 'least privilege')");
    try {
      await until('endpoint 1098 in Asterisk, written by the unprivileged app', 10000, known, 200);
      expect(statSync(join(site.product.paths.hostEtcDir, 'pjsip_generated.conf')).uid, 'written by the service user').to.equal(cc.uid);
    } finally {
      await pool.query("DELETE FROM sip_accounts WHERE extension = '1098'");
      await until('endpoint 1098 gone again', 10000, async () => !(await known()), 200);
      // A res_pjsip reload re-qualifies the phones; the next test must not inherit one marked Unavail.
      await site.phonesReachable();
    }
    expect(log, 'the supervisor says who the children run as').to.include(`the app and FastAGI run as ${APP_USER}`);
  });

  it('given a bridged call when the app is SIGKILLed then it is back within 10 s, calls connect meanwhile and the old call ends cleanly, recorded once', async () => {
    const number = uniqueCaller();
    const caller = await carrierA.call('PJSIP/02566668888@product', { callerId: `<${number}>` });
    await carrierA.waitForAnswer(caller, 5000);
    await carrierA.sendDtmf(caller, '1');
    const agent = await phones.waitForCall((c) => AGENTS.includes(c.exten), 8000);
    await phones.answer(agent.id);
    await until('customer and agent in one bridge', 5000, async () => bridgedChannels(await site.product.cli('core show channels concise')) >= 2, 100);
    await carrierA.play(caller, 'tt-monkeys');
    await phones.play(agent.id, 'tt-monkeys');

    const oldPid = pidOf('app');
    const agiPid = pidOf('fastagi');
    process.kill(oldPid, 'SIGKILL');
    const killedAt = Date.now();
    const before = await rtpCounts();
    expect(before.size, 'two channels with RTP stats').to.equal(2);
    await until('audio both ways on both channels after the kill', 5000, () => rtpFlowedSince(before), 250);

    // Meanwhile (FastAGI or the app, whichever is up) a new DID call and an internal call connect.
    const second = uniqueCaller();
    // FastAGI's last resort rings every agent of the group at once: the others' rings are expected.
    phones.tolerate((c) => c.callerNumber === second);
    const caller2 = await carrierA.call('PJSIP/02566668888@product', { callerId: `<${second}>` });
    // Whoever takes it rings an agent: FastAGI (app away) rings the agents before answering; the app
    // answers with the IVR first, where 1 = sales.
    const rings = phones.waitForCall((c) => AGENTS.includes(c.exten) && c.callerNumber === second, 20000);
    carrierA.waitForAnswer(caller2, 20000).then(() => carrierA.sendDtmf(caller2, '1')).catch(() => undefined);
    const agent2 = await rings;
    await phones.answer(agent2.id);
    await carrierA.waitForAnswer(caller2, 5000);
    await carrierA.hangup(caller2);
    await phones.waitForEnd(agent2.id);

    await until('the app restarted by the supervisor and healthy', 10000 - (Date.now() - killedAt) + 2000, async () => pidOf('app') !== oldPid && healthy(), 100);
    expect(Date.now() - killedAt, 'back within 10 s').to.be.below(10000);
    expect(log).to.match(/app exited unexpectedly; restarting it in 1 s/);
    expect(alive(agiPid), 'FastAGI untouched').to.equal(true);

    const internal = await phones.call('PJSIP/1004@phone-1003');
    const callee = await phones.waitForCall((c) => c.exten === '1004' && c.callerNumber === '1003', 8000);
    await phones.answer(callee.id);
    await phones.waitForAnswer(internal, 5000);
    await phones.hangup(internal);
    await phones.waitForEnd(callee.id);

    // The old call: the agent hangs up, the customer is cleared within 10 s, one record.
    await phones.hangup(agent.id);
    await carrierA.waitForEnd(caller, 10000);
    const rows = async () => (await pool.query<RowDataPacket[]>('SELECT status, end_reason FROM call_records WHERE caller = ?', [number]))[0];
    await until('the old call\'s record', 10000, async () => (await rows()).length > 0, 200);
    const recs = await rows();
    expect(recs, 'recorded exactly once').to.have.length(1);
    expect(recs[0]).to.include({ status: 9, end_reason: 'adopted-after-restart' });
  });

  it('given FastAGI is SIGKILLed then the supervisor restarts it and the app stays up', async () => {
    const agiPid = pidOf('fastagi');
    const appPid = pidOf('app');
    process.kill(agiPid, 'SIGKILL');
    await until('FastAGI restarted and listening', 10000, async () => pidOf('fastagi') !== agiPid && portOpen(4573), 100);
    expect(alive(appPid), 'the app untouched').to.equal(true);
  });

  it('given SIGTERM to the supervisor (Ctrl-C, make stop) then both children stop and nothing restarts', async () => {
    const pids = [pidOf('app'), pidOf('fastagi')];
    const code = new Promise<number | null>((done) => sup!.once('exit', (c) => done(c)));
    sup!.kill('SIGTERM');
    expect(await code).to.equal(0);
    await until('children gone', 5000, () => pids.every((p) => !alive(p)), 100);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await healthy(), 'no app restarted after the stop').to.equal(false);
  });
});
