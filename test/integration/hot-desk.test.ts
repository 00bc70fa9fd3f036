/**
 * Hot-desking on real calls (issue 19; source 002 §8, §11: 工号 separate from the phone). Agent ID
 * 20011 (demo seed: PIN 4321, group sales) logs in on phone 1003 with `*1120011*4321#`; a sales
 * call then rings 1003 and its record, the state log and the events carry 1003 and 20011. A
 * wrong PIN changes nothing; after a logout (`*9`) 1003 rings no more. Seats are cleared after
 * each test (the agents' reset logs every phone out, which ends any seat).
 */
import { expect } from 'chai';
import type { RowDataPacket } from 'mysql2/promise';
import { site } from './harness/site';
import { callTestHooks, recordEvents } from './harness/cti';
import { until } from './harness/wait';
import { api } from './harness/api-client';
import { agentState, callRecord, resetAgents, restoreDemoConfig, uniqueCaller } from './harness/contact-center';
import { CallSession } from '../../src/calls/session/call-session';

const { phones, carrierA } = site;
const app = () => site.product.app;
const DID = '02566668888';
const PHONES = ['1001', '1002', '1003', '1004'];

/** The HotDeskService of the app under test (through its API, so the test sees what a CRM sees). */
const seats = async () => (await api<{ seats: { agentId: string; extension: string; state: string }[] }>('GET', '/api/v1/hotdesk/seats')).body.seats;

/** A phone dials a code; resolves when the product has hung it up (after the prompt). */
async function dialCode(ext: string, code: string): Promise<void> {
  const id = await phones.call(`PJSIP/${code}@phone-${ext}`);
  await phones.waitForEnd(id, 8000);
}

/** Sales' own agents (1001, 1002) not ready: only a phone seated for a sales agent ID can take a sales call. */
function salesAgentsAway(): void {
  for (const ext of ['1001', '1002']) app().agents.apply(ext, { type: 'not-ready', reason: 'test' });
}

async function callSales(number: string): Promise<string> {
  const id = await carrierA.call(`PJSIP/${DID}@product`, { callerId: `<${number}>` });
  await carrierA.waitForAnswer(id, 5000);
  await carrierA.sendDtmf(id, '1');
  return id;
}

const stateLog = async (ext: string, n: number) => (await app().pool.query<RowDataPacket[]>(
  'SELECT agent_id, to_state, reason FROM agent_state_log WHERE extension = ? ORDER BY id DESC LIMIT ?', [ext, n]))[0].map((r) => `${r.agent_id} ${r.to_state}${r.reason ? ` (${r.reason})` : ''}`).reverse();

describe('hot-desking: agent IDs log in on any phone (issue 19)', function () {
  this.timeout(60000);

  before(async () => {
    await restoreDemoConfig(); // agent ID 20011 of the demo seed
  });

  callTestHooks(async () => {
    resetAgents(); // logs every phone out and in: any seat ends
    await until('no seat left', 5000, async () => (await seats()).length === 0, 100);
  });

  it('given 1003 dials the login code with a wrong PIN then nothing changes: no seat, 1003 stays its own ready agent', async () => {
    await app().agents.flush();
    const before = await stateLog('1003', 3);
    await dialCode('1003', '*1120011*1111#');
    expect(await seats()).to.deep.equal([]);
    expect(agentState('1003')).to.equal('ready');
    await app().agents.flush();
    expect(await stateLog('1003', 3)).to.deep.equal(before);
    const r = await api('POST', '/api/v1/hotdesk/login', { agentId: '20011', pin: '1111', extension: '1003' });
    expect(r.status, JSON.stringify(r.body)).to.equal(403);
    expect(await seats()).to.deep.equal([]);
  });

  it('given agent 20011 logs in on phone 1003 with *1120011*4321# then a sales call rings 1003 and the record carries 1003 and 20011', async () => {
    await dialCode('1003', '*1120011*4321#');
    await until('20011 seated at 1003', 5000, async () => JSON.stringify(await seats()) === JSON.stringify([{ agentId: '20011', name: 'Hot-desk agent 20011', extension: '1003', state: 'ready' }]), 100);
    await app().agents.flush();
    expect(await stateLog('1003', 2)).to.deep.equal(['1003 logged_out (hot-desk)', '20011 ready']);
    const info = await api('GET', '/api/v1/agents/1003');
    expect([info.body.agent, info.body.agentId, info.body.state]).to.deep.equal(['1003', '20011', 'ready']);

    salesAgentsAway();
    const events = recordEvents();
    const number = uniqueCaller();
    const caller = await callSales(number);
    const leg = await phones.waitForCall((c) => PHONES.includes(c.exten), 5000);
    expect(leg.exten).to.equal('1003');
    expect(leg.callerNumber).to.equal(number);
    await phones.answer(leg.id);
    await until('the caller connected to 1003', 5000, () => app().registry.all().some((c) => c instanceof CallSession && c.snapshot?.().state === 'connected'), 20);
    await carrierA.hangup(caller);
    await phones.waitForEnd(leg.id);
    const rec = await callRecord({ caller: number });
    expect({ agent: rec.agent, agentId: rec.agent_id, group: rec.group_name, status: rec.status }).to.deep.equal({ agent: '1003', agentId: '20011', group: 'sales', status: 9 });
    const ringing = events.of('call.ringing').find((e) => e.guid === rec.guid);
    const result = events.of('call.result').find((e) => e.guid === rec.guid);
    events.stop();
    expect([ringing?.agent, ringing?.agentId]).to.deep.equal(['1003', '20011']);
    expect([result?.agent, result?.agentId]).to.deep.equal(['1003', '20011']);
    expect(events.of('agent.state').filter((e) => e.agent === '1003' && e.to === 'on_call').map((e) => e.agentId)).to.deep.equal(['20011']);
  });

  it('given 20011 logged in on 1003 over the API and then logged out with *9 then a sales call no longer rings 1003', async () => {
    const denied = await api('POST', '/api/v1/hotdesk/login', { agentId: '20011', pin: '4321', extension: '1003' }, { user: '1004', password: 'secret1004' });
    expect(denied.status, 'an agent may only log in at its own phone').to.equal(403);
    const r = await api('POST', '/api/v1/hotdesk/login', { agentId: '20011', pin: '4321', extension: '1003' });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body).to.deep.include({ ok: true, agentId: '20011', extension: '1003' });
    await dialCode('1003', '*9');
    expect(await seats()).to.deep.equal([]);
    expect(agentState('1003')).to.equal('logged_out');
    await app().agents.flush();
    expect(await stateLog('1003', 1)).to.deep.equal(['20011 logged_out (phone)']);

    salesAgentsAway();
    const number = uniqueCaller();
    const caller = await callSales(number);
    await until('the call queued in sales', 5000, () => app().acd.waitingIn('sales') === 1, 20);
    const rang = await phones.waitForCall((c) => PHONES.includes(c.exten), 3000).then((c) => c.exten, () => null);
    expect(rang, 'no phone rings: 1003 left with its agent, sales\' own agents are away').to.equal(null);
    await carrierA.hangup(caller);
    const rec = await callRecord({ caller: number });
    expect([rec.agent, rec.agent_id, rec.status]).to.deep.equal([null, null, 13]);
  });
});
