/**
 * A phone's own transfer key (SIP REFER) on every kind of call (one call model): the phones peer
 * sends a real REFER with Transfer(); the customer must end up talking to the target, the
 * transferring phone released, the record saying 4 (transferred).
 */
import { expect } from 'chai';
import { site } from './harness/site';
import { until } from './harness/wait';
import { api } from './harness/api-client';
import { agentState, connectedCall, recordByGuid } from './harness/contact-center';
import { callTestHooks, connectedSalesCall } from './harness/cti';

const { phones, carrierA, site2 } = site;
const snapshot = (guid: string) => site.product.app.registry.byGuid(guid)?.snapshot?.() ?? null;
const productChannels = async () => (await site.product.ari().channels.list()).map((c) => c.id);

/** The target answers and the call shows it as the agent, talking. */
async function targetTakesIt(guid: string, ext: string, showing: string) {
  const target = await phones.waitForCall((c) => c.exten === ext, 8000);
  expect(target.callerNumber, 'the target sees the customer').to.equal(showing);
  await phones.answer(target.id);
  await until(`${ext} talking on the call`, 5000, () => { const s = snapshot(guid); return s?.state === 'connected' && s.agent === ext; }, 20);
  return target;
}

describe('SIP REFER from the phones (blind transfer key) on every kind of call', function () {
  this.timeout(60000);
  callTestHooks();

  it('given a queue call answered by 1001 when 1001 REFERs it to 1003 then the caller talks to 1003 and the record says 4', async () => {
    const { customer: caller, agent: answeredBy, agentPhone, guid, number } = await connectedSalesCall();
    expect(answeredBy, 'the agent idle longest').to.equal('1001');
    const agentLeg = snapshot(guid)!.agentChannel!;
    await phones.referBlind(agentPhone, '1003');
    const target = await targetTakesIt(guid, '1003', number);
    expect(await productChannels(), 'the transferring phone is released').to.not.include(agentLeg);
    await until('1001 off the call', 3000, () => agentState('1001') !== 'on_call', 20);
    expect(agentState('1003')).to.equal('on_call');
    await carrierA.hangup(caller);
    await phones.waitForEnd(target.id);
    const rec = await recordByGuid(guid);
    expect(rec).to.include({ status: 4, direction: 'inbound', agent: '1003', caller: number });
  });

  it('given 1001 calls 1002 when 1002 REFERs to 1004 then 1001 talks to 1004 and the internal call is recorded as transferred', async () => {
    const { caller, callee, guid } = await connectedCall(phones, 'PJSIP/1002@phone-1001', phones, '1002');
    await phones.referBlind(callee.id, '1004');
    const target = await targetTakesIt(guid, '1004', '1001');
    await phones.hangup(target.id);
    await phones.waitForEnd(caller);
    const rec = await recordByGuid(guid);
    expect(rec).to.include({ status: 4, direction: 'internal', caller: '1001', agent: '1004' });
    expect(agentState('1002')).to.equal('ready');
  });

  it('given 1002 dials out (9N) and the outside party answers when 1002 REFERs to 1003 then the outside party talks to 1003 and the record says 4', async () => {
    const { caller, callee: out, guid } = await connectedCall(phones, 'PJSIP/9057188888888@phone-1002', carrierA, '057188888888');
    await phones.referBlind(caller, '1003');
    await targetTakesIt(guid, '1003', '057188888888');
    await until('1002 off the call', 3000, () => agentState('1002') !== 'on_call', 20);
    await carrierA.hangup(out.id);
    const rec = await recordByGuid(guid);
    expect(rec).to.include({ status: 4, direction: 'outbound', agent: '1003' });
  });

  it('given site2 calls 1004 when 1004 REFERs to 1001 then the site2 caller talks to 1001', async () => {
    const { caller, callee, guid } = await connectedCall(site2, 'PJSIP/1004@product', phones, '1004', '"Branch" <2005>');
    await phones.referBlind(callee.id, '1001');
    const target = await targetTakesIt(guid, '1001', '2005');
    await site2.hangup(caller);
    await phones.waitForEnd(target.id);
    expect(await recordByGuid(guid)).to.include({ status: 4, agent: '1001' });
  });

  it('given a REFER to a number routing refuses then the call stays as it was and nothing rings', async () => {
    const { caller, callee, guid } = await connectedCall(phones, 'PJSIP/1002@phone-1001', phones, '1002');
    const agentLeg = snapshot(guid)!.agentChannel!;
    await phones.referBlind(callee.id, '5555');
    // The phone is told the transfer failed (NOTIFY with a failure sipfrag) and hangs up its own side
    // after the peer's Wait(5); until then the product keeps the call exactly as it was.
    await new Promise((r) => setTimeout(r, 1000));
    expect(snapshot(guid)).to.include({ state: 'connected', agent: '1002', agentChannel: agentLeg });
    await phones.hangup(caller);
  });

  it('given an outbound call when the API transfers it to 1003 then the outside party talks to 1003 (transfer works on direct calls)', async () => {
    const { caller, callee: out, guid } = await connectedCall(phones, 'PJSIP/9057188888888@phone-1001', carrierA, '057188888888');
    const res = await api('POST', `/api/v1/calls/${guid}/hold`, {});
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(snapshot(guid)?.held).to.equal(true);
    const t = await api('POST', `/api/v1/calls/${guid}/transfer`, { extension: '1003' });
    expect(t.status, JSON.stringify(t.body)).to.equal(202);
    await phones.waitForEnd(caller);
    await targetTakesIt(guid, '1003', '057188888888');
    await carrierA.hangup(out.id);
    expect(await recordByGuid(guid)).to.include({ status: 4, direction: 'outbound', agent: '1003' });
  });

  it('given 1001 talks to a queue caller and consults 1003 on a second call when its phone sends REFER with Replaces then the caller talks to 1003 and both calls end as transferred', async () => {
    const { customer: caller, agent: answeredBy, agentPhone, guid, number } = await connectedSalesCall();
    expect(answeredBy, 'the agent idle longest').to.equal('1001');
    // The phone's consult call: 1001 dials 1003 on its second line.
    const consult = await phones.call('PJSIP/1003@phone-1001');
    const target = await phones.waitForCall((c) => c.exten === '1003' && c.callerNumber === '1001');
    await phones.answer(target.id);
    await phones.waitForAnswer(consult);
    const consultGuid = site.product.app.registry.all().map((c) => c.guid).find((g) => g !== guid)!;
    await until('consult call connected', 5000, () => snapshot(consultGuid)?.state === 'connected', 20);
    await phones.referAttended(agentPhone, consult, '1003');
    await until('1003 talking with the caller', 5000, () => { const s = snapshot(guid); return s?.state === 'connected' && s.agent === '1003'; }, 20);
    await phones.waitForEnd(agentPhone, 8000);
    await phones.waitForEnd(consult, 8000);
    expect(site.product.app.registry.byGuid(consultGuid), 'the consult call is over').to.equal(undefined);
    await carrierA.hangup(caller);
    await phones.waitForEnd(target.id);
    expect(await recordByGuid(guid)).to.include({ status: 4, direction: 'inbound', agent: '1003', caller: number });
    expect(await recordByGuid(consultGuid)).to.include({ direction: 'internal', caller: '1001' });
  });
});
