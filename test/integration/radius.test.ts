/**
 * S9: every call is accounted to a real RADIUS server (FreeRADIUS on 127.0.0.7). The app, with
 * radius.enabled in its site config, sends an Accounting-Start when the call is answered and an
 * Accounting-Stop when it ends, both with Acct-Session-Id = the call GUID; the Stop carries
 * caller, callee and duration. With radius.asteriskCdr, Asterisk's cdr_radius adds its own
 * per-CDR Stop records (CDR(userfield) = the GUID).
 */
import { expect } from 'chai';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { site } from './harness/site';
import { deferred, until } from './harness/wait';
import { RadiusServer, type RadiusRecord } from './harness/radius-server';
import { writeRadiusConfig } from '../../src/asterisk/site-config';
import type { Config } from '../../src/config';
import { DEFAULT_SPOOL_DIR } from '../../src/app';
import { FastAgiProcess } from './harness/fastagi-process';

const { phones, product } = site;
const radius = { enabled: true, server: '127.0.0.7', authPort: 18120, acctPort: 18130, secret: 'test-radius-secret', timeoutSec: 3, retries: 1, asteriskCdr: false, authorizeCalls: 'off' as const, authOnNoAnswer: 'refuse' as const };

/** 1001 calls 1003, 1003 answers; `whileUp` runs during the call (`whileRinging` before the answer); ~1.2 s of talk, 1003 hangs up. */
async function talk(whileUp: (guid: string) => Promise<void> = async () => undefined, whileRinging: () => Promise<void> = async () => undefined): Promise<string> {
  const started = deferred<string>('call.started for 1001 -> 1003', 5000);
  const unsubscribe = product.app.bus.subscribe((e) => { if (e.type === 'call.started' && e.caller === '1001' && e.callee === '1003') started.resolve(e.guid); });
  try {
    const caller = await phones.call('PJSIP/1003@phone-1001');
    const guid = await started.promise;
    const callee = await phones.waitForCall((c) => c.exten === '1003');
    await whileRinging();
    await phones.answer(callee.id);
    await phones.waitForAnswer(caller);
    await whileUp(guid);
    // Talk time is what is being measured here, not a synchronisation.
    await new Promise((r) => setTimeout(r, 1200));
    await phones.hangup(callee.id);
    await phones.waitForEnd(caller);
    return guid;
  } finally {
    unsubscribe();
  }
}

