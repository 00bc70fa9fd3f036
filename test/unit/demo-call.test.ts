import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { compileTables } from '../../src/routing';
import type { SipAccount, TrunkConfig } from '../../src/domain';
import { DemoError, parseOptions, planDemoCall, type SiteView } from '../../src/demo/demo-plan';
import { contactUdpAddress, isLive, parseContacts, phonesPeer, trunkPeer } from '../../src/demo/peer-config';
import { describeEvent } from '../../src/demo/call-script';
import { demoTables } from '../fixtures/demo-routing';

const account = (extension: string, over: Partial<SipAccount> = {}): SipAccount => ({
  extension, password: `secret${extension}`, enabled: true, displayName: `Agent ${extension}`, allowedIp: null, dialContext: 'agents', codecs: ['ulaw'], autoReady: true, ...over,
});
const trunk = (name: string, host: string, over: Partial<TrunkConfig> = {}): TrunkConfig => ({
  name, technology: 'pjsip', host, port: 5060, username: null, password: null, register: false, registrationExpiry: 120,
  inboundContext: 'from-carrier', codecs: ['ulaw'], enabled: true, noAnswerTimeout: 60, ...over,
});

function demoSite(over: Partial<SiteView> = {}): SiteView {
  return {
    sip: { bindAddress: '127.0.0.1', port: 5060 },
    accounts: ['1001', '1002', '1003', '1004'].map((e) => account(e)),
    trunks: [trunk('carrier-a', '127.0.0.2', { username: '02566668888', password: 'carrierpass', register: true }), trunk('carrier-b', '127.0.0.3'), trunk('site2', '127.0.0.4', { inboundContext: 'from-site2' })],
    agents: ['1001', '1002', '1003', '1004'],
    tables: compileTables(demoTables()),
    contacts: [],
    ...over,
  };
}
const defaults = () => parseOptions({});
const refusal = (fn: () => unknown): DemoError => {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(DemoError);
    return err as DemoError;
  }
  throw new Error('expected a refusal');
};

