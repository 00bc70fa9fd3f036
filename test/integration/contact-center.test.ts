import { expect } from 'chai';
import { site } from './harness/site';
import { until } from './harness/wait';
import { api as apiCall } from './harness/api-client';
import { agentState, callRecord, recordByGuid as callRecordOf, changeConfig, fileSize, inboundCalls, resetAgents, restoreDemoConfig, uniqueCaller, wavRms } from './harness/contact-center';

const { phones, carrierA } = site;
const DID = '02566668888';
const SALES = ['1001', '1002'];
const SUPPORT = ['1003', '1004'];
const app = () => site.product.app;

/** The outside caller dials the demo DID through carrier-a; resolves once the IVR answered. */
async function callDid(caller: string): Promise<string> {
  const id = await carrierA.call(`PJSIP/${DID}@product`, { callerId: `<${caller}>` });
  await carrierA.waitForAnswer(id, 5000);
  return id;
}

const ringsAt = (exts: string[], timeoutMs = 3000) => phones.waitForCall((c) => exts.includes(c.exten), timeoutMs);

/** An outside caller presses 1 (sales); resolves when the first sales agent rings. */
async function callSales(number = uniqueCaller()) {
  const caller = await callDid(number);
  await carrierA.sendDtmf(caller, '1');
  return { caller, agent: await ringsAt(SALES) };
}

/** With this ring time per agent, the first sales agent lets the call ring out; resolves when the other one rings. */
async function firstAgentRingsOut(ringTimeoutSec: number) {
  await changeConfig('UPDATE agent_groups SET ring_timeout_sec = ? WHERE name = \'sales\'', [ringTimeoutSec]);
  const { caller, agent: first } = await callSales();
  const second = await ringsAt(SALES.filter((e) => e !== first.exten), (ringTimeoutSec + 3) * 1000);
  return { caller, first, second };
}

