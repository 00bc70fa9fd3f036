import { expect } from 'chai';
import { site } from './harness/site';
import { until } from './harness/wait';
import { api } from './harness/api-client';
import { agentState, recordByGuid, resetAgents } from './harness/contact-center';
import { LOUDNESS_HEARD, LOUDNESS_SILENT, levelHeard, silence, speak } from './harness/audio';
import { connectedSalesCall, hangUpEverything, recordEvents, topology } from './harness/cti';

const { phones, carrierA } = site;
const app = () => site.product.app;
const SUPERVISOR = '1003';
const agentCreds = (ext: string) => ({ user: ext, password: `secret${ext}` });

/** Asks for a supervisor mode and answers the supervisor's phone; resolves when connected. */
async function supervise(guid: string, mode: 'listen' | 'whisper' | 'barge', customerNumber: string) {
  const res = await api<{ session: string }>('POST', `/api/v1/calls/${guid}/${mode}`, { supervisor: SUPERVISOR });
  expect(res.status, JSON.stringify(res.body)).to.equal(202);
  const ring = await phones.waitForCall((c) => c.exten === SUPERVISOR, 5000);
  expect(ring.callerNumber, 'the supervisor sees the customer\'s number').to.equal(customerNumber);
  await phones.answer(ring.id);
  return { session: res.body.session, phone: ring.id };
}

