/**
 * The first minute after "healthy" works like the hundredth: right after the app (re)starts and
 * /api/v1/health says ok, the first outside call, the first DID call and the first internal call
 * connect at once, without a warm-up.
 */
import { expect } from 'chai';
import { site } from './harness/site';
import { until } from './harness/wait';
import { api } from './harness/api-client';
import { resetAgents, uniqueCaller } from './harness/contact-center';

const { phones, carrierA } = site;

describe('the first calls after the app reports healthy', function () {
  this.timeout(60000);

  before(async function () {
    this.timeout(30000);
    await site.product.restartApp();
    await until('health ok', 15000, async () => (await api('GET', '/api/v1/health', undefined, null)).status === 200, 20);
  });

  it('given the app just said healthy then a 9N call reaches carrier-a within 2 s, a DID call is answered by the IVR and an internal call rings', async () => {
    const t0 = Date.now();
    const out = await phones.call('PJSIP/9057188888888@phone-1001');
    const atCarrier = await carrierA.waitForCall((c) => c.exten === '057188888888', 2000);
    expect(Date.now() - t0, 'ms from the dial to carrier-a').to.be.below(2000);
    await phones.hangup(out);
    await carrierA.waitForEnd(atCarrier.id);

    resetAgents();
    const did = await carrierA.call('PJSIP/02566668888@product', { callerId: `<${uniqueCaller()}>` });
    await carrierA.waitForAnswer(did, 2000);
    await carrierA.hangup(did);

    const internal = await phones.call('PJSIP/1003@phone-1002');
    const ringing = await phones.waitForCall((c) => c.exten === '1003' && c.callerNumber === '1002', 2000);
    await phones.hangup(internal);
    await phones.waitForEnd(ringing.id);
  });
});