describe('RADIUS accounting of calls (S9)', () => {
  const server = new RadiusServer({ ip: radius.server, authPort: radius.authPort, acctPort: radius.acctPort, secret: radius.secret });

  /** The app reads radius.* at start, as with the setting in var/callcenter.json. */
  async function restartApp(changes: Partial<Config>): Promise<void> {
    await product.restartApp(changes);
    await until('the new app\'s ARI link and configuration', 15000, () => product.app.ari.current && product.app.liveConfig.current, 50);
  }

  before(async function () {
    this.timeout(60000);
    await server.start();
    await restartApp({ radius });
  });

  after(async function () {
    this.timeout(60000);
    try {
      await restartApp({});
    } finally {
      await server.stop();
    }
  });

  const session = (guid: string) => server.records().filter((r) => r['Acct-Session-Id'] === guid);

  it('given 1001 calls 1003 and they talk then FreeRADIUS receives an Accounting-Start at answer and an Accounting-Stop at hangup for the same session, the Stop with caller, callee and duration', async () => {
    let start: RadiusRecord | undefined;
    const guid = await talk(async (g) => {
      // The Start arrives while the call is still up: at answer, not with the Stop.
      start = await until('the RADIUS Start of the call', 5000, () => session(g).find((r) => r['Acct-Status-Type'] === 'Start'), 100);
      expect(session(g).map((r) => r['Acct-Status-Type']), 'no Stop before the hangup').to.deep.equal(['Start']);
    });
    const stop = await until('the RADIUS Stop of the call', 10000, () => session(guid).find((r) => r['Acct-Status-Type'] === 'Stop'), 100);

    expect(start!['Calling-Station-Id']).to.equal('1001');
    expect(start!['Called-Station-Id']).to.equal('1003');
    expect(start!['Asterisk-User-Field']).to.equal(guid);
    expect(start!['Acct-Session-Time'], 'a Start has no duration').to.equal(undefined);

    expect(stop['Calling-Station-Id']).to.equal('1001');
    expect(stop['Called-Station-Id']).to.equal('1003');
    expect(Number(stop['Acct-Session-Time'])).to.be.at.least(1).and.at.most(5);
    expect(stop['Acct-Terminate-Cause']).to.equal('User-Request');
    expect(stop['Asterisk-Src']).to.equal('1001');
    expect(stop['Asterisk-Dst']).to.equal('1003');
    expect(stop['Asterisk-User-Field']).to.equal(guid);
    expect(Number(stop['Asterisk-Bill-Sec'])).to.equal(Number(stop['Acct-Session-Time']));
    expect(Number(stop['Asterisk-Duration'])).to.be.at.least(Number(stop['Asterisk-Bill-Sec']));
    expect(stop['Asterisk-Disposition']).to.equal('ANSWERED');
    // The keys a server pairs Start and Stop on (FreeRADIUS' Acct-Unique-Session-Id) are equal.
    for (const key of ['User-Name', 'Acct-Session-Id', 'NAS-IP-Address']) expect(stop[key], key).to.equal(start![key]).and.not.equal(undefined);

    // Exactly one session for the call.
    expect(session(guid).map((r) => r['Acct-Status-Type'])).to.deep.equal(['Start', 'Stop']);
  });

  it('given the RADIUS server stops while a call rings and starts again after it ended then the Start and the Stop arrive once each, in order, with their delay', async function () {
    this.timeout(60000);
    const guid = await talk(async () => undefined, () => server.stop());
    // Both records given up on (timeout x retries) and waiting on disk, then the server comes back.
    const spool = resolve(product.config.spool.dir ? resolve(product.config.spool.dir) : DEFAULT_SPOOL_DIR, 'radius-accounting.jsonl');
    const waiting = () => [spool, `${spool}.replaying`].flatMap((f) => (existsSync(f) ? readFileSync(f, 'utf8').split('\n') : [])).filter((l) => l.includes(guid));
    await until('the Start and the Stop of the call in the spool file', 20000, () => waiting().length === 2, 200);
    await server.start(); // a fresh detail file: only what arrives from now on
    await until('the spooled Start and Stop of the call', 30000, () => session(guid).length >= 2, 200);
    const [start, stop] = session(guid);
    expect(session(guid).map((r) => r['Acct-Status-Type']), 'once each, the Start first').to.deep.equal(['Start', 'Stop']);
    expect(start['Calling-Station-Id']).to.equal('1001');
    expect(Number(stop['Acct-Session-Time'])).to.be.at.least(1).and.at.most(5);
    // Acct-Delay-Time: the Start waited at least the talk time (RFC 2866 5.2).
    expect(Number(start['Acct-Delay-Time'])).to.be.at.least(1);
  });

  describe('with radius.asteriskCdr (Asterisk\'s cdr_radius records as well)', () => {
    before(async function () {
      this.timeout(30000);
      // The product's own generator writes the radcli files, as `make run` does with the setting.
      writeRadiusConfig(product.paths, { ...product.config, radius: { ...radius, asteriskCdr: true } } as Config);
      await product.cli('module load cdr_radius.so');
      expect(await product.cli('module show like cdr_radius')).to.match(/cdr_radius\.so.*Running/);
    });

    after(async () => {
      await product.cli('module unload cdr_radius.so');
      writeRadiusConfig(product.paths, product.config);
    });

    it('given 1001 calls 1003 and they talk then cdr_radius also sends the CDR as a Stop with caller, callee, duration and the call GUID', async () => {
      const guid = await talk();
      const record = await until('the cdr_radius record of the call', 15000, () => server.records().find((r) => r['Asterisk-User-Field'] === guid && r['Asterisk-Chan'] !== undefined), 200);
      expect(record['Acct-Status-Type']).to.equal('Stop');
      expect(record['Asterisk-Src']).to.equal('1001');
      expect(record['Asterisk-Dst']).to.equal('1003');
      expect(record['Asterisk-Disposition']).to.equal('ANSWERED');
      expect(Number(record['Asterisk-Duration'])).to.be.at.least(1);
      expect(Number(record['Asterisk-Bill-Sec'])).to.be.at.least(1).and.at.most(Number(record['Asterisk-Duration']));
      expect(record['Asterisk-Chan']).to.match(/^PJSIP\/1001-/);
      expect(record['Asterisk-Dst-Chan']).to.match(/^PJSIP\/1003-/);
      expect(record['Acct-Session-Id']).to.equal(record['Asterisk-Unique-ID']);
      // The app's own session for the same call is there too, keyed by the GUID.
      await until('the app\'s Stop of the call', 10000, () => session(guid).some((r) => r['Acct-Status-Type'] === 'Stop'), 100);
    });
  });

  describe('calls routed by FastAGI while the app is away', () => {
    const config = resolve(__dirname, '../../../var/test-agi-radius.json');
    let agi: FastAgiProcess;

    before(async function () {
      this.timeout(30000);
      // FastAGI reads the same file as the app, with radius on.
      const file = JSON.parse(readFileSync(resolve(__dirname, '../../../var/callcenter.json'), 'utf8')) as Record<string, unknown>;
      writeFileSync(config, JSON.stringify({ ...file, radius }), { mode: 0o600 });
      agi = new FastAgiProcess(4573, { CC_CONFIG: config });
      await product.stopApp();
      await agi.start();
    });

    after(async function () {
      this.timeout(30000);
      await agi?.kill();
      rmSync(config, { force: true });
      await product.startAppAgain();
    });

    it('given the app is stopped and 1001 calls 1003 through FastAGI then FreeRADIUS receives the Start and the Stop of one session with the app\'s attributes', async () => {
      const seen = server.records().length;
      const caller = await phones.call('PJSIP/1003@phone-1001');
      const callee = await phones.waitForCall((c) => c.exten === '1003', 8000);
      await phones.answer(callee.id);
      await phones.waitForAnswer(caller);
      await new Promise((r) => setTimeout(r, 1200)); // talk time, measured below
      await phones.hangup(callee.id);
      await phones.waitForEnd(caller);
      const fresh = () => server.records().slice(seen).filter((r) => r['Calling-Station-Id'] === '1001');
      await until('the FastAGI call\'s Start and Stop', 15000, () => fresh().length >= 2, 200);
      const [start, stop] = fresh();
      expect(fresh().map((r) => r['Acct-Status-Type'])).to.deep.equal(['Start', 'Stop']);
      expect(stop['Acct-Session-Id']).to.equal(start['Acct-Session-Id']).and.match(/^[0-9a-f-]{36}$/);
      expect(start['Called-Station-Id']).to.equal('1003');
      expect(stop['Asterisk-User-Field']).to.equal(stop['Acct-Session-Id']);
      expect(Number(stop['Acct-Session-Time'])).to.be.at.least(1).and.at.most(5);
      expect(stop['Asterisk-Disposition']).to.equal('ANSWERED');
    });
  });
});
