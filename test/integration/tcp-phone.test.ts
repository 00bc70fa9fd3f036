/**
 * Issue 20: a phone on SIP/TCP. The "tcpphone" peer (127.0.0.40, TCP only, test/peers/tcpphone)
 * registers as account 1039 (transport = tcp) to the product's transport-tcp; it calls 1001 and
 * 1001 calls it, both ways over TCP.
 */
import { expect } from 'chai';
import { site } from './harness/site';
import { until } from './harness/wait';
import { Peer } from './harness/peer';
import { changeConfig, resetAgents } from './harness/contact-center';

const { product, phones } = site;
const PHONE = '127.0.0.40';

describe('a phone on SIP/TCP (issue 20)', function () {
  this.timeout(60000);
  const { root, ariUser, ariPassword } = product.config.asterisk;
  const tcp = new Peer('tcpphone', PHONE, 20, root, { user: ariUser, password: ariPassword });

  before(async () => {
    await changeConfig("INSERT INTO sip_accounts (extension, password, display_name, transport) VALUES ('1039', 'tcp-phone-1039-password', 'TCP phone 1039', 'tcp')");
    await until('account 1039 in Asterisk', 10000, async () => (await product.cli('pjsip show endpoints')).includes('Endpoint:  1039/'), 250);
    await tcp.start();
    await until('1039 registered over TCP', 20000, async () => (await tcp.registrationStatus('reg-1039')) === 'Registered', 250);
  });

  beforeEach(() => resetAgents());

  afterEach(async function () {
    this.timeout(20000);
    if (this.currentTest?.state === 'failed') await tcp.cli('channel request hangup all').catch(() => '');
    await until('no call left at the TCP phone', 10000, async () => (await tcp.channelCount()) === 0, 100);
  });

  after(async () => {
    await tcp.stop();
    await changeConfig("DELETE FROM sip_accounts WHERE extension = '1039'");
  });

  it('given 1039 registered over TCP then the product holds its contact at the phone address', async () => {
    const contacts = await product.cli('pjsip show contacts');
    expect(contacts).to.match(/1039\/sip:1039@127\.0\.0\.40/); // the CLI cuts the URI: the transport is checked in the calls below
  });

  it('given 1039 calls 1001 then 1001 rings showing 1039 and they talk; the call came in over TCP', async () => {
    const caller = await tcp.call('PJSIP/1001@phone-1039');
    const callee = await phones.waitForCall((c) => c.exten === '1001', 5000);
    expect(callee.callerNumber).to.equal('1039');
    const inbound = (await product.ari().channels.list()).find((c) => c.name.startsWith('PJSIP/1039-'));
    expect(inbound, 'the product\'s channel of 1039').to.not.equal(undefined);
    const via = (await product.ari().channels.getChannelVar({ channelId: inbound!.id, variable: 'PJSIP_HEADER(read,Via)' })).value;
    expect(via).to.match(/^SIP\/2\.0\/TCP /);
    await phones.answer(callee.id);
    await tcp.waitForAnswer(caller);
    await tcp.hangup(caller);
    await phones.waitForEnd(callee.id);
  });

  it('given 1001 calls 1039 then the TCP phone rings over TCP and answers', async () => {
    const caller = await phones.call('PJSIP/1039@phone-1001');
    const callee = await tcp.waitForCall((c) => c.exten === '1039', 5000);
    expect(callee.callerNumber).to.equal('1001');
    const via = (await tcp.client.channels.getChannelVar({ channelId: callee.id, variable: 'PJSIP_HEADER(read,Via)' })).value;
    expect(via).to.match(/^SIP\/2\.0\/TCP 127\.0\.0\.1/);
    await tcp.answer(callee.id);
    await phones.waitForAnswer(caller);
    await phones.hangup(caller);
    await tcp.waitForEnd(callee.id);
  });
});
