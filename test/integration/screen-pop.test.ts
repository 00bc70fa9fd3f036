/**
 * One call model: the screen pop (call.ringing with the customer row) and the survey are features of
 * every call, not only of ACD calls: a DID routed straight to an extension, a call from site2, and
 * an agent's outbound call whose agent hangs up first (source 002 FAQ 1: survey after outbound calls).
 */
import { expect } from 'chai';
import { CallSession } from '../../src/calls/session/call-session';
import { site } from './harness/site';
import { until } from './harness/wait';
import { changeConfig, connectedCall, recordByGuid, restoreDemoConfig, resetAgents, uniqueCaller } from './harness/contact-center';
import { callTestHooks, recordEvents } from './harness/cti';

const { phones, carrierA, site2 } = site;
const app = () => site.product.app;

describe('screen pop and survey on direct calls', function () {
  this.timeout(60000);
  let customerId: number | null = null;
  callTestHooks(async () => {
    if (customerId !== null) await app().pool.query('DELETE FROM customers WHERE id = ?', [customerId]);
    customerId = null;
  });

  it('given a DID routed straight to extension 1003 when a known customer calls then 1003 gets the screen pop with the customer row', async () => {
    await changeConfig("INSERT INTO dial_rules (id, context, pattern, route_type, target, description) VALUES (930, 'from-carrier', '02566660003', 'extension', '1003', 'DID to agent 1003')");
    const seen = recordEvents();
    try {
      const number = uniqueCaller();
      const [ins] = await app().pool.query('INSERT INTO customers (phone, name, company) VALUES (?, ?, ?)', [number, 'Li Lei', 'Suzhou Textiles']) as [{ insertId: number }, unknown];
      customerId = ins.insertId;
      const caller = await carrierA.call('PJSIP/02566660003@product', { callerId: `<${number}>` });
      const phone = await phones.waitForCall((c) => c.exten === '1003');
      await until('the screen pop', 3000, () => seen.of('call.ringing').length > 0, 20);
      const pop = seen.of('call.ringing');
      expect(pop, 'one screen pop').to.have.length(1);
      expect(pop[0]).to.include({ agent: '1003', caller: number, callee: '02566660003' });
      expect(pop[0].customer).to.include({ name: 'Li Lei', company: 'Suzhou Textiles' });
      await phones.answer(phone.id);
      await carrierA.waitForAnswer(caller);
      await carrierA.hangup(caller);
      await phones.waitForEnd(phone.id);
    } finally {
      seen.stop();
      await restoreDemoConfig();
    }
  });

  it('given site2 calls 1004 then 1004 gets the screen pop with the branch caller', async () => {
    // Seen once: 1004 without a contact for a moment right after the previous test's config restore.
    await until('1004 to have a contact', 10000, async () => (await site.product.cli('pjsip show contacts')).includes('1004/sip:'), 100);
    const seen = recordEvents();
    try {
      const caller = await site2.call('PJSIP/1004@product', { callerId: '"Branch" <2007>' });
      const phone = await phones.waitForCall((c) => c.exten === '1004');
      await until('the screen pop', 3000, () => seen.of('call.ringing').length > 0, 20);
      expect(seen.of('call.ringing')[0]).to.include({ agent: '1004', caller: '2007' });
      await site2.hangup(caller);
      await phones.waitForEnd(phone.id);
    } finally {
      seen.stop();
    }
  });

  describe('given routing.outboundSurveyFlow = survey', () => {
    before(async function () {
      this.timeout(30000);
      await site.product.restartApp({ routing: { ...site.product.config.routing, outboundSurveyFlow: 'survey' } });
      await until('the product\'s ARI link', 15000, () => app().ari.current);
    });
    after(async function () {
      this.timeout(30000);
      await site.product.restartApp();
      await until('the product\'s ARI link', 15000, () => app().ari.current);
    });

    it('when 1002 hangs up an outbound call first then the outside party hears the survey and its digit is stored with the call', async () => {
      resetAgents();
      const { caller, callee: out, guid } = await connectedCall(phones, 'PJSIP/9057188888888@phone-1002', carrierA, '057188888888');
      const agentChannel = app().registry.byGuid(guid)!.snapshot!().agentChannel!;
      await phones.hangup(caller);
      await until('the survey to start', 5000, () => (app().registry.byGuid(guid) as CallSession | undefined)?.phaseName === 'survey', 20);
      expect((await site.product.ari().channels.list()).map((c) => c.id)).to.not.include(agentChannel);
      await carrierA.sendDtmf(out.id, '5');
      await carrierA.waitForEnd(out.id, 10000);
      // The calling phone (the agent side of an outbound call) is the record's caller.
      expect(await recordByGuid(guid)).to.include({ direction: 'outbound', survey_score: 5, hangup_by: 'caller', agent: '1002' });
    });
  });

  it('given no outbound survey is configured when the agent hangs up an outbound call first then the outside party is released at once', async () => {
    const { caller, callee: out, guid } = await connectedCall(phones, 'PJSIP/9057188888888@phone-1001', carrierA, '057188888888');
    await phones.hangup(caller);
    await carrierA.waitForEnd(out.id, 3000);
    expect(await recordByGuid(guid)).to.include({ direction: 'outbound', survey_score: null, hangup_by: 'caller' });
  });
});