describe('contact center: IVR, ACD, recording, survey, records', function () {
  this.timeout(60000);
  let configChanged = false;

  beforeEach(() => {
    configChanged = false;
    resetAgents();
  });

  afterEach(async function () {
    this.timeout(20000);
    await site.settle();
    if (configChanged) await restoreDemoConfig();
  });

  it('given the caller presses 1 then a sales agent rings within 3 s showing the caller\'s number 13800138000', async () => {
    const caller = await callDid('13800138000');
    await carrierA.sendDtmf(caller, '1');
    const sentAt = Date.now();
    const agent = await ringsAt(SALES);
    expect(Date.now() - sentAt, 'ring latency after the digit (ms)').to.be.below(3000);
    expect(agent.callerNumber).to.equal('13800138000');
    await carrierA.hangup(caller);
    await phones.waitForEnd(agent.id);
  });

  it('given the caller presses 2 then a support agent rings', async () => {
    const caller = await callDid(uniqueCaller());
    await carrierA.sendDtmf(caller, '2');
    const agent = await ringsAt(SUPPORT);
    expect(SUPPORT).to.include(agent.exten);
    await carrierA.hangup(caller);
    await phones.waitForEnd(agent.id);
  });

  it('given the caller presses nothing then after two menu attempts a sales agent rings', async () => {
    const caller = await callDid(uniqueCaller());
    const agent = await ringsAt(SALES, 25000);
    expect(SALES).to.include(agent.exten);
    await carrierA.hangup(caller);
    await phones.waitForEnd(agent.id);
  });

  it('given consecutive calls then the agent idle longest gets each one', async () => {
    resetAgents(['1002', '1001', '1003', '1004']); // 1002 has waited longest
    const order: string[] = [];
    for (let i = 0; i < 3; i++) {
      const caller = await callDid(uniqueCaller());
      await carrierA.sendDtmf(caller, '1');
      const agent = await ringsAt(SALES);
      order.push(agent.exten);
      await phones.answer(agent.id);
      await until('agent on call', 3000, () => agentState(agent.exten) === 'on_call', 20);
      await carrierA.hangup(caller); // the caller first: no survey
      await phones.waitForEnd(agent.id);
    }
    expect(order).to.deep.equal(['1002', '1001', '1002']);
  });

  it('given 1001 has a better priority then 1001 rings although 1002 waited longer', async () => {
    configChanged = true;
    await changeConfig("UPDATE group_members SET priority = CASE extension WHEN '1001' THEN 1 ELSE 2 END WHERE group_name = 'sales'");
    resetAgents(['1002', '1001', '1003', '1004']);
    const { caller, agent } = await callSales();
    expect(agent.exten).to.equal('1001');
    await carrierA.hangup(caller);
    await phones.waitForEnd(agent.id);
  });

  it('given the first agent does not answer within the ring timeout then the next agent rings and the first stays ready', async () => {
    configChanged = true;
    const { caller, first, second } = await firstAgentRingsOut(3);
    await phones.waitForEnd(first.id);
    expect(second.exten).to.not.equal(first.exten);
    expect(agentState(first.exten)).to.equal('ready');
    await phones.answer(second.id);
    await carrierA.hangup(caller);
    await phones.waitForEnd(second.id);
  });

  it('given an agent lets a call ring past the no-answer limit (5 s in tests) then the agent is logged off', async () => {
    configChanged = true;
    const { caller, first, second } = await firstAgentRingsOut(6);
    expect(agentState(first.exten)).to.equal('logged_out');
    expect(app().agents.get(first.exten)?.reason).to.equal('no-answer');
    await carrierA.hangup(caller);
    await phones.waitForEnd(second.id);
  });

  it('given no sales agent is ready when the caller hangs up while waiting then the record says 13 (abandoned in queue)', async () => {
    for (const e of SALES) app().agents.apply(e, { type: 'not-ready', reason: 'lunch' });
    const number = uniqueCaller();
    const caller = await callDid(number);
    await carrierA.sendDtmf(caller, '1');
    await until('the caller to wait in sales', 5000, () => app().acd.waitingIn('sales') === 1, 50);
    await carrierA.hangup(caller);
    const rec = await callRecord({ caller: number });
    expect(rec.status).to.equal(13);
    expect(rec.group_name).to.equal('sales');
    expect(rec.agent).to.equal(null);
    expect(rec.hangup_by).to.equal('caller');
  });

  it('given an agent answers and talks then the record says 9 with a recording that is not silence', async () => {
    const number = uniqueCaller();
    const { caller, agent } = await callSales(number);
    await phones.answer(agent.id);
    await until('agent on call', 3000, () => agentState(agent.exten) === 'on_call', 20);
    await carrierA.play(caller, 'tt-monkeys');
    const call = inboundCalls()[0];
    const path = `${site.product.paths.hostVarDir}/spool/recording/cc-${call.guid}.wav`;
    // 2 s of 8 kHz 16-bit audio in the file: the talk was recorded while it happened.
    await until('2 s of recorded audio', 10000, () => fileSize(path) > 32000, 100);
    await carrierA.hangup(caller);
    await phones.waitForEnd(agent.id);
    const rec = await callRecord({ caller: number });
    expect(rec.status).to.equal(9);
    expect(rec.agent).to.equal(agent.exten);
    expect(rec.hangup_by).to.equal('caller');
    expect(rec.recording_path).to.equal(path);
    expect(Number(rec.talk_sec)).to.be.above(1);
    const [rows] = await app().pool.query('SELECT * FROM recordings WHERE call_guid = ?', [call.guid]) as [any[], unknown];
    expect(rows).to.have.length(1);
    expect(rows[0].agent).to.equal(agent.exten);
    expect(wavRms(path), 'RMS level of the recording').to.be.above(300);
    const found = (await apiCall<{ recordings: { call_guid: string; path: string }[] }>('GET', `/api/v1/recordings?caller=${number}&agent=${agent.exten}`)).body;
    expect(found.recordings.map((r) => r.call_guid)).to.deep.equal([call.guid]);
  });

  it('given hostile search parameters then the recordings API answers 400 with the reasons and the table is unchanged', async () => {
    const count = async () => ((await app().pool.query('SELECT COUNT(*) AS n FROM recordings')) as [any[], unknown])[0][0].n;
    const before = await count();
    for (const q of ["caller=1' OR '1'='1", 'agent=1001;DROP TABLE recordings', 'from=yesterday', 'limit=100000', 'bogus=1']) {
      const res = await apiCall<{ error: { id: string; details: { problems: string[] } } }>('GET', `/api/v1/recordings?${q}`);
      expect(res.status, q).to.equal(400);
      const body = res.body;
      expect(body.error.id).to.equal('invalid-query');
      expect(body.error.details.problems).to.have.length.above(0);
    }
    expect(await count()).to.equal(before);
  });

  it('given no agent answers within the maximum wait then the caller leaves a message: status 16 with a voicemail recording', async () => {
    configChanged = true;
    await changeConfig("UPDATE agent_groups SET max_wait_sec = 1 WHERE name = 'sales'");
    for (const e of SALES) app().agents.apply(e, { type: 'not-ready', reason: 'meeting' });
    const number = uniqueCaller();
    const caller = await callDid(number);
    await carrierA.sendDtmf(caller, '1');
    await until('the voicemail to record', 10000, () => inboundCalls().some((c) => c.phaseName === 'voicemail'), 50);
    const call = inboundCalls()[0];
    const path = `${site.product.paths.hostVarDir}/spool/recording/vm-${call.guid}.wav`;
    await carrierA.play(caller, 'tt-monkeys');
    await until('1 s of message', 10000, () => fileSize(path) > 16000, 100);
    await carrierA.hangup(caller);
    const rec = await callRecord({ caller: number });
    expect(rec.status).to.equal(16);
    expect(rec.recording_path).to.equal(path);
    const [rows] = await app().pool.query('SELECT kind FROM recordings WHERE call_guid = ?', [call.guid]) as [any[], unknown];
    expect(rows).to.deep.equal([{ kind: 'voicemail' }]);
  });

  it('given the agent hangs up first then the caller is surveyed and the pressed digit is stored with the call', async () => {
    const number = uniqueCaller();
    const { caller, agent } = await callSales(number);
    await phones.answer(agent.id);
    await until('agent on call', 3000, () => agentState(agent.exten) === 'on_call', 20);
    await phones.hangup(agent.id);
    await until('the survey to start', 5000, () => inboundCalls().some((c) => c.phaseName === 'survey'), 20);
    await carrierA.sendDtmf(caller, '4');
    await carrierA.waitForEnd(caller, 10000);
    const rec = await callRecord({ caller: number });
    expect(rec.status).to.equal(9);
    expect(rec.hangup_by).to.equal('agent');
    expect(rec.survey_score).to.equal(4);
    const [rows] = await app().pool.query('SELECT score, agent FROM survey_results WHERE call_guid = ?', [rec.guid]) as [any[], unknown];
    expect(rows).to.deep.equal([{ score: 4, agent: agent.exten }]);
  });

  it('given 1003 rings for 1001 then 1004 dialling *71003# takes the call and 1003 stops ringing', async () => {
    const caller = await phones.call('PJSIP/1003@phone-1001');
    const ringing = await phones.waitForCall((c) => c.exten === '1003');
    const picker = await phones.call('PJSIP/*71003#@phone-1004');
    await phones.waitForEnd(ringing.id);
    await phones.waitForAnswer(caller);
    await phones.waitForAnswer(picker);
    // The product marks 1004 on its own events, a moment after the phones see the answer.
    await until('1004 on the call it picked up', 3000, () => agentState('1004') === 'on_call', 20);
    await phones.hangup(picker);
    await phones.waitForEnd(caller);
  });

  it('given a sales agent rings for an outside caller then 1003 dialling *7600# (the sales group number) takes the call', async () => {
    const number = uniqueCaller();
    const caller = await callDid(number);
    await carrierA.sendDtmf(caller, '1');
    const ringing = await ringsAt(SALES);
    const picker = await phones.call('PJSIP/*7600#@phone-1003');
    await phones.waitForEnd(ringing.id);
    await phones.waitForAnswer(picker);
    expect(agentState(ringing.exten)).to.equal('ready');
    await carrierA.hangup(caller);
    await phones.waitForEnd(picker);
    const rec = await callRecord({ caller: number });
    expect(rec.agent).to.equal('1003');
    expect(rec.status).to.equal(9);
  });

  it('given an answered call and an abandoned call then queue_log holds app_queue\'s event sequences under each call GUID', async () => {
    const events = async (guid: string) => {
      await app().queueLog.flush();
      const [rows] = await app().pool.query('SELECT queuename, agent, event, data1, data2, data3 FROM queue_log WHERE callid = ? ORDER BY id', [guid]) as [any[], unknown];
      return rows;
    };
    const { caller, agent } = await callSales();
    const answered = inboundCalls()[0].guid;
    await phones.answer(agent.id);
    await until('agent on call', 3000, () => agentState(agent.exten) === 'on_call', 20);
    await carrierA.hangup(caller);
    await phones.waitForEnd(agent.id);
    const a = await events(answered);
    expect(a.map((r) => r.event)).to.deep.equal(['ENTERQUEUE', 'CONNECT', 'COMPLETECALLER']);
    expect(a[0]).to.include({ queuename: 'sales', agent: 'NONE', data3: '1' });
    expect(a[1]).to.include({ agent: `PJSIP/${agent.exten}`, data2: `${answered}-a1` });

    for (const e of SALES) app().agents.apply(e, { type: 'not-ready', reason: 'lunch' });
    const second = await callDid(uniqueCaller());
    await carrierA.sendDtmf(second, '1');
    await until('the caller to wait in sales', 5000, () => app().acd.waitingIn('sales') === 1, 50);
    const abandoned = inboundCalls()[0].guid;
    await carrierA.hangup(second);
    await until('the call to end', 5000, () => app().registry.size === 0, 20);
    expect((await events(abandoned)).map((r) => [r.event, r.data1, r.data2])).to.deep.equal([['ENTERQUEUE', '', (await callRecordOf(abandoned)).caller], ['ABANDON', '1', '1']]);
    await app().queueLog.flush();
    const [pauses] = await app().pool.query("SELECT event, data1 FROM queue_log WHERE agent = 'PJSIP/1001' AND event = 'PAUSE' ORDER BY id DESC LIMIT 1") as [any[], unknown];
    expect(pauses).to.deep.equal([{ event: 'PAUSE', data1: 'lunch' }]);
  });

  it('given the phone of the chosen agent is not registered then that agent is set not ready (unreachable) and the caller keeps waiting', async function () {
    this.timeout(40000);
    app().agents.apply('1001', { type: 'not-ready', reason: 'lunch' });
    await phones.cli('pjsip send unregister reg-1002');
    await until('1002 to have no contact', 10000, async () => !(await site.product.cli('pjsip show contacts')).includes('1002/sip:'), 100);
    try {
      const caller = await callDid(uniqueCaller());
      await carrierA.sendDtmf(caller, '1');
      await until('1002 to be set not ready', 5000, () => agentState('1002') === 'not_ready', 20);
      expect(app().agents.get('1002')?.reason).to.equal('unreachable');
      expect(app().acd.waitingIn('sales'), 'the caller still waits').to.equal(1);
      app().agents.apply('1001', { type: 'ready' });
      const agent = await ringsAt(['1001']);
      await carrierA.hangup(caller);
      await phones.waitForEnd(agent.id);
    } finally {
      await phones.cli('pjsip send register reg-1002');
      await until('1002 registered again', 15000, async () => (await phones.registrationStatus('reg-1002')) === 'Registered', 100);
    }
  });

  it('given the app restarts then each agent comes back in its saved state, reason and since, and the stop is logged as time logged out', async function () {
    this.timeout(30000);
    app().agents.apply('1002', { type: 'not-ready', reason: 'training' });
    app().agents.apply('1004', { type: 'logout', reason: 'home' });
    const since1002 = app().agents.get('1002')!.since;
    const since1004 = app().agents.get('1004')!.since;
    await app().agents.flush();
    await site.product.restartApp();
    await until('the new app\'s ARI link', 15000, () => app().ari.current, 50);
    expect(app().agents.get('1002')).to.include({ name: 'not_ready', reason: 'training', since: since1002 });
    expect(agentState('1004')).to.equal('logged_out');
    expect(agentState('1001')).to.equal('ready');
    // The API shows a logged-out agent's reason and since from before the restart.
    const view = await apiCall('GET', '/api/v1/agents/1004');
    expect(view.body).to.include({ state: 'logged_out', reason: 'home', since: new Date(since1004).toISOString() });
    // History: the stop is a change to logged_out (app-stopped), the start goes straight back to not ready.
    await app().agents.flush();
    const [rows] = await app().pool.query("SELECT from_state, to_state, reason FROM agent_state_log WHERE extension = '1002' ORDER BY id DESC LIMIT 3") as [any[], unknown];
    expect(rows.reverse().map((r) => `${r.from_state}>${r.to_state} ${r.reason}`)).to.deep.equal([
      'ready>not_ready training', 'not_ready>logged_out app-stopped', 'logged_out>not_ready training',
    ]);
    const { caller, agent } = await callSales();
    expect(agent.exten, 'the only ready sales agent').to.equal('1001');
    await carrierA.hangup(caller);
    await phones.waitForEnd(agent.id);
  });

  it('given the flow is edited while a call is in it then that call keeps the old flow and the next call gets the new one', async () => {
    configChanged = true;
    const first = await callDid(uniqueCaller());
    const edited = (app().liveConfig.current!.telephony.flows.find((f) => f.name === 'main')!.definition).replace('"1": "sales"', '"1": "support"');
    await changeConfig("UPDATE flows SET definition = ? WHERE name = 'main'", [edited]);
    const second = await callDid(uniqueCaller());
    await carrierA.sendDtmf(first, '1');
    const old = await ringsAt([...SALES, ...SUPPORT]);
    expect(SALES, 'the call that started before the edit').to.include(old.exten);
    await carrierA.sendDtmf(second, '1');
    const now = await ringsAt([...SALES, ...SUPPORT]);
    expect(SUPPORT, 'the call that started after the edit').to.include(now.exten);
    await carrierA.hangup(first);
    await carrierA.hangup(second);
    await phones.waitForEnd(old.id);
    await phones.waitForEnd(now.id);
  });

  it('given an invalid flow is saved then the app keeps the last good flows and reports the problem', async () => {
    configChanged = true;
    const before = app().liveConfig.current!.version;
    await app().pool.query("UPDATE flows SET definition = ? WHERE name = 'main'", ['{"start": "nowhere", "nodes": {}}']);
    await until('the reload to fail', 5000, () => app().liveConfig.lastError !== null, 50);
    expect(app().liveConfig.lastError).to.contain('flow "main" is invalid').and.contain('no node named "nowhere"');
    expect(app().liveConfig.current!.version).to.equal(before);
    const { caller, agent } = await callSales();
    await carrierA.hangup(caller);
    await phones.waitForEnd(agent.id);
  });

  it('given 1002 dials the feature codes then its state follows: *13 not ready, *12 ready, *9 logged out, *11 ready', async () => {
    const steps: [string, string][] = [['*132', 'not_ready'], ['*12', 'ready'], ['*9', 'logged_out'], ['*11', 'ready']];
    for (const [code, state] of steps) {
      const id = await phones.call(`PJSIP/${code}@phone-1002`);
      await phones.waitForEnd(id, 8000);
      expect(agentState('1002'), code).to.equal(state);
    }
    await app().agents.flush();
    const [rows] = await app().pool.query("SELECT to_state, reason FROM agent_state_log WHERE extension = '1002' ORDER BY id DESC LIMIT 4") as [any[], unknown];
    expect(rows.reverse()).to.deep.equal([
      { to_state: 'not_ready', reason: '2' }, { to_state: 'ready', reason: null }, { to_state: 'logged_out', reason: 'phone' }, { to_state: 'ready', reason: null },
    ]);
  });
});
