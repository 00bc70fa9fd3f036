import { expect } from 'chai';
import { site } from './harness/site';

const { phones, carrierA, carrierB, site2 } = site;

/** Places a call from a phone and returns the caller's channel and the time it was sent. */
async function dialFromPhone(ext: string, number: string) {
  const sentAt = Date.now();
  const id = await phones.call(`PJSIP/${number}@phone-${ext}`);
  return { id, sentAt };
}

describe('calls through the Stasis app', () => {
  it('given 1001 dials 1003 then 1003 rings within 2 s showing 1001, and a hang-up on either side ends both', async () => {
    const caller = await dialFromPhone('1001', '1003');
    const callee = await phones.waitForCall((c) => c.exten === '1003');
    expect(Date.now() - caller.sentAt, 'ring latency (ms)').to.be.below(2000);
    expect(callee.callerNumber).to.equal('1001');
    expect(callee.callerName).to.equal('Agent 1001');
    await phones.answer(callee.id);
    await phones.waitForAnswer(caller.id);
    expect(site.product.app.registry.size).to.equal(1);
    await phones.hangup(callee.id);
    await phones.waitForEnd(caller.id);
  });

  it('given 9057188888888 then carrier-a receives 057188888888 from 02566668888 (after its digest challenge)', async () => {
    const caller = await dialFromPhone('1001', '9057188888888');
    const out = await carrierA.waitForCall((c) => c.exten === '057188888888');
    expect(out.callerNumber).to.equal('02566668888');
    // carrier-a identifies the product by user name and challenges it: a call that got here was authenticated.
    expect(out.endpoint).to.equal('02566668888');
    await carrierA.answer(out.id);
    await phones.waitForAnswer(caller.id);
    await phones.hangup(caller.id);
    await carrierA.waitForEnd(out.id);
  });

  it('given 801012345678 then carrier-b receives 00861012345678 from 02566668888', async () => {
    const caller = await dialFromPhone('1002', '801012345678');
    const out = await carrierB.waitForCall((c) => c.exten === '00861012345678');
    expect(out.callerNumber).to.equal('02566668888');
    await carrierB.answer(out.id);
    await phones.waitForAnswer(caller.id);
    await carrierB.hangup(out.id);
    await phones.waitForEnd(caller.id);
  });

  it('given 2001 then site2 receives 2001 with the agent extension 1003 as caller', async () => {
    const caller = await dialFromPhone('1003', '2001');
    const out = await site2.waitForCall((c) => c.exten === '2001');
    expect(out.callerNumber).to.equal('1003');
    await site2.answer(out.id);
    await phones.waitForAnswer(caller.id);
    await phones.hangup(caller.id);
    await site2.waitForEnd(out.id);
  });

  it('given site2 dials 1004 then 1004 rings showing the site2 caller 2005', async () => {
    const caller = await site2.call('PJSIP/1004@product', { callerId: '"Branch" <2005>' });
    const callee = await phones.waitForCall((c) => c.exten === '1004');
    expect(callee.callerNumber).to.equal('2005');
    await phones.answer(callee.id);
    await site2.waitForAnswer(caller);
    await site2.hangup(caller);
    await phones.waitForEnd(callee.id);
  });

  it('given a number no rule matches then the caller is refused as unallocated and nothing rings', async () => {
    const caller = await dialFromPhone('1001', '5555');
    const cause = await phones.waitForEnd(caller.id);
    expect(cause).to.equal(1);
  });

  it('given the callee is busy then the caller gets busy', async () => {
    const caller = await dialFromPhone('1002', '1001');
    const callee = await phones.waitForCall((c) => c.exten === '1001');
    await phones.client.channels.hangup({ channelId: callee.id, reason: 'busy' });
    expect(await phones.waitForEnd(caller.id)).to.equal(17);
  });

  it('given the caller hangs up while the callee rings then the callee stops ringing', async () => {
    const caller = await dialFromPhone('1001', '1004');
    const callee = await phones.waitForCall((c) => c.exten === '1004');
    await phones.hangup(caller.id);
    await phones.waitForEnd(callee.id);
  });
});
