/**
 * Issue 20, CTI commands and events of the source manual (002): a call's variables and the IVR
 * digits in the screen pop (§3.6), global variables (§3.30), channel and phone state events for
 * extensions and trunks (§12), channel lookup (§11), originate with TellGuid / CallerNo / HALLH
 * (§3), force release (§27), timers that start a flow or a call (§28), agents hanging up their own
 * calls. Real SIP calls between the product and the peers.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { CtiEvent } from '../../src/events/cti-events';
import { CallSession } from '../../src/calls/session/call-session';
import { site } from './harness/site';
import { until } from './harness/wait';
import { api, apiBase } from './harness/api-client';
import { TEST_API } from './harness/product';
import { agentState, onlyCallGuid, recordByGuid, uniqueCaller } from './harness/contact-center';
import { callTestHooks, connectedSalesCall, DID, recordEvents, SALES } from './harness/cti';

const { phones, carrierA, carrierB } = site;
const app = () => site.product.app;
const agentCreds = (ext: string) => ({ user: ext, password: `secret${ext}` });
type ChannelEvent = Extract<CtiEvent, { type: 'channel.state' }>;

describe('CTI commands and events of the source manual (issue 20)', function () {
  this.timeout(60000);
  callTestHooks(async () => {
    await app().pool.query("DELETE FROM global_variables WHERE name LIKE 'cti_test%'");
    await app().pool.query("UPDATE timers SET enabled = 0, action = 'event', agent = NULL, number = NULL, flow = NULL WHERE id = 7");
    await app().jobs.timers.sync();
  });

  it('given a customer who pressed 1 in the IVR then the screen pop and GET variables carry the key; the agent reads and sets its call\'s variables, another agent may not', async () => {
    const ev = recordEvents();
    try {
      const number = uniqueCaller();
      const customer = await carrierA.call(`PJSIP/${DID}@product`, { callerId: `<${number}>` });
      await carrierA.waitForAnswer(customer, 5000);
      await carrierA.sendDtmf(customer, '1');
      const leg = await phones.waitForCall((c) => SALES.includes(c.exten), 5000);
      const guid = onlyCallGuid();
      await until('the screen pop', 3000, () => ev.of('call.ringing').length > 0, 20);
      expect(ev.of('call.ringing')[0].variables, 'the IVR key in the screen pop').to.include({ menu_welcome: '1' });
      await phones.answer(leg.id);
      await until('connected', 5000, () => app().registry.byGuid(guid)?.snapshot?.().state === 'connected', 20);
      const set = await api('POST', `/api/v1/calls/${guid}/variables`, { name: 'order_no', value: 'A-123' }, agentCreds(leg.exten));
      expect(set.status, JSON.stringify(set.body)).to.equal(200);
      const got = await api<{ variables: Record<string, string> }>('GET', `/api/v1/calls/${guid}/variables`, undefined, agentCreds(leg.exten));
      expect(got.status).to.equal(200);
      expect(got.body.variables).to.deep.equal({ caller: number, callee: DID, agent: leg.exten, menu_welcome: '1', order_no: 'A-123' });
      const other = leg.exten === '1001' ? '1003' : '1004';
      expect((await api('GET', `/api/v1/calls/${guid}/variables`, undefined, agentCreds(other))).status, 'not a party').to.equal(403);
      expect((await api('GET', `/api/v1/calls/${randomUUID()}/variables`)).status).to.equal(404);
      await carrierA.hangup(customer);
      await phones.waitForEnd(leg.id);
    } finally {
      ev.stop();
    }
  });

  it('given a global variable set by a supervisor then the next call\'s flow sees it as global_<name>; agents read but may not set; it is kept in MySQL and removed', async () => {
    expect((await api('PUT', '/api/v1/variables/cti_test_holiday', { value: '1' }, agentCreds('1001'))).status, 'agents may not set').to.equal(403);
    const bad = await api<{ error: { details: { problems: string[] } } }>('PUT', '/api/v1/variables/Bad-Name', { value: 'x' });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.details.problems.join(';')).to.match(/^name:/);
    expect((await api('PUT', '/api/v1/variables/cti_test_holiday', { value: 'line\nbreak' })).status).to.equal(400);
    expect((await api('PUT', '/api/v1/variables/cti_test_holiday', { value: '1' })).status).to.equal(200);
    const [rows] = await app().pool.query('SELECT value FROM global_variables WHERE name = ?', ['cti_test_holiday']) as [{ value: string }[], unknown];
    expect(rows.map((r) => r.value)).to.deep.equal(['1']);
    const read = await api<{ variables: Record<string, string> }>('GET', '/api/v1/variables', undefined, agentCreds('1001'));
    expect(read.body.variables).to.include({ cti_test_holiday: '1' });

    const customer = await carrierA.call(`PJSIP/${DID}@product`, { callerId: `<${uniqueCaller()}>` });
    await carrierA.waitForAnswer(customer, 5000);
    const call = app().registry.byGuid(onlyCallGuid()) as CallSession;
    await until('the menu running', 3000, () => call.phase.name === 'flow', 20);
    const p = call.phase;
    expect(p.name === 'flow' ? p.runner.cursor?.vars : null, 'the flow started with the global').to.include({ global_cti_test_holiday: '1' });
    const reserved = await api<{ error: { id: string } }>('POST', `/api/v1/calls/${call.guid}/variables`, { name: 'global_cti_test_holiday', value: '0' });
    expect(reserved.body.error?.id, 'global_ names are reserved on calls').to.equal('reserved-variable');
    await carrierA.hangup(customer);
    await until('call ended', 5000, () => app().registry.size === 0, 20);

    expect((await api('DELETE', '/api/v1/variables/cti_test_holiday')).status).to.equal(200);
    expect((await api('GET', '/api/v1/variables/cti_test_holiday')).status).to.equal(404);
    expect((await api('DELETE', '/api/v1/variables/cti_test_holiday')).status).to.equal(404);
  });

  it('given a queue call answered by an agent then channel.state events follow the trunk and phone channels in order, phone.state the agent\'s phone; channels are found by agent and number', async () => {
    const ev = recordEvents();
    try {
      const number = uniqueCaller();
      const customer = await carrierA.call(`PJSIP/${DID}@product`, { callerId: `<${number}>` });
      await carrierA.waitForAnswer(customer, 5000);
      await carrierA.sendDtmf(customer, '1');
      const leg = await phones.waitForCall((c) => SALES.includes(c.exten), 5000);
      await phones.client.channels.ring({ channelId: leg.id }); // 180 Ringing, as a desk phone sends
      const guid = onlyCallGuid();
      await until('the phone ringing', 3000, () => ev.of('phone.state').some((e) => e.extension === leg.exten && e.state === 'ringing'), 20);
      await phones.answer(leg.id);
      await until('connected', 5000, () => app().registry.byGuid(guid)?.snapshot?.().state === 'connected', 20);
      const snap = app().registry.byGuid(guid)!.snapshot!();

      const byAgent = await api<{ channels: { id: string; call: string }[] }>('GET', `/api/v1/channels?agent=${leg.exten}`);
      expect(byAgent.body.channels.map((c) => c.id)).to.deep.equal([snap.agentChannel]);
      const byNumber = await api<{ channels: { id: string; call: string }[] }>('GET', `/api/v1/channels?number=${number}`);
      expect(byNumber.body.channels.map((c) => c.id).sort()).to.deep.equal([snap.callerChannel, snap.agentChannel].sort());
      expect(byNumber.body.channels.every((c) => c.call === guid)).to.equal(true);
      expect((await api('GET', `/api/v1/channels?number=${number}&agent=1001`)).status).to.equal(400);
      const phonesNow = await api<{ phones: { extension: string; state: string }[] }>('GET', '/api/v1/phones');
      expect(phonesNow.body.phones.find((p) => p.extension === leg.exten)?.state).to.equal('talking');

      await carrierA.hangup(customer);
      await phones.waitForEnd(leg.id);
      await until('both channels idle', 5000, () => ev.of('channel.state').filter((e) => e.state === 'idle' && [snap.callerChannel, snap.agentChannel].includes(e.channelId)).length === 2, 20);
      const states = (id: string) => ev.of('channel.state').filter((e: ChannelEvent) => e.channelId === id);
      const trunk = states(snap.callerChannel);
      expect(trunk.map((e) => e.state), 'the carrier\'s channel').to.deep.equal(['offhook', 'talking', 'idle']);
      expect(trunk[0]).to.include({ kind: 'trunk', number: 'carrier-a', caller: number });
      expect(trunk.slice(1).every((e) => e.guid === guid), 'the call\'s GUID once the call owns the channel').to.equal(true);
      const phone = states(snap.agentChannel!);
      expect(phone.map((e) => e.state), 'the agent\'s phone channel').to.deep.equal(['ringing', 'talking', 'idle']);
      expect(phone.every((e) => e.kind === 'extension' && e.number === leg.exten && e.guid === guid)).to.equal(true);
      expect(ev.of('phone.state').filter((e) => e.extension === leg.exten).map((e) => e.state)).to.deep.equal(['ringing', 'talking', 'idle']);
      for (const list of [trunk, phone]) expect(list.every((e, i) => i === 0 || e.seq > list[i - 1].seq), 'in order').to.equal(true);
    } finally {
      ev.stop();
    }
  });

  it('given an agent on a call when it hangs up through the API then only its side goes (the caller hears the survey); an agent not on the call gets 403, a CRM token may not end the whole call', async () => {
    const call = await connectedSalesCall();
    const other = call.agent === '1001' ? '1003' : '1004';
    expect((await api('POST', `/api/v1/calls/${call.guid}/hangup`, {}, agentCreds(other))).status).to.equal(403);
    const crm = await fetch(`${apiBase()}/api/v1/calls/${call.guid}/hangup`, { method: 'POST', headers: { authorization: `Bearer ${TEST_API.token.token}`, 'content-type': 'application/json' }, body: '{}' });
    expect(crm.status, 'a CRM token').to.equal(403);
    const res = await api<{ side: string }>('POST', `/api/v1/calls/${call.guid}/hangup`, {}, agentCreds(call.agent));
    expect(res.status, JSON.stringify(res.body)).to.equal(202);
    expect(res.body.side).to.equal('agent');
    await phones.waitForEnd(call.agentPhone);
    await until('the caller in the survey', 5000, () => app().registry.byGuid(call.guid)?.snapshot?.().state === 'survey', 20);
    await carrierA.hangup(call.customer);
    expect(await recordByGuid(call.guid)).to.include({ hangup_by: 'agent', status: 9 });
  });

  it('given a supervisor force-releases by channel and by agent number then those channels hang up and the call goes on as when that party hangs up; 404 for nothing, 403 for an agent', async () => {
    const first = await connectedSalesCall();
    expect((await api('POST', '/api/v1/channels/release', { agent: first.agent }, agentCreds(first.agent))).status).to.equal(403);
    expect((await api('POST', '/api/v1/channels/release', { agent: '1999' })).status).to.equal(404);
    expect((await api('POST', '/api/v1/channels/release', { agent: '1001', number: '1001' })).status).to.equal(400);
    const byAgent = await api<{ released: { id: string; call: string }[] }>('POST', '/api/v1/channels/release', { agent: first.agent });
    expect(byAgent.status, JSON.stringify(byAgent.body)).to.equal(202);
    expect(byAgent.body.released.map((r) => r.call)).to.deep.equal([first.guid]);
    await phones.waitForEnd(first.agentPhone);
    await until('the caller in the survey', 5000, () => app().registry.byGuid(first.guid)?.snapshot?.().state === 'survey', 20);
    const byChannel = await api<{ released: { id: string }[] }>('POST', '/api/v1/channels/release', { channel: first.snap.callerChannel });
    expect(byChannel.body.released.map((r) => r.id)).to.deep.equal([first.snap.callerChannel]);
    await carrierA.waitForEnd(first.customer);
    expect(await recordByGuid(first.guid)).to.include({ hangup_by: 'agent', status: 9 });
  });

  it('given an originate with TellGuid, CallerNo and HALLH (survey after outbound calls on) then the call keeps the GUID, the callee sees CallerNo, and the agent hanging up ends it for everyone', async () => {
    await site.product.restartApp({ routing: { ...site.product.config.routing, outboundSurveyFlow: 'survey' } });
    try {
      await until('the restarted app linked to Asterisk', 10000, async () => (await api('GET', '/api/v1/health', undefined, null)).status === 200, 100);
      const guid = randomUUID().toUpperCase();
      // carrier-b trusts us by address and takes any caller number; carrier-a knows us by the From user
      // (its number 02566668888) and refuses another one, as a carrier whose numbers must be its own does.
      expect((await api('POST', '/api/v1/calls/originate', { agent: '1001', number: '8057188888888', callerNumber: '4000' }, agentCreds('1001'))).status, 'CallerNo needs crm').to.equal(403);
      expect((await api('POST', '/api/v1/calls/originate', { agent: '1001', number: '8057188888888', guid: 'not-a-guid' })).status).to.equal(400);
      const res = await api<{ guid: string }>('POST', '/api/v1/calls/originate', { agent: '1001', number: '8057188888888', guid, callerNumber: '4000', hangupAll: true });
      expect(res.status, JSON.stringify(res.body)).to.equal(202);
      expect(res.body.guid).to.equal(guid.toLowerCase());
      expect((await api<{ error: { id: string } }>('POST', '/api/v1/calls/originate', { agent: '1002', number: '8057188888888', guid })).body.error?.id, 'the same GUID again').to.equal('guid-in-use');
      const ring = await phones.waitForCall((c) => c.exten === '1001', 5000);
      await phones.answer(ring.id);
      const out = await carrierB.waitForCall((c) => c.exten === '008657188888888', 5000);
      expect(out.callerNumber, 'CallerNo').to.equal('4000');
      await carrierB.answer(out.id);
      await until('1001 on call', 3000, () => agentState('1001') === 'on_call', 20);
      const seen = new Set<string>();
      const watch = setInterval(() => { const s = app().registry.byGuid(guid.toLowerCase())?.snapshot?.().state; if (s) seen.add(s); }, 10);
      try {
        await phones.hangup(ring.id);
        await carrierB.waitForEnd(out.id, 5000);
      } finally {
        clearInterval(watch);
      }
      expect([...seen], 'HALLH: no survey keeps the carrier\'s party').to.not.include('survey');
      expect(await recordByGuid(guid.toLowerCase())).to.include({ direction: 'outbound', caller: '1001', status: 10, hangup_by: 'caller' });
    } finally {
      await site.product.restartApp();
      await until('the app linked to Asterisk again', 10000, async () => (await api('GET', '/api/v1/health', undefined, null)).status === 200, 100);
    }
  });

  it('given a conference with HALLH (hangupAll) from 1002 when 1002 leaves then every party is hung up; without from it is refused', async () => {
    expect((await api('POST', '/api/v1/conferences', { hangupAll: true })).status).to.equal(400);
    const created = await api<{ id: string; hangupAll: boolean }>('POST', '/api/v1/conferences', { from: '1002', hangupAll: true });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect(created.body.hangupAll).to.equal(true);
    const id = created.body.id;
    await api('POST', `/api/v1/conferences/${id}/parties`, { extension: '1002' });
    const agent = await phones.waitForCall((c) => c.exten === '1002', 5000);
    await phones.answer(agent.id);
    await api('POST', `/api/v1/conferences/${id}/parties`, { extension: '1003' });
    const other = await phones.waitForCall((c) => c.exten === '1003', 5000);
    await phones.answer(other.id);
    await until('both joined', 5000, async () => (await api<{ parties: { state: string }[] }>('GET', `/api/v1/conferences/${id}`)).body.parties.filter((p) => p.state === 'joined').length === 2, 50);
    await phones.hangup(agent.id);
    await phones.waitForEnd(other.id, 5000);
    await until('the conference gone', 5000, async () => (await api('GET', `/api/v1/conferences/${id}`)).status === 404, 50);
  });

  it('given timer 7 set to run flow main for 1003 as 1001 dials then 1003 rings, answers and hears the flow; the call is recorded; timer.fired names the call', async () => {
    // As in screen-pop.test.ts: right after an app restart a phone may lack its contact for a moment.
    await until('the app linked to Asterisk', 10000, async () => (await api('GET', '/api/v1/health', undefined, null)).status === 200, 100);
    await until('1003 to have a contact', 15000, async () => (await site.product.cli('pjsip show contacts')).includes('1003/sip:'), 100);
    const ev = recordEvents();
    try {
      const bad = await api<{ error: { details: { problems: string[] } } }>('PUT', '/api/v1/timers/7', { enabled: true, action: 'flow', agent: '1001', number: '1003', flow: 'nosuchflow' }, 'admin');
      expect(bad.status).to.equal(400);
      expect(bad.body.error.details.problems.join(';')).to.match(/flow: no flow nosuchflow/);
      const on = await api('PUT', '/api/v1/timers/7', { enabled: true, periodMs: 3000, action: 'flow', agent: '1001', number: '1003', flow: 'main' }, 'admin');
      expect(on.status, JSON.stringify(on.body)).to.equal(200);
      const ring = await phones.waitForCall((c) => c.exten === '1003', 6000);
      expect((await api('PUT', '/api/v1/timers/7', { enabled: false }, 'admin')).status).to.equal(200);
      const fired = ev.of('timer.fired').filter((e) => e.timer === 7);
      expect(fired).to.have.length(1);
      const guid = fired[0].guid!;
      expect(fired[0]).to.include({ action: 'flow' });
      await phones.answer(ring.id);
      await until('the flow running', 5000, () => app().registry.byGuid(guid)?.snapshot?.().state === 'flow', 20);
      expect(ev.of('call.started').find((e) => e.guid === guid)).to.include({ direction: 'outbound', caller: '1001', callee: '1003' });
      await phones.hangup(ring.id);
      const rec = await recordByGuid(guid);
      expect(rec).to.include({ direction: 'outbound', callee: '1003' });
      expect(rec.flow).to.equal('main');
      expect(ev.of('timer.fired').filter((e) => e.timer === 7), 'switched off after one firing').to.have.length(1);
    } finally {
      ev.stop();
    }
  });
});
