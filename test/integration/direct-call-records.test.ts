import { expect } from 'chai';
import { site } from './harness/site';
import { until } from './harness/wait';
import { agentState, fileSize, onlyCallGuid, recordByGuid, resetAgents } from './harness/contact-center';

const { phones, carrierA } = site;

describe('call records and agent states of direct calls', () => {
  beforeEach(() => resetAgents());

  it('given 1001 calls 1003 and 1003 hangs up after talking then the record says 15 (internal) with a recording, and both agents were on call', async () => {
    const caller = await phones.call('PJSIP/1003@phone-1001');
    const callee = await phones.waitForCall((c) => c.exten === '1003');
    const guid = onlyCallGuid();
    await phones.answer(callee.id);
    await phones.waitForAnswer(caller);
    await until('both agents on call', 3000, () => agentState('1001') === 'on_call' && agentState('1003') === 'on_call', 20);
    await phones.play(caller, 'tt-monkeys');
    const path = `${site.product.paths.hostVarDir}/spool/recording/cc-${guid}.wav`;
    await until('1 s of recorded audio', 10000, () => fileSize(path) > 16000, 100);
    await phones.hangup(callee.id);
    await phones.waitForEnd(caller);
    const rec = await recordByGuid(guid);
    expect(rec).to.include({ status: 15, direction: 'internal', caller: '1001', callee: '1003', agent: '1003', hangup_by: 'agent', recording_path: path });
    expect(agentState('1001')).to.equal('ready');
    expect(agentState('1003')).to.equal('ready');
  });

  it('given 1002 dials out and the outside party hangs up first then the record says 6 (outbound talk)', async () => {
    const caller = await phones.call('PJSIP/9057188888888@phone-1002');
    const out = await carrierA.waitForCall((c) => c.exten === '057188888888');
    const guid = onlyCallGuid();
    await carrierA.answer(out.id);
    await phones.waitForAnswer(caller);
    await carrierA.hangup(out.id);
    await phones.waitForEnd(caller);
    const rec = await recordByGuid(guid);
    expect(rec).to.include({ status: 6, direction: 'outbound', agent: '1002', hangup_by: 'callee' });
  });

  it('given 1002 dials out and hangs up first then the record says 10 (call placed)', async () => {
    const caller = await phones.call('PJSIP/9057188888888@phone-1002');
    const out = await carrierA.waitForCall((c) => c.exten === '057188888888');
    const guid = onlyCallGuid();
    await carrierA.answer(out.id);
    await phones.waitForAnswer(caller);
    await phones.hangup(caller);
    await carrierA.waitForEnd(out.id);
    const rec = await recordByGuid(guid);
    expect(rec).to.include({ status: 10, direction: 'outbound', hangup_by: 'caller' });
  });

  it('given 1002 calls a busy 1001 then the record says 3 (rejected) and nobody talked', async () => {
    const caller = await phones.call('PJSIP/1001@phone-1002');
    const callee = await phones.waitForCall((c) => c.exten === '1001');
    const guid = onlyCallGuid();
    await phones.client.channels.hangup({ channelId: callee.id, reason: 'busy' });
    await phones.waitForEnd(caller);
    const rec = await recordByGuid(guid);
    expect(rec).to.include({ status: 3, agent: '1002', answered_at: null });
    expect(Number(rec.talk_sec)).to.equal(0);
  });
});