describe('demo call (make demo-call): options, plan, simulated parties', () => {
  it('given no options then the documented defaults; DTMF= means no key; bad values are refused naming the option', () => {
    expect(defaults()).to.deep.include({ from: '13800138000', to: '02566668888', dtmf: '1', holdSec: 10, agentAnswer: true, hangup: 'caller', via: 'carrier-a' });
    expect(parseOptions({ dtmf: '' }).dtmf).to.equal('');
    expect(parseOptions({ agentAnswer: 'NO', hold: '3', hangup: 'agent', score: '5' })).to.deep.include({ agentAnswer: false, holdSec: 3, hangup: 'agent', score: '5' });
    expect(refusal(() => parseOptions({ hold: '0' })).message).to.contain('HOLD');
    expect(refusal(() => parseOptions({ to: '025;drop' })).message).to.contain('TO');
    expect(refusal(() => parseOptions({ agentAnswer: 'maybe' })).message).to.contain('AGENT_ANSWER');
  });

  it('given an outside caller to the DID then carrier-a calls and every agent without a phone gets a simulated one', () => {
    const plan = planDemoCall(defaults(), demoSite());
    expect(plan.caller.kind).to.equal('trunk');
    expect(plan.trunks.map((t) => t.name)).to.deep.equal(['carrier-a']);
    expect(plan.destination.kind).to.equal('group');
    expect(plan.simulated.map((a) => a.extension)).to.deep.equal(['1001', '1002', '1003', '1004']);
  });

  it('given a real phone registered for 1002 then 1002 is left to it and not simulated; an unreachable contact does not count', () => {
    const contacts = parseContacts([
      '  Contact:  <Aor/ContactUri..............................> <Hash....> <Status> <RTT(ms)..>',
      '==========================================================================================',
      '  Contact:  1002/sip:1002@10.0.0.7:5062;ob                  1a2b3c4d5e Avail         1.234',
      '  Contact:  1003/sip:1003@10.0.0.8:5060                     2a2b3c4d5e Unavail       nan',
      '  Contact:  carrier-a/sip:127.0.0.2:5060                    3a2b3c4d5e Avail         0.500',
    ].join('\n'));
    expect(contacts.map((c) => [c.aor, c.status])).to.deep.equal([['1002', 'Avail'], ['1003', 'Unavail'], ['carrier-a', 'Avail']]);
    expect(contacts.map(isLive)).to.deep.equal([true, false, true]);
    const plan = planDemoCall(defaults(), demoSite({ contacts }));
    expect(plan.simulated.map((a) => a.extension)).to.deep.equal(['1001', '1003', '1004']);
    expect(plan.realPhones).to.deep.equal([{ extension: '1002', uri: 'sip:1002@10.0.0.7:5062;ob' }]);
  });

  it('given contact URIs then the UDP address a stale-contact check probes, none for TCP or TLS; a stale contact is not live', () => {
    expect(contactUdpAddress('sip:1002@127.0.0.5:5060;ob')).to.deep.equal({ host: '127.0.0.5', port: 5060 });
    expect(contactUdpAddress('sip:1002@127.0.0.7')).to.deep.equal({ host: '127.0.0.7', port: 5060 });
    expect(contactUdpAddress('sip:127.0.0.2:5062')).to.deep.equal({ host: '127.0.0.2', port: 5062 });
    expect(contactUdpAddress('sip:1002@10.0.0.7:5060;transport=tcp')).to.equal(null);
    expect(contactUdpAddress('sips:1002@10.0.0.7:5061')).to.equal(null);
    expect(isLive({ aor: '1002', uri: 'sip:1002@127.0.0.5:5060', status: 'Stale' })).to.equal(false);
  });

  it('given an internal call 1001 -> 1003 then only those two phones are simulated and no carrier starts', () => {
    const plan = planDemoCall(parseOptions({ from: '1001', to: '1003' }), demoSite());
    expect(plan.caller.kind).to.equal('phone');
    expect(plan.destination).to.deep.include({ kind: 'extension', extension: '1003' });
    expect(plan.trunks).to.deep.equal([]);
    expect(plan.simulated.map((a) => a.extension)).to.deep.equal(['1001', '1003']);
  });

  it('given an agent dialling 9 + number then carrier-a is played as the far end', () => {
    const plan = planDemoCall(parseOptions({ from: '1001', to: '9057188888888' }), demoSite());
    expect(plan.trunks.map((t) => t.name)).to.deep.equal(['carrier-a']);
    expect(plan.simulated.map((a) => a.extension)).to.deep.equal(['1001']);
  });

  it('given a site whose SIP is not on loopback then it is refused: a real site never gets a simulated party', () => {
    const e = refusal(() => planDemoCall(defaults(), demoSite({ sip: { bindAddress: '192.0.2.10', port: 5060 } })));
    expect(e.message).to.contain('192.0.2.10');
    expect(e.hint).to.contain('demo site');
  });

  it('given a carrier on a real address then calling through it or out to it is refused', () => {
    const real = demoSite({ trunks: [trunk('carrier-a', '203.0.113.5', { username: '02566668888', password: 'x' }), trunk('carrier-b', '127.0.0.3'), trunk('site2', '127.0.0.4')] });
    expect(refusal(() => planDemoCall(defaults(), real)).message).to.contain('203.0.113.5');
    expect(refusal(() => planDemoCall(parseOptions({ from: '1001', to: '9057188888888' }), real)).message).to.contain('carrier-a');
  });

  it('given the caller extension has a phone of its own then it is refused with what to do', () => {
    const e = refusal(() => planDemoCall(parseOptions({ from: '1001', to: '1003' }), demoSite({ contacts: [{ aor: '1001', uri: 'sip:1001@10.0.0.7:5060', status: 'Avail' }] })));
    expect(e.message).to.contain('1001');
    expect(e.hint).to.contain('dial 1003 from that phone');
  });

  it('given the phones to simulate then the phones party registers exactly those, at 127.0.0.5, towards the product', () => {
    const ari = { user: 'u', password: 'p'.repeat(16) };
    const spec = phonesPeer([account('1001'), account('1003')], { host: '127.0.0.1', port: 5060 }, ari);
    const pjsip = spec.files['pjsip.conf'];
    expect(spec.ip).to.equal('127.0.0.5');
    expect(pjsip).to.contain('bind = 127.0.0.5:5060');
    expect(pjsip.match(/type = registration/g)).to.have.length(2);
    expect(pjsip).to.contain('[reg-1001]').and.to.contain('[reg-1003]').and.to.not.contain('1002');
    expect(pjsip).to.contain('password = secret1003');
    expect(spec.files['http.conf']).to.contain('bindaddr = 127.0.0.5');
    expect(spec.files['manager.conf']).to.contain('enabled = no');
  });

  it('given carrier-a with credentials then its party is the registrar with those credentials and trusts the product\'s address', () => {
    const spec = trunkPeer(demoSite().trunks[0], { host: '127.0.0.1', port: 5060 }, { user: 'u', password: 'p' }, 0);
    const pjsip = spec.files['pjsip.conf'];
    expect(spec.instance).to.equal('demo-carrier-a');
    expect(pjsip).to.contain('bind = 127.0.0.2:5060').and.to.contain('username = 02566668888').and.to.contain('password = carrierpass');
    expect(pjsip).to.contain('contact = sip:127.0.0.1:5060').and.to.contain('match = 127.0.0.1');
  });

  it('given the events of a call then each progress line says what happened', () => {
    expect(describeEvent({ type: 'call.queued', guid: 'g', group: 'sales', position: 1 })).to.equal('queued in sales (position 1)');
    expect(describeEvent({ type: 'call.ringing', guid: 'g', agent: '1001', caller: '13800138000', group: 'sales', customer: null }))
      .to.equal('1001 ringing (agent of sales); screen pop: caller 13800138000, no customer record for this number');
    expect(describeEvent({ type: 'agent.state', agent: '1001' })).to.equal(null);
    expect(describeEvent({ type: 'call.answered', guid: 'g', agent: '1001', caller: '1001', callee: '9057188888888' }, 'outbound')).to.equal('answered by 9057188888888 (agent 1001 talking)');
  });

  it('given the product\'s code then nothing outside the demo imports the demo (the simulation stays out of the app)', () => {
    const src = resolve(__dirname, '../../../src');
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) { if (f !== 'demo') walk(p); continue; }
        if (!p.endsWith('.ts') || p.endsWith(join('cli', 'demo-call.ts'))) continue;
        if (/from '(\.\.?\/)+demo\//.test(readFileSync(p, 'utf8'))) offenders.push(p);
      }
    };
    walk(src);
    expect(offenders).to.deep.equal([]);
  });
});
