import { expect } from 'chai';
import { site } from './harness/site';
import { until } from './harness/wait';
import { api } from './harness/api-client';
import { agentState, recordByGuid, resetAgents } from './harness/contact-center';
import { hangUpEverything, recordEvents, withUnregistered } from './harness/cti';

const { phones, carrierA, carrierB } = site;
const app = () => site.product.app;
const agentCreds = (ext: string) => ({ user: ext, password: `secret${ext}` });

describe('click-to-call: the agent\'s phone rings first (C6, T3 originate)', function () {
  this.timeout(60000);
  beforeEach(() => resetAgents());
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await hangUpEverything();
  });

  it('given a hidden number when 1001 clicks to call 9057188888888 then 1001 sees 4000, carrier-a gets the number with the trunk\'s caller ID, and the call keeps the announced GUID to its record', async () => {
    const ev = recordEvents();
    try {
      const res = await api<{ guid: string }>('POST', '/api/v1/calls/originate', { agent: '1001', number: '9057188888888', displayNumber: '4000' });
      expect(res.status, JSON.stringify(res.body)).to.equal(202);
      const guid = res.body.guid;
      const ring = await phones.waitForCall((c) => c.exten === '1001', 5000);
      expect(ring.callerNumber, 'the agent sees the display number, not the customer\'s').to.equal('4000');
      await phones.answer(ring.id);
      const out = await carrierA.waitForCall((c) => c.exten === '057188888888', 5000);
      expect(out.callerNumber, 'the customer sees the trunk\'s number').to.equal('02566668888');
      expect(app().registry.byGuid(guid)?.snapshot?.().guid, 'the call object uses the announced GUID').to.equal(guid);
      expect(ev.of('call.started').map((e) => e.guid)).to.deep.equal([guid]);
      await carrierA.answer(out.id);
      await until('1001 on call', 3000, () => agentState('1001') === 'on_call', 20);
      await carrierA.hangup(out.id);
      await phones.waitForEnd(ring.id);
      expect(await recordByGuid(guid)).to.include({ direction: 'outbound', caller: '1001', callee: '9057188888888', agent: '1001', status: 6, hangup_by: 'callee' });
      expect(ev.of('call.result').map((e) => e.guid)).to.deep.equal([guid]);
    } finally {
      ev.stop();
    }
  });

  it('given agent 1002 clicks to call an 8-number for itself then carrier-b gets it normalized to 0086 and the agent hanging up first gives status 10', async () => {
    const res = await api<{ guid: string }>('POST', '/api/v1/calls/originate', { agent: '1002', number: '8057188888888' }, agentCreds('1002'));
    expect(res.status, JSON.stringify(res.body)).to.equal(202);
    const ring = await phones.waitForCall((c) => c.exten === '1002', 5000);
    expect(ring.callerNumber, 'without displayNumber the agent sees the number').to.equal('8057188888888');
    await phones.answer(ring.id);
    const out = await carrierB.waitForCall((c) => c.exten === '008657188888888', 5000);
    await carrierB.answer(out.id);
    await until('1002 on call', 3000, () => agentState('1002') === 'on_call', 20);
    await phones.hangup(ring.id);
    await carrierB.waitForEnd(out.id);
    expect(await recordByGuid(res.body.guid)).to.include({ direction: 'outbound', status: 10, hangup_by: 'caller', agent: '1002' });
  });

  it('given the agent declines the ringing click-to-call then the announced GUID gets call.hungup and nothing is dialled or left behind', async () => {
    const ev = recordEvents();
    try {
      const res = await api<{ guid: string }>('POST', '/api/v1/calls/originate', { agent: '1003', number: '9057188888888' });
      const ring = await phones.waitForCall((c) => c.exten === '1003', 5000);
      await phones.client.channels.hangup({ channelId: ring.id, reason: 'busy' });
      await until('call.hungup for the announced GUID', 5000, () => ev.of('call.hungup').some((e) => e.guid === res.body.guid && e.by === 'agent'));
      await until('registry empty', 5000, () => app().registry.size === 0 && app().registry.channelCount === 0);
      expect(await carrierA.channelCount()).to.equal(0);
    } finally {
      ev.stop();
    }
  });

  it('given bad input then 400/403/404/409 with reasons and no phone rings', async () => {
    const sqlish = "1' OR '1'='1";
    const cases: [unknown, number, string][] = [
      [{ agent: sqlish, number: '9057188888888' }, 400, 'invalid-body'],
      [{ agent: '1001', number: sqlish }, 400, 'invalid-body'],
      [{ agent: '1001', number: '9057188888888', displayNumber: '"Boss" <1>' }, 400, 'invalid-body'],
      [{ agent: '1001' }, 400, 'invalid-body'],
      [{ agent: '1001', number: '9057188888888', extra: true }, 400, 'invalid-body'],
      [{ agent: '1999', number: '9057188888888' }, 404, 'unknown-agent'],
    ];
    for (const [body, status, id] of cases) {
      const res = await api<{ error: { id: string; details: { problems?: string[] } } }>('POST', '/api/v1/calls/originate', body);
      expect(res.status, JSON.stringify(body)).to.equal(status);
      expect(res.body.error.id).to.equal(id);
    }
    expect((await api('POST', '/api/v1/calls/originate', { agent: '1001', number: '9057188888888' }, agentCreds('1002'))).status, 'an agent may not ring another agent').to.equal(403);
    await withUnregistered('1004', async () => {
      const res = await api<{ error: { id: string } }>('POST', '/api/v1/calls/originate', { agent: '1004', number: '9057188888888' });
      expect(res.status).to.equal(409);
      expect(res.body.error.id).to.equal('phone-unreachable');
    });
    expect(await phones.channelCount(), 'no phone rang').to.equal(0);
    expect(app().registry.size).to.equal(0);
  });
});
