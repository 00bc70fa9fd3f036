/**
 * S9: every call is accounted to a real RADIUS server. cdr_radius (Asterisk) sends one
 * Accounting-Request per CDR to FreeRADIUS on 127.0.0.7; the customer's record carries caller,
 * callee, duration, billable seconds and the call GUID (CDR(userfield), set by the app).
 */
import { expect } from 'chai';
import { site } from './harness/site';
import { deferred, until } from './harness/wait';
import { RadiusServer } from './harness/radius-server';
import { writeRadiusConfig } from '../../src/asterisk/site-config';
import type { Config } from '../../src/config';

const { phones, product } = site;
const radius = { enabled: true, server: '127.0.0.7', authPort: 18120, acctPort: 18130, secret: 'test-radius-secret', timeoutSec: 3, retries: 1 };

describe('RADIUS accounting of calls (S9)', () => {
  const server = new RadiusServer({ ip: radius.server, authPort: radius.authPort, acctPort: radius.acctPort, secret: radius.secret });

  before(async function () {
    this.timeout(30000);
    await server.start();
    // The product's own generator writes the radcli files, as with radius.enabled in the site config.
    writeRadiusConfig(product.paths, { ...product.config, radius } as Config);
    await product.cli('module load cdr_radius.so');
    expect(await product.cli('module show like cdr_radius')).to.match(/cdr_radius\.so.*Running/);
  });

  after(async () => {
    await product.cli('module unload cdr_radius.so');
    writeRadiusConfig(product.paths, product.config);
    await server.stop();
  });

  it('given 1001 calls 1003 and they talk then FreeRADIUS receives an Accounting-Request with caller, callee, duration and the call GUID', async () => {
    const started = deferred<string>('call.started for 1001 -> 1003', 5000);
    const unsubscribe = product.app.bus.subscribe((e) => { if (e.type === 'call.started' && e.caller === '1001' && e.callee === '1003') started.resolve(e.guid); });
    let guid: string;
    try {
      const caller = await phones.call('PJSIP/1003@phone-1001');
      guid = await started.promise;
      const callee = await phones.waitForCall((c) => c.exten === '1003');
      await phones.answer(callee.id);
      await phones.waitForAnswer(caller);
      // Talk time is what is being measured here, not a synchronisation.
      await new Promise((r) => setTimeout(r, 1200));
      await phones.hangup(callee.id);
      await phones.waitForEnd(caller);
    } finally {
      unsubscribe();
    }

    const record = await until('the RADIUS record of the call', 15000, () => server.records().find((r) => r['Asterisk-User-Field'] === guid), 200);
    expect(record['Acct-Status-Type']).to.equal('Stop');
    expect(record['Asterisk-Src']).to.equal('1001');
    expect(record['Asterisk-Dst']).to.equal('1003');
    expect(record['Asterisk-Disposition']).to.equal('ANSWERED');
    expect(Number(record['Asterisk-Duration'])).to.be.at.least(1);
    expect(Number(record['Asterisk-Bill-Sec'])).to.be.at.least(1).and.at.most(Number(record['Asterisk-Duration']));
    expect(record['Asterisk-Chan']).to.match(/^PJSIP\/1001-/);
    expect(record['Asterisk-Dst-Chan']).to.match(/^PJSIP\/1003-/);
    expect(record['Acct-Session-Id']).to.equal(record['Asterisk-Unique-ID']);
  });
});
