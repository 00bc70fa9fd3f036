/**
 * R8 toll fraud with real calls: classes of service, the whitelist for agents without outbound
 * permission, and limits of simultaneous outside calls per account and per trunk.
 */
import { expect } from 'chai';
import type { RowDataPacket } from 'mysql2/promise';
import { site } from './harness/site';
import { until } from './harness/wait';
import { changeConfig, restoreDemoConfig } from './harness/contact-center';
import { hangUpEverything } from './harness/cti';

const { phones, carrierA, carrierB } = site;
const app = () => site.product.app;

/** 1004 dials; resolves with the phone's channel and, if the call is refused, the record. */
async function refusedCall(number: string) {
  const out = await phones.call(`PJSIP/${number}@phone-1004`);
  await phones.waitForEnd(out, 10000); // the prompt plays, then the product hangs up
  await app().records.flush();
  return until(`the refusal record for ${number}`, 5000, async () => {
    const [rows] = await app().pool.query<RowDataPacket[]>("SELECT * FROM call_records WHERE caller = '1004' AND callee = ? AND status = 12 ORDER BY started_at DESC LIMIT 1", [number]);
    return rows[0];
  });
}

/** 1004 dials out and carrier-a answers; resolves with both channel ids. */
async function outsideCall(number: string, expectAtCarrier: string) {
  const out = await phones.call(`PJSIP/${number}@phone-1004`);
  const got = await carrierA.waitForCall((c) => c.exten === expectAtCarrier, 5000);
  await carrierA.answer(got.id);
  await phones.waitForAnswer(out, 5000);
  return { out, got };
}

describe('toll fraud (R8): classes of service, whitelist, call limits', function () {
  this.timeout(60000);

  afterEach(async function () {
    this.timeout(20000);
    if (this.currentTest?.state === 'failed') await hangUpEverything();
    await site.settle();
    await restoreDemoConfig();
  });

  it('given 1004 is of class local then an international 8N call is refused with a prompt and a record, and a local 9N call goes out', async () => {
    await changeConfig("UPDATE sip_accounts SET call_class = 'local' WHERE extension = '1004'");
    const rec = await refusedCall('80012025550123');
    expect(rec.end_reason).to.equal('class-of-service');
    expect(await carrierB.channelCount(), 'nothing reached the international carrier').to.equal(0);
    const { out, got } = await outsideCall('957188880001', '57188880001');
    await phones.hangup(out);
    await carrierA.waitForEnd(got.id);
  });

  it('given 1004 has no outbound permission then only whitelisted numbers go out (9110 is, 9N is not); internal calls still work', async () => {
    await changeConfig("UPDATE sip_accounts SET outbound_allowed = 0 WHERE extension = '1004'");
    expect((await refusedCall('957188880002')).end_reason).to.equal('not-whitelisted');
    expect((await refusedCall('91105550000')).end_reason, 'the whitelist holds exact numbers').to.equal('not-whitelisted');
    const { out, got } = await outsideCall('9110', '110');
    await phones.hangup(out);
    await carrierA.waitForEnd(got.id);
    const internal = await phones.call('PJSIP/1003@phone-1004');
    const ring = await phones.waitForCall((c) => c.exten === '1003', 5000);
    await phones.hangup(internal);
    await phones.waitForEnd(ring.id);
  });

  it('given 1004 may have one outside call at a time then a second one while the first is up is refused', async () => {
    await changeConfig("UPDATE sip_accounts SET max_outbound_calls = 1 WHERE extension = '1004'");
    const first = await outsideCall('957188880003', '57188880003');
    expect((await refusedCall('957188880004')).end_reason).to.equal('outbound-limit');
    await phones.hangup(first.out);
    await carrierA.waitForEnd(first.got.id);
  });

  it('given carrier-a carries one call at most then a second 9N call while one is up gets no trunk', async () => {
    await changeConfig("UPDATE trunks SET max_channels = 1 WHERE name = 'carrier-a'");
    const first = await outsideCall('957188880005', '57188880005');
    const second = await phones.call('PJSIP/957188880006@phone-1003');
    const cause = await phones.waitForEnd(second, 5000);
    expect(cause, 'congestion: no trunk available').to.be.oneOf([34, 38, 42]);
    await phones.hangup(first.out);
    await carrierA.waitForEnd(first.got.id);
  });
});
