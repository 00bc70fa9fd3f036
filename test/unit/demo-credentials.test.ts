import { expect } from 'chai';
import { demoCredentialsProblem, isDemoPassword, isLoopback } from '../../src/security/demo-credentials';
import type { SipAccount } from '../../src/domain';

const account = (extension: string, password: string | null, over: Partial<SipAccount> = {}): SipAccount => ({
  extension, password, enabled: true, displayName: '', allowedIp: password === null ? '10.0.0.9' : null, dialContext: 'agents', codecs: ['ulaw'], autoReady: false, ...over,
});
const demo = ['1001', '1002', '1003', '1004'].map((e) => account(e, `secret${e}`));

describe('demo credentials on an exposed SIP address (issue 16, 3.2)', () => {
  it('given the seeded passwords or the secret<digits> pattern then they are demo passwords; real ones and none are not', () => {
    for (const p of ['secret1001', 'secret1004', 'secret1005', 'Secret2001', 'secret42']) expect(isDemoPassword(p), p).to.equal(true);
    for (const p of [null, '', 'secret', 'secret1001x', 'x-secret1001', 'Tr0ub4dor&3-long']) expect(isDemoPassword(p), String(p)).to.equal(false);
  });

  it('given loopback addresses then they are loopback; any other, or all interfaces, is not', () => {
    for (const a of ['127.0.0.1', '127.0.0.5', '127.255.255.254', '::1', 'localhost']) expect(isLoopback(a), a).to.equal(true);
    for (const a of ['0.0.0.0', '::', '192.0.2.10', '10.0.0.1', '128.0.0.1', 'sip.example.com']) expect(isLoopback(a), a).to.equal(false);
  });

  it('given the demo on loopback then nothing is wrong', () => {
    expect(demoCredentialsProblem('127.0.0.1', demo)).to.equal(null);
  });

  it('given SIP on a public address with demo passwords then the problem names the setting and the accounts, never a password, and says what to change', () => {
    const msg = demoCredentialsProblem('192.0.2.10', [...demo, account('1005', 'a-real-long-password')])!;
    expect(msg).to.contain('192.0.2.10').and.to.contain('sip.bindAddress').and.to.contain('1001, 1002, 1003, 1004');
    expect(msg).to.not.contain('1005');
    expect(msg).to.not.match(/secret100\d/);
    expect(msg).to.contain('UPDATE sip_accounts SET password');
    expect(msg).to.contain('127.0.0.1');
  });

  it('given SIP on all interfaces (0.0.0.0) and one demo password left then it is refused', () => {
    expect(demoCredentialsProblem('0.0.0.0', [account('1003', 'secret1003')])).to.contain('1003');
  });

  it('given SIP on a public address and the demo accounts disabled, IP-only or with new passwords then nothing is wrong', () => {
    const fixed = [account('1001', 'N3w-pass-for-1001'), account('1002', 'secret1002', { enabled: false }), account('1003', null)];
    expect(demoCredentialsProblem('192.0.2.10', fixed)).to.equal(null);
  });
});

describe('accounts read back from pjsip_generated.conf', () => {
  it('given a rendered file then the digest accounts and their passwords are found, trunks and IP-only devices are not', async () => {
    const { renderPjsipObjects } = await import('../../src/asterisk/pjsip-objects');
    const text = renderPjsipObjects({
      accounts: [...demo.slice(0, 2), account('1009', null)],
      trunks: [{ name: 'carrier-a', technology: 'pjsip', host: '127.0.0.2', port: 5060, username: '02566668888', password: 'secret5', register: true, registrationExpiry: 3600, inboundContext: 'from-carrier', codecs: ['ulaw'], enabled: true, noAnswerTimeout: 0 }],
    }, { transport: 'transport-udp', context: 'callcenter-in' });
    const { accountsInPjsipConf } = await import('../../src/security/demo-credentials');
    expect(accountsInPjsipConf(text).map((a) => [a.extension, a.password])).to.deep.equal([['1001', 'secret1001'], ['1002', 'secret1002']]);
    expect(demoCredentialsProblem('192.0.2.10', accountsInPjsipConf(text))).to.contain('1001, 1002');
  });
});
