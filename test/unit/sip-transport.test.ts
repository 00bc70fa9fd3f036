import { expect } from 'chai';
import { renderPjsipObjects } from '../../src/asterisk/pjsip-objects';
import { parseHostPort, trunkSip, transportSection } from '../../src/asterisk/sip-transport';
import type { SipAccount, TrunkConfig } from '../../src/domain';

const account = (over: Partial<SipAccount> = {}): SipAccount => ({ extension: '1001', password: 'secret1001', enabled: true, displayName: 'Agent 1001', allowedIp: null, dialContext: 'agents', codecs: ['ulaw', 'alaw'], autoReady: false, ...over });
const trunk = (over: Partial<TrunkConfig> = {}): TrunkConfig => ({ name: 'carrier-a', technology: 'pjsip', host: '127.0.0.2', port: 5060, username: '02566668888', password: 'carrierpass', register: true, registrationExpiry: 3600, inboundContext: 'from-carrier', codecs: ['ulaw', 'alaw'], enabled: true, noAnswerTimeout: 0, ...over });
const opts = { transport: 'transport-udp', context: 'callcenter-in' };
/** The lines of one generated section, e.g. section(text, 'ims', 'registration'). */
function sectionOf(text: string, name: string, type: string): string {
  const block = text.split('\n\n').find((b) => b.startsWith(`[${name}]`) && b.includes(`\ntype = ${type}\n`));
  if (!block) throw new Error(`no [${name}] ${type} in:\n${text}`);
  return block;
}
const ims = (over: Partial<TrunkConfig> = {}) => trunk({
  name: 'ims', host: 'registrar.ims.example', transport: 'tcp', outboundProxy: '192.0.2.10', sipDomain: 'ims.example',
  username: '+8641162596010', authUser: 'auth-8641162596010', password: 'imspass', ...over,
});

