/**
 * Issue 20 (source 001, Radius认证计费模块): RADIUS authentication of SIP accounts' calls against
 * a real FreeRADIUS (127.0.0.41, users file + PAP). With radius.authorizeCalls = outside, a
 * phone's outside call is routed only after an Access-Accept for its account; an Access-Reject
 * or a server that does not answer refuses it (status 12). Internal calls are not asked about.
 */
import { expect } from 'chai';
import type { RowDataPacket } from 'mysql2/promise';
import { site } from './harness/site';
import { until } from './harness/wait';
import { RadiusServer } from './harness/radius-server';
import { hangUpEverything } from './harness/cti';
import { resetAgents } from './harness/contact-center';
import type { Config } from '../../src/config';

const { phones, carrierA, product } = site;
const app = () => product.app;
const radius = {
  enabled: false, asteriskCdr: false, server: '127.0.0.41', authPort: 18121, acctPort: 18131, secret: 'test-radius-auth-secret',
  timeoutSec: 1, retries: 1, authorizeCalls: 'outside' as const, authOnNoAnswer: 'refuse' as const,
};
// 1001 is known with its SIP password; 1002 with another password; 1003 and 1004 are unknown.
const USERS = '1001 Cleartext-Password := "secret1001"\n1002 Cleartext-Password := "not-the-sip-password"\n';

/** The newest record of a call `ext` placed to `number`. */
async function recordOf(ext: string, number: string): Promise<RowDataPacket> {
  await app().records.flush();
  return until(`the record of ${ext} -> ${number}`, 8000, async () => {
    const [rows] = await app().pool.query<RowDataPacket[]>('SELECT * FROM call_records WHERE caller = ? AND callee = ? ORDER BY started_at DESC LIMIT 1', [ext, number]);
    return rows[0];
  }, 100);
}

describe('RADIUS authentication of SIP accounts\' calls (issue 20)', function () {
  this.timeout(60000);
  const server = new RadiusServer({ ip: radius.server, authPort: radius.authPort, acctPort: radius.acctPort, secret: radius.secret, users: USERS });
  const requests = () => server.records('auth-detail');

  async function restartApp(changes: Partial<Config>): Promise<void> {
    await product.restartApp(changes);
    await until('the new app\'s ARI link and configuration', 15000, () => app().ari.current && app().liveConfig.current, 50);
  }

  before(async () => {
    await server.start();
    await restartApp({ radius });
  });

  after(async () => {
    try {
      await restartApp({});
    } finally {
      await server.stop();
    }
  });

  beforeEach(() => resetAgents());
  afterEach(async function () {
    this.timeout(20000);
    if (this.currentTest?.state === 'failed') await hangUpEverything();
    await site.settle();
  });

  it('given FreeRADIUS accepts 1001 then its outside call goes out, after an Access-Request with its account, numbers and the call GUID', async () => {
    const caller = await phones.call('PJSIP/9057188880041@phone-1001');
    const out = await carrierA.waitForCall((c) => c.exten === '057188880041', 10000);
    await carrierA.answer(out.id);
    await phones.waitForAnswer(caller);
    await phones.hangup(caller);
    await carrierA.waitForEnd(out.id);
    const rec = await recordOf('1001', '9057188880041');
    const req = requests().find((r) => r['Acct-Session-Id'] === rec.guid);
    expect(req, `an Access-Request for call ${rec.guid} in ${JSON.stringify(requests())}`).to.not.equal(undefined);
    expect(req).to.deep.include({ 'User-Name': '1001', 'Calling-Station-Id': '1001', 'Called-Station-Id': '9057188880041' });
    expect(rec.status).to.equal(10); // placed and answered: the agent hung up first
  });

  it('given FreeRADIUS rejects 1002 (wrong password) and 1003 (unknown) then their outside calls are refused with status 12, nothing reaches the carrier', async () => {
    for (const ext of ['1002', '1003']) {
      const caller = await phones.call(`PJSIP/9057188880042@phone-${ext}`);
      await phones.waitForEnd(caller, 10000); // the prompt plays, then the product hangs up
      const rec = await recordOf(ext, '9057188880042');
      expect(rec).to.deep.include({ status: 12, end_reason: 'radius-reject' });
      expect(requests().some((r) => r['Acct-Session-Id'] === rec.guid && r['User-Name'] === ext), `an Access-Request for ${ext}`).to.equal(true);
    }
    expect(await carrierA.channelCount(), 'nothing reached the carrier').to.equal(0);
  });

  it('given an internal call then no Access-Request is sent (authorizeCalls = outside) and it rings', async () => {
    const before = requests().length;
    const caller = await phones.call('PJSIP/1004@phone-1003');
    const callee = await phones.waitForCall((c) => c.exten === '1004', 5000);
    await phones.answer(callee.id);
    await phones.waitForAnswer(caller);
    await phones.hangup(caller);
    await phones.waitForEnd(callee.id);
    expect(requests().length).to.equal(before);
  });

  it('given the RADIUS server does not answer then an outside call is refused (radius.authOnNoAnswer = refuse) after the retries', async () => {
    await server.stop();
    try {
      const caller = await phones.call('PJSIP/9057188880043@phone-1001');
      await phones.waitForEnd(caller, 15000);
      const rec = await recordOf('1001', '9057188880043');
      expect(rec).to.deep.include({ status: 12, end_reason: 'radius-no-answer' });
    } finally {
      await server.start();
    }
  });
});