describe('supervisor: listen, whisper, barge, force hang-up, mute (C5)', function () {
  this.timeout(60000);
  beforeEach(() => resetAgents());
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await hangUpEverything();
  });

  it('given a connected call when a supervisor listens then the supervisor hears the customer, nobody hears the supervisor, and hanging up leaves the call untouched', async () => {
    const ev = recordEvents();
    try {
      const call = await connectedSalesCall();
      const { session, phone } = await supervise(call.guid, 'listen', call.number);
      await until('snoop channel bridged with the supervisor', 5000, async () => {
        const t = await topology();
        return t.channels.get(`${session}-snoop`)?.startsWith('Snoop/') && t.bridges.get(`${session}-bridge`)?.length === 2;
      });
      const t = await topology();
      expect(t.bridges.get(`${session}-bridge`)).to.deep.equal([`${session}-snoop`, `${session}-sup`].sort());
      expect(t.bridges.get(call.snap.bridgeId!), 'the call\'s bridge is unchanged').to.deep.equal([call.snap.callerChannel, call.snap.agentChannel!].sort());
      expect(ev.of('supervisor.joined')[0]).to.include({ guid: call.guid, supervisor: SUPERVISOR, mode: 'listen' });

      // Silence first: a prompt stopped a moment ago can still be in flight.
      const sup = await speak(phones, phone);
      const [atCustomer, atAgent] = await Promise.all([levelHeard(carrierA, call.customer), levelHeard(phones, call.agentPhone)]);
      await silence(phones, sup);
      expect(atCustomer, 'customer does not hear the supervisor').to.be.below(LOUDNESS_SILENT);
      expect(atAgent, 'agent does not hear the supervisor').to.be.below(LOUDNESS_SILENT);
      const say = await speak(carrierA, call.customer);
      expect(await levelHeard(phones, phone), 'supervisor hears the customer').to.be.above(LOUDNESS_HEARD);
      await silence(carrierA, say);

      await phones.hangup(phone);
      await until('session gone', 5000, async () => !(await topology()).bridges.has(`${session}-bridge`) && !app().registry.byGuid(session));
      expect((await topology()).channels.has(`${session}-snoop`)).to.equal(false);
      expect(ev.of('supervisor.left').map((e) => e.guid)).to.deep.equal([call.guid]);
      expect(app().registry.byGuid(call.guid)?.snapshot?.().state, 'the call goes on').to.equal('connected');
      await carrierA.hangup(call.customer);
      await phones.waitForEnd(call.agentPhone);
    } finally {
      ev.stop();
    }
  });

  it('given a supervisor whispers then only the agent hears the supervisor, the supervisor hears the customer, and the session ends with the call', async () => {
    const ev = recordEvents();
    try {
      const call = await connectedSalesCall();
      const { session, phone } = await supervise(call.guid, 'whisper', call.number);
      await until('snoop bridged', 5000, async () => (await topology()).bridges.get(`${session}-bridge`)?.length === 2);
      const sup = await speak(phones, phone);
      const [atCustomer, atAgent] = await Promise.all([levelHeard(carrierA, call.customer), levelHeard(phones, call.agentPhone)]);
      await silence(phones, sup);
      expect(atAgent, 'agent hears the whisper').to.be.above(LOUDNESS_HEARD);
      expect(atCustomer, 'customer does not hear the whisper').to.be.below(LOUDNESS_SILENT);
      const say = await speak(carrierA, call.customer);
      expect(await levelHeard(phones, phone), 'supervisor hears the customer').to.be.above(LOUDNESS_HEARD);
      await silence(carrierA, say);

      await carrierA.hangup(call.customer);
      await phones.waitForEnd(call.agentPhone);
      await phones.waitForEnd(phone);
      await until('supervisor.left', 5000, () => ev.of('supervisor.left').length === 1);
      expect(ev.of('supervisor.joined')[0]).to.include({ guid: call.guid, mode: 'whisper' });
    } finally {
      ev.stop();
    }
  });

  it('given a supervisor barges in then the supervisor is in the call\'s bridge and customer and agent both hear the supervisor', async () => {
    const call = await connectedSalesCall();
    const { phone } = await supervise(call.guid, 'barge', call.number);
    await until('three in the call\'s bridge', 5000, async () => (await topology()).bridges.get(call.snap.bridgeId!)?.length === 3);
    const sup = await speak(phones, phone);
    const [atCustomer, atAgent] = await Promise.all([levelHeard(carrierA, call.customer), levelHeard(phones, call.agentPhone)]);
    await silence(phones, sup);
    expect(atCustomer, 'customer hears the supervisor').to.be.above(LOUDNESS_HEARD);
    expect(atAgent, 'agent hears the supervisor').to.be.above(LOUDNESS_HEARD);
    const say = await speak(carrierA, call.customer);
    expect(await levelHeard(phones, phone), 'supervisor hears the customer').to.be.above(LOUDNESS_HEARD);
    await silence(carrierA, say);
    await carrierA.hangup(call.customer);
    await Promise.all([phones.waitForEnd(call.agentPhone), phones.waitForEnd(phone)]);
  });

  it('given a supervisor listens when the supervisor forces the hang-up then customer, agent and supervisor are hung up and the record says hung up by the system', async () => {
    const ev = recordEvents();
    try {
      const call = await connectedSalesCall();
      const { phone } = await supervise(call.guid, 'listen', call.number);
      await until('supervisor joined', 5000, () => ev.of('supervisor.joined').length === 1);
      const res = await api('POST', `/api/v1/calls/${call.guid}/hangup`, {});
      expect(res.status).to.equal(202);
      await Promise.all([carrierA.waitForEnd(call.customer), phones.waitForEnd(call.agentPhone), phones.waitForEnd(phone)]);
      const rec = await recordByGuid(call.guid);
      expect(rec).to.include({ hangup_by: 'system', agent: call.agent, status: 9 });
      expect(ev.of('call.hungup').find((e) => e.guid === call.guid)).to.include({ by: 'system' });
      await until('supervisor.left', 5000, () => ev.of('supervisor.left').length === 1);
      await until('agent back to ready', 3000, () => agentState(call.agent) === 'ready', 20);
    } finally {
      ev.stop();
    }
  });

  it('given an internal call when a supervisor forces the hang-up then both phones are hung up and the record says system', async () => {
    const caller = await phones.call('PJSIP/1002@phone-1001');
    const callee = await phones.waitForCall((c) => c.exten === '1002');
    await phones.answer(callee.id);
    await phones.waitForAnswer(caller);
    const guid = app().registry.all()[0].guid;
    expect((await api('POST', `/api/v1/calls/${guid}/hangup`, {})).status).to.equal(202);
    await Promise.all([phones.waitForEnd(caller), phones.waitForEnd(callee.id)]);
    expect(await recordByGuid(guid)).to.include({ hangup_by: 'system', status: 15 });
  });

  it('given the agent mutes the customer then the agent no longer hears the customer, and unmuting brings the customer back', async () => {
    const ev = recordEvents();
    try {
      const call = await connectedSalesCall();
      const other = otherSalesAgent(call.agent);
      expect((await api('POST', `/api/v1/calls/${call.guid}/mute`, { side: 'caller', muted: true }, agentCreds(other))).status, 'another agent may not mute').to.equal(403);
      const muted = await api('POST', `/api/v1/calls/${call.guid}/mute`, { side: 'caller', muted: true }, agentCreds(call.agent));
      expect(muted.status, JSON.stringify(muted.body)).to.equal(200);
      // The customer starts speaking only now: audio from before the mute could still be in flight.
      const say = await speak(carrierA, call.customer);
      expect(await levelHeard(phones, call.agentPhone), 'muted: the agent hears nothing').to.be.below(LOUDNESS_SILENT);
      expect((await api('POST', `/api/v1/calls/${call.guid}/mute`, { side: 'caller', muted: false })).status).to.equal(200);
      expect(await levelHeard(phones, call.agentPhone), 'unmuted: the agent hears the customer again').to.be.above(LOUDNESS_HEARD);
      await silence(carrierA, say);
      expect(ev.of('call.mute').map((e) => [e.side, e.muted])).to.deep.equal([['caller', true], ['caller', false]]);
      await carrierA.hangup(call.customer);
      await phones.waitForEnd(call.agentPhone);
    } finally {
      ev.stop();
    }
  });

  it('given bad input on the supervisor routes then each gets 400/403/404/409 with a reason and nothing changes', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const sqlish = "1' OR '1'='1";
    for (const verb of ['listen', 'whisper', 'barge']) {
      expect((await api('POST', `/api/v1/calls/${encodeURIComponent(sqlish)}/${verb}`, { supervisor: SUPERVISOR })).status).to.equal(400);
      expect((await api('POST', `/api/v1/calls/${unknown}/${verb}`, { supervisor: SUPERVISOR })).status).to.equal(404);
    }
    expect((await api('POST', `/api/v1/calls/${unknown}/hangup`, {})).status).to.equal(404);
    expect((await api('POST', `/api/v1/calls/${unknown}/mute`, { side: 'caller', muted: true })).status).to.equal(404);

    const call = await connectedSalesCall();
    const before = await topology();
    const bad: [string, unknown, number][] = [
      ['listen', { supervisor: sqlish }, 400],
      ['listen', {}, 400],
      ['listen', { supervisor: SUPERVISOR, extra: 1 }, 400],
      ['whisper', { supervisor: '1999' }, 404],
      ['barge', { supervisor: call.agent }, 409],
      ['hangup', { now: true }, 400],
      ['mute', { side: 'both', muted: true }, 400],
      ['mute', { side: 'caller', muted: 'yes' }, 400],
      ['mute', { side: sqlish, muted: true }, 400],
    ];
    for (const [verb, body, status] of bad) {
      const res = await api<{ error: { id: string; details: { problems?: string[] } } }>('POST', `/api/v1/calls/${call.guid}/${verb}`, body);
      expect(res.status, `${verb} ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`).to.equal(status);
      if (status === 400) expect(res.body.error.details.problems?.length ?? 0, 'reasons given').to.be.above(0);
    }
    expect((await api('POST', `/api/v1/calls/${call.guid}/listen`, { supervisor: SUPERVISOR }, agentCreds(call.agent))).status, 'agents may not listen').to.equal(403);
    const other = call.agent === '1003' ? '1004' : '1003';
    expect((await api('POST', `/api/v1/calls/${call.guid}/hangup`, {}, agentCreds(other))).status, 'an agent not on the call may not hang it up').to.equal(403);
    const after = await topology();
    expect([...after.channels.keys()].sort()).to.deep.equal([...before.channels.keys()].sort());
    expect(app().registry.size, 'no session was created').to.equal(1);
    await carrierA.hangup(call.customer);
    await phones.waitForEnd(call.agentPhone);
  });

  it('given a call that is not connected yet (ringing) then listen, barge, mute answer 409', async () => {
    const customer = await carrierA.call('PJSIP/02566668888@product', { callerId: '<13911112222>' });
    await carrierA.waitForAnswer(customer, 5000);
    await carrierA.sendDtmf(customer, '1');
    const ring = await phones.waitForCall((c) => ['1001', '1002'].includes(c.exten), 5000);
    const guid = app().registry.all()[0].guid;
    for (const [verb, body] of [['listen', { supervisor: SUPERVISOR }], ['barge', { supervisor: SUPERVISOR }], ['mute', { side: 'agent', muted: true }]] as const) {
      const res = await api<{ error: { id: string } }>('POST', `/api/v1/calls/${guid}/${verb}`, body);
      expect(res.status, verb).to.equal(409);
      expect(res.body.error.id).to.equal('not-connected');
    }
    await carrierA.hangup(customer);
    await phones.waitForEnd(ring.id);
  });
});

function otherSalesAgent(agent: string): string {
  return agent === '1001' ? '1002' : '1001';
}