describe('SIP transports and IMS-style trunks (issue 20)', () => {
  it('given a UDP trunk without IMS options then it renders exactly as before', () => {
    const text = renderPjsipObjects({ accounts: [], trunks: [trunk()] }, opts);
    const reg = sectionOf(text, 'carrier-a', 'registration');
    expect(reg).to.contain('transport = transport-udp\n');
    expect(reg).to.contain('server_uri = sip:127.0.0.2:5060\nclient_uri = sip:02566668888@127.0.0.2:5060\ncontact_user = 02566668888\n');
    expect(reg).to.not.contain('outbound_proxy');
    expect(sectionOf(text, 'carrier-a-auth', 'auth')).to.contain('username = 02566668888');
    const endpoint = sectionOf(text, 'carrier-a', 'endpoint');
    expect(endpoint).to.not.contain('outbound_proxy');
    expect(endpoint).to.not.contain('from_domain');
    expect(sectionOf(text, 'carrier-a', 'aor')).to.contain('contact = sip:127.0.0.2:5060');
  });

  it('given a TCP trunk then registration, endpoint and URIs use transport-tcp', () => {
    const text = renderPjsipObjects({ accounts: [], trunks: [trunk({ transport: 'tcp' })] }, opts);
    expect(sectionOf(text, 'carrier-a', 'registration')).to.contain('transport = transport-tcp\n');
    expect(sectionOf(text, 'carrier-a', 'registration')).to.contain('server_uri = sip:127.0.0.2:5060\\;transport=tcp\n');
    expect(sectionOf(text, 'carrier-a', 'endpoint')).to.contain('transport = transport-tcp\n');
    expect(sectionOf(text, 'carrier-a', 'aor')).to.contain('contact = sip:127.0.0.2:5060\\;transport=tcp');
  });

  it('given an IMS-style trunk then it registers the number at the domain through the proxy with its own auth user', () => {
    const text = renderPjsipObjects({ accounts: [], trunks: [ims()] }, opts);
    const reg = sectionOf(text, 'ims', 'registration');
    expect(reg).to.contain('server_uri = sip:registrar.ims.example:5060\\;transport=tcp\n');
    expect(reg).to.contain('client_uri = sip:+8641162596010@ims.example\n');
    expect(reg).to.contain('contact_user = +8641162596010\n');
    expect(reg).to.contain('outbound_proxy = sip:192.0.2.10:5060\\;transport=tcp\\;lr\n');
    expect(sectionOf(text, 'ims-auth', 'auth')).to.contain('username = auth-8641162596010\npassword = imspass');
    const endpoint = sectionOf(text, 'ims', 'endpoint');
    expect(endpoint).to.contain('outbound_proxy = sip:192.0.2.10:5060\\;transport=tcp\\;lr\n');
    expect(endpoint).to.contain('from_domain = ims.example\n');
    expect(sectionOf(text, 'ims', 'aor')).to.contain('contact = sip:ims.example\\;transport=tcp\noutbound_proxy = sip:192.0.2.10:5060\\;transport=tcp\\;lr');
  });

  it('given an outbound proxy then calls from the trunk are recognised by the proxy\'s address (identify and ACL)', () => {
    const text = renderPjsipObjects({ accounts: [], trunks: [ims({ outboundProxy: '192.0.2.10:5070', transport: 'udp' })] }, opts);
    expect(sectionOf(text, 'ims-ip', 'identify')).to.contain('match = 192.0.2.10');
    expect(sectionOf(text, 'ims', 'endpoint')).to.contain('deny = 0.0.0.0/0.0.0.0\npermit = 192.0.2.10/255.255.255.255');
    expect(sectionOf(text, 'ims', 'endpoint')).to.contain('outbound_proxy = sip:192.0.2.10:5070\\;lr\n');
  });

  it('given no auth user then the number is the digest user; a domain without a proxy keeps the registrar as server', () => {
    const t = trunkSip({ name: 'x', host: '198.51.100.1', port: 5080, username: '100', sipDomain: 'op.example' });
    expect(t).to.deep.include({ authUser: '100', serverUri: 'sip:198.51.100.1:5080', clientUri: 'sip:100@op.example', outboundProxy: null, sourceHost: '198.51.100.1', transport: 'transport-udp' });
  });

  it('given a proxy or domain that could break the config then rendering refuses it, naming the field but not the value', () => {
    for (const bad of ['1.2.3.4;lr', 'a b', 'x:99999', 'host]\n[evil', '']) {
      expect(() => parseHostPort(bad, 'trunk ims', 'outbound proxy')).to.throw(/^trunk ims: outbound proxy must be/);
    }
    expect(() => renderPjsipObjects({ accounts: [], trunks: [ims({ sipDomain: 'ims;example' })] }, opts)).to.throw(/trunk ims: SIP domain must be/);
    expect(() => renderPjsipObjects({ accounts: [], trunks: [ims({ authUser: 'a;b' })] }, opts)).to.throw(/trunk ims: auth user may not hold/);
    expect(parseHostPort('ims.example:5061', 'o', 'f')).to.deep.equal({ host: 'ims.example', port: 5061 });
  });

  it('given a phone on TCP then its endpoint uses transport-tcp; others keep UDP', () => {
    const text = renderPjsipObjects({ accounts: [account({ transport: 'tcp' }), account({ extension: '1002' })], trunks: [] }, opts);
    expect(sectionOf(text, '1001', 'endpoint')).to.contain('transport = transport-tcp\n');
    expect(sectionOf(text, '1002', 'endpoint')).to.contain('transport = transport-udp\n');
    const ipPhone = renderPjsipObjects({ accounts: [account({ password: null, allowedIp: '10.0.0.9', transport: 'tcp' })], trunks: [] }, opts);
    expect(sectionOf(ipPhone, '1001', 'aor')).to.contain('contact = sip:1001@10.0.0.9:5060\\;transport=tcp');
    expect(transportSection(undefined)).to.equal('transport-udp');
  });
});
