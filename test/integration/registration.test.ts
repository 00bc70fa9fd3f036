import { expect } from 'chai';
import { site } from './harness/site';
import { until } from './harness/wait';
import { createPool } from '../../src/db/pool';
import { setAccountEnabled } from '../../src/db/telephony-repository';
import { pid } from '../../src/asterisk/instance';

const { phones, carrierA, product } = site;

describe('SIP registration', () => {
  it('given the demo phones then 1001..1004 are registered with digest auth', async () => {
    const contacts = await product.cli('pjsip show contacts');
    for (const ext of ['1001', '1002', '1003', '1004']) expect(contacts).to.match(new RegExp(`${ext}/sip:${ext}@127\\.0\\.0\\.5`));
  });

  it('given a wrong password then the registration is refused', async () => {
    await phones.cli('pjsip send register reg-wrong');
    await until('reg-wrong to be rejected', 10000, async () => (await phones.registrationStatus('reg-wrong')) === 'Rejected');
  });

  it('given carrier-a then the product holds a live registration that carrier-a granted for at most 120 s', async () => {
    const regs = await product.cli('pjsip show registrations');
    expect(regs).to.match(/carrier-a\/sip:127\.0\.0\.2:5060.*Registered/);
    // Asterisk shows the time left on the registration carrier-a granted ("Registered (exp. 87s)").
    const left = Number(/carrier-a\/sip:127\.0\.0\.2:5060.*Registered\s+\(exp\.\s+(\d+)s\)/.exec(regs)?.[1] ?? NaN);
    expect(left, `seconds left on the registration in: ${regs}`).to.be.within(1, 120);
    const aor = await carrierA.cli('pjsip show aor 02566668888');
    expect(aor).to.match(/Contact:\s+02566668888\/sip:02566668888@127\.0\.0\.1:5060/);
  });

  describe('given account 1004 is disabled in the database', () => {
    const pool = createPool(product.config.db);
    after(async () => {
      await setAccountEnabled(pool, '1004', true);
      await until('1004 to register again', 20000, async () => (await phones.registrationStatus('reg-1004')) === 'Registered', 250);
      await pool.end();
    });

    it('then within seconds, without restarting Asterisk, it can neither register nor place calls', async () => {
      const pidBefore = pid(product.paths);
      expect(await setAccountEnabled(pool, '1004', false)).to.equal(true);
      await until('1004 to vanish from Asterisk', 5000, async () => !(await product.cli('pjsip show endpoints')).includes('Endpoint:  1004/'));
      await phones.cli('pjsip send register reg-1004');
      await until('1004 registration to be refused', 10000, async () => (await phones.registrationStatus('reg-1004')) !== 'Registered', 250);
      const caller = await phones.call('PJSIP/1001@phone-1004');
      const cause = await phones.waitForEnd(caller);
      expect(cause).to.not.equal(16);
      expect(pid(product.paths), 'Asterisk was not restarted').to.equal(pidBefore);
    });
  });
});
