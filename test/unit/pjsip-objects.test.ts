import { expect } from 'chai';
import { renderPjsipObjects } from '../../src/asterisk/pjsip-objects';
import type { SipAccount, TrunkConfig } from '../../src/domain';

const account = (over: Partial<SipAccount> = {}): SipAccount => ({ extension: '1001', password: 'secret1001', enabled: true, displayName: 'Agent 1001', allowedIp: null, dialContext: 'agents', codecs: ['ulaw', 'alaw'], autoReady: false, ...over });
const trunk = (over: Partial<TrunkConfig> = {}): TrunkConfig => ({ name: 'carrier-a', technology: 'pjsip', host: '127.0.0.2', port: 5060, username: '02566668888', password: 'carrierpass', register: true, registrationExpiry: 3600, inboundContext: 'from-carrier', codecs: ['ulaw', 'alaw'], enabled: true, noAnswerTimeout: 0, ...over });
const opts = { transport: 'transport-udp', context: 'callcenter-in' };

describe('PJSIP objects from the database', () => {
  it('given an enabled account then endpoint, digest auth and a single-contact AOR are written', () => {
    const text = renderPjsipObjects({ accounts: [account()], trunks: [] }, opts);
    expect(text).to.contain('[1001](cc-phone)\ntype = endpoint');
    expect(text).to.contain('callerid = "Agent 1001" <1001>');
    expect(text).to.contain('[1001]\ntype = auth\nauth_type = digest\nusername = 1001\npassword = secret1001');
    expect(text).to.contain('[1001](cc-phone-aor)\ntype = aor\nmax_contacts = 1');
  });
  it('given codecs in an order then one allow line in that order and RFC 4733 DTMF', () => {
    const text = renderPjsipObjects({ accounts: [account({ codecs: ['g722', 'alaw', 'ulaw', 'gsm'] })], trunks: [trunk({ codecs: ['alaw', 'g729'] })] }, opts);
    expect(text).to.contain('disallow = all\nallow = g722,alaw,ulaw,gsm\ndtmf_mode = rfc4733');
    expect(text).to.contain('disallow = all\nallow = alaw,g729\ndtmf_mode = rfc4733');
    expect(text).to.contain('[carrier-a](cc-trunk)\ntype = endpoint');
    expect(text).to.contain('[carrier-a](cc-trunk-aor)\ntype = aor\ncontact = sip:127.0.0.2:5060');
  });
  it('given an unknown, repeated or missing codec, or telephone-event listed as a codec, then rendering refuses it', () => {
    expect(() => renderPjsipObjects({ accounts: [account({ codecs: ['ulaw', 'mp3'] })], trunks: [] }, opts)).to.throw(/account 1001: unknown codec "mp3"/);
    expect(() => renderPjsipObjects({ accounts: [account({ codecs: ['ulaw', 'ulaw'] })], trunks: [] }, opts)).to.throw(/listed twice/);
    expect(() => renderPjsipObjects({ accounts: [], trunks: [trunk({ codecs: [] })] }, opts)).to.throw(/trunk carrier-a: the codec list is empty/);
    expect(() => renderPjsipObjects({ accounts: [account({ codecs: ['ulaw', 'telephone-event'] })], trunks: [] }, opts)).to.throw(/RFC 4733/);
  });
  it('given a disabled account then nothing of it is written', () => {
    expect(renderPjsipObjects({ accounts: [account({ enabled: false })], trunks: [] }, opts)).to.not.contain('[1001]');
  });
  it('given an IP-authenticated device then no auth, an identify by IP and a static contact', () => {
    const text = renderPjsipObjects({ accounts: [account({ password: null, allowedIp: '10.0.0.9' })], trunks: [] }, opts);
    expect(text).to.not.contain('type = auth');
    expect(text).to.contain('[1001-ip]\ntype = identify\nendpoint = 1001\nmatch = 10.0.0.9');
    expect(text).to.contain('contact = sip:1001@10.0.0.9:5060');
  });
  it('given a registering trunk then registration with line support, outbound auth and identify by IP', () => {
    const text = renderPjsipObjects({ accounts: [], trunks: [trunk()] }, opts);
    expect(text).to.contain('type = registration');
    expect(text).to.contain('client_uri = sip:02566668888@127.0.0.2:5060');
    expect(text).to.contain('line = yes');
    expect(text).to.contain('outbound_auth = carrier-a-auth');
    expect(text).to.contain('[carrier-a-ip]\ntype = identify\nendpoint = carrier-a\nmatch = 127.0.0.2');
  });
  it('given an IP-trusted trunk then no auth and no registration', () => {
    const text = renderPjsipObjects({ accounts: [], trunks: [trunk({ name: 'carrier-b', username: null, password: null, register: false })] }, opts);
    expect(text).to.not.contain('registration');
    expect(text).to.not.contain('outbound_auth');
  });
  it('given a value that would break the config file then rendering refuses it', () => {
    expect(() => renderPjsipObjects({ accounts: [account({ password: 'x\n[evil]' })], trunks: [] }, opts)).to.throw(/account 1001: password may not hold/);
    expect(() => renderPjsipObjects({ accounts: [account({ displayName: 'a;b' })], trunks: [] }, opts)).to.throw(/account 1001: display name may not hold/);
  });
  it('given a trunk then it is known by its address only: identify_by ip, and an ACL that admits its host alone (issue 16, 3.1)', () => {
    const text = renderPjsipObjects({ accounts: [], trunks: [trunk()] }, opts);
    const endpoint = text.slice(text.indexOf('[carrier-a](cc-trunk)'), text.indexOf('[carrier-a-ip]'));
    expect(endpoint).to.contain('identify_by = ip\n');
    expect(endpoint).to.contain('deny = 0.0.0.0/0.0.0.0\npermit = 127.0.0.2/255.255.255.255');
    expect(endpoint, 'caller ID is taken from carriers only').to.contain('trust_id_inbound = yes');
    const v6 = renderPjsipObjects({ accounts: [], trunks: [trunk({ host: '2001:db8::5' })] }, opts);
    expect(v6).to.contain('deny = ::/0\npermit = 2001:db8::5/128');
    const named = renderPjsipObjects({ accounts: [], trunks: [trunk({ host: 'sip.carrier.example' })] }, opts);
    expect(named, 'a host name: identify resolves it; an ACL cannot').to.contain('identify_by = ip').and.not.to.contain('permit =');
  });
  it('given a phone then it is not limited to identification by address, and does not trust the caller ID it sends', () => {
    const text = renderPjsipObjects({ accounts: [account()], trunks: [] }, opts);
    expect(text).to.not.contain('identify_by').and.not.to.contain('trust_id_inbound');
  });
  it('given an empty password then rendering refuses it: an auth section without a password would let any password in (issue 16, 3.3)', () => {
    expect(() => renderPjsipObjects({ accounts: [account({ password: '' })], trunks: [] }, opts)).to.throw(/account 1001: the password is empty/);
  });
});
