/**
 * CTI call control (C3, A5, T3) and the event stream (T1, T2) against real calls: the carrier
 * calls the demo DID, a sales agent's phone answers, and the API or the phone's keys move the call.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import WebSocket from 'ws';
import { site } from './harness/site';
import { callTestHooks } from './harness/cti';
import { until } from './harness/wait';
import { api, apiBase, authHeader } from './harness/api-client';
import { agentState, onlyCallGuid, recordByGuid, resetAgents, uniqueCaller } from './harness/contact-center';
import type { CtiEvent } from '../../src/events/cti-events';
import type { PeerChannel } from './harness/peer';

const { phones, carrierA } = site;
const DID = '02566668888';
const app = () => site.product.app;

const ringsAt = (exts: string[], timeoutMs = 5000) => phones.waitForCall((c) => exts.includes(c.exten), timeoutMs);

/** The caller pressed 1 (sales) and the ACD rings 1001 (idle longest); not answered yet. */
async function ringingSalesCall(number = uniqueCaller()) {
  resetAgents(['1001', '1002', '1003', '1004']);
  const caller = await carrierA.call(`PJSIP/${DID}@product`, { callerId: `<${number}>` });
  await carrierA.waitForAnswer(caller, 5000);
  await carrierA.sendDtmf(caller, '1');
  const agent = await ringsAt(['1001']);
  return { caller, agent, number, guid: onlyCallGuid() };
}

/** As above, answered: caller and 1001 talk. */
async function connectedCall(number = uniqueCaller()) {
  const c = await ringingSalesCall(number);
  await phones.answer(c.agent.id);
  await until('caller connected to 1001', 5000, () => snapshot(c.guid)?.state === 'connected', 20);
  return c;
}

function snapshot(guid: string) {
  const call = app().registry.byGuid(guid);
  return call?.snapshot?.() ?? null;
}

async function answerAndAwait(ch: PeerChannel, guid: string, agent: string) {
  await phones.answer(ch.id);
  await until(`${agent} talking to the caller`, 5000, () => { const s = snapshot(guid); return s?.state === 'connected' && s.agent === agent; }, 20);
}

async function endByCaller(caller: string, ...phoneLegs: string[]) {
  await carrierA.hangup(caller);
  await Promise.all(phoneLegs.map((id) => phones.waitForEnd(id)));
}

const sipPassword = async (ext: string) => ((await app().pool.query('SELECT password FROM sip_accounts WHERE extension = ?', [ext])) as [{ password: string }[], unknown])[0][0].password;

describe('CTI API: call control on real calls', function () {
  this.timeout(60000);

  callTestHooks();

  describe('events over WebSocket', () => {
    let customerId: number | null = null;
    afterEach(async () => {
      if (customerId !== null) await app().pool.query('DELETE FROM customers WHERE id = ?', [customerId]);
      customerId = null;
    });

    it('given one inbound call then its events arrive in order with one GUID and a screen pop, and a client that reconnects gets what it missed', async () => {
      const number = uniqueCaller();
      const [ins] = await app().pool.query('INSERT INTO customers (phone, name, company, address, contact) VALUES (?, ?, ?, ?, ?)', [number, 'Wang Fang', 'Jiangsu Trading Co.', '88 Zhongshan Rd, Nanjing', 'Ms Wang']) as [{ insertId: number }, unknown];
      customerId = ins.insertId;
      const got: CtiEvent[] = [];
      const ws = new WebSocket(`${apiBase().replace('http', 'ws')}/api/v1/events`, { headers: authHeader('supervisor') });
      ws.on('message', (m) => got.push(JSON.parse(m.toString())));
      await new Promise((ok, fail) => { ws.once('open', ok); ws.once('error', fail); });
      try {
        const c = await connectedCall(number);
        await endByCaller(c.caller, c.agent.id);
        await until('call.result event', 5000, () => got.some((e) => e.type === 'call.result' && 'guid' in e && e.guid === c.guid), 20);
        const mine = got.filter((e) => e.type.startsWith('call.') && (e as { guid?: string }).guid === c.guid);
        expect(mine.map((e) => e.type)).to.deep.equal(['call.started', 'call.queued', 'call.ringing', 'call.answered', 'call.hungup', 'call.result']);
        const seqs = mine.map((e) => e.seq);
        expect(seqs, 'sequence numbers increase').to.deep.equal([...seqs].sort((a, b) => a - b));
        expect(mine.every((e) => !Number.isNaN(Date.parse(e.at)))).to.equal(true);
        const ringing = mine[2] as Extract<CtiEvent, { type: 'call.ringing' }>;
        expect(ringing).to.include({ agent: '1001', caller: number, group: 'sales' });
        expect(ringing.customer).to.include({ name: 'Wang Fang', company: 'Jiangsu Trading Co.', address: '88 Zhongshan Rd, Nanjing', contact: 'Ms Wang' });
        expect(mine[4]).to.include({ by: 'caller', agent: '1001' });
        expect(mine[5]).to.include({ status: 9, statusText: 'agent answered', agent: '1001' });
        const agentStates = got.filter((e) => e.type === 'agent.state' && e.agent === '1001' && e.guid === c.guid).map((e) => (e as { to: string }).to);
        expect(agentStates.slice(0, 2)).to.deep.equal(['ringing', 'on_call']);

        // A client that was away since the queued event asks for what it missed.
        const after = mine[1].seq;
        const replayed: CtiEvent[] = [];
        const again = new WebSocket(`${apiBase().replace('http', 'ws')}/api/v1/events?since=${after}&types=call.answered,call.result`, { headers: authHeader('supervisor') });
        again.on('message', (m) => replayed.push(JSON.parse(m.toString())));
        await until('replay', 5000, () => replayed.filter((e) => e.type === 'call.result').length > 0, 20);
        again.close();
        expect(replayed[0]).to.include({ type: 'hello' });
        expect(replayed.slice(1).filter((e) => (e as { guid?: string }).guid === c.guid).map((e) => e.type)).to.deep.equal(['call.answered', 'call.result']);
      } finally {
        ws.close();
      }
    });

    it('given no credentials, a bad since or an unknown event type then the WebSocket is refused', async () => {
      const status = (url: string, headers: Record<string, string>) => new Promise<number>((done) => {
        const ws = new WebSocket(url, { headers });
        ws.on('unexpected-response', (_req, res) => { done(res.statusCode ?? 0); ws.terminate(); });
        ws.on('open', () => { done(101); ws.close(); });
        ws.on('error', () => {});
      });
      const base = `${apiBase().replace('http', 'ws')}/api/v1/events`;
      expect(await status(base, {})).to.equal(401);
      expect(await status(base, authHeader({ user: 'super', password: 'wrong-password' }))).to.equal(401);
      expect(await status(`${base}?since=1%27%20OR%201=1`, authHeader('supervisor'))).to.equal(400);
      expect(await status(`${base}?types=call.nope`, authHeader('supervisor'))).to.equal(400);
      expect(await status(base, authHeader('supervisor'))).to.equal(101);
    });
  });

  describe('transfers from the API', () => {
    it('given a blind transfer to 1003 then 1003 rings with the caller\'s number, 1001 is released and the record says 4 (transferred) to 1003', async () => {
      const c = await connectedCall();
      const res = await api('POST', `/api/v1/calls/${c.guid}/transfer`, { extension: '1003' });
      expect(res.status, JSON.stringify(res.body)).to.equal(202);
      const target = await ringsAt(['1003']);
      expect(target.callerNumber).to.equal(c.number);
      await phones.waitForEnd(c.agent.id);
      await until('1001 no longer on the call', 3000, () => agentState('1001') !== 'on_call', 20);
      await answerAndAwait(target, c.guid, '1003');
      await endByCaller(c.caller, target.id);
      const rec = await recordByGuid(c.guid);
      expect(rec.status).to.equal(4);
      expect(rec.agent).to.equal('1003');
    });

    it('given an attended transfer then the caller waits while 1001 talks to 1003, and complete joins caller and 1003', async () => {
      const c = await connectedCall();
      expect((await api('POST', `/api/v1/calls/${c.guid}/transfer`, { agent: '1003', mode: 'attended' })).status).to.equal(202);
      const target = await ringsAt(['1003']);
      expect(snapshot(c.guid)).to.include({ state: 'consulting', held: true });
      expect((await api('POST', `/api/v1/calls/${c.guid}/transfer/complete`)).status, 'complete before the target answers').to.equal(409);
      await phones.answer(target.id);
      await until('1003 in the consultation', 5000, async () => {
        const b = await app().ari.current!.bridges.get({ bridgeId: `${c.guid}-bridge` });
        return b.channels.length === 2 && !b.channels.includes(snapshot(c.guid)!.callerChannel);
      }, 50);
      expect((await api('POST', `/api/v1/calls/${c.guid}/transfer/complete`)).status).to.equal(200);
      await phones.waitForEnd(c.agent.id);
      const s = snapshot(c.guid)!;
      expect(s).to.include({ state: 'connected', agent: '1003', held: false });
      const bridge = await app().ari.current!.bridges.get({ bridgeId: `${c.guid}-bridge` });
      expect(bridge.channels).to.have.members([s.callerChannel, s.agentChannel]);
      await endByCaller(c.caller, target.id);
      expect((await recordByGuid(c.guid)).status).to.equal(4);
    });

    it('given an attended transfer is cancelled then 1003 is hung up, the caller is back with 1001 and the record says 17 (retrieved)', async () => {
      const c = await connectedCall();
      expect((await api('POST', `/api/v1/calls/${c.guid}/transfer`, { extension: '1003', mode: 'attended' })).status).to.equal(202);
      const target = await ringsAt(['1003']);
      await phones.answer(target.id);
      await until('consult answered', 5000, () => app().bus.since(0).events.some((e) => e.type === 'call.transfer' && e.guid === c.guid && e.result === 'answered'), 20);
      expect((await api('POST', `/api/v1/calls/${c.guid}/transfer/cancel`)).status).to.equal(200);
      await phones.waitForEnd(target.id);
      expect(snapshot(c.guid)).to.include({ state: 'connected', agent: '1001', held: false });
      const bridge = await app().ari.current!.bridges.get({ bridgeId: `${c.guid}-bridge` });
      expect(bridge.channels).to.include(snapshot(c.guid)!.callerChannel);
      await endByCaller(c.caller, c.agent.id);
      expect((await recordByGuid(c.guid)).status).to.equal(17);
    });

    it('given a blind transfer to an outside number 9N then carrier-a receives it without the prefix and the caller talks to it', async () => {
      const c = await connectedCall();
      expect((await api('POST', `/api/v1/calls/${c.guid}/transfer`, { number: '955501234' })).status).to.equal(202);
      const outside = await carrierA.waitForCall((x) => x.exten === '55501234', 5000);
      await phones.waitForEnd(c.agent.id);
      await carrierA.answer(outside.id);
      await until('caller with the outside number', 5000, () => snapshot(c.guid)?.state === 'connected', 20);
      expect(snapshot(c.guid)!.agent, 'the number as the agent asked for it').to.equal('955501234');
      await carrierA.hangup(c.caller);
      await carrierA.waitForEnd(outside.id);
      expect((await recordByGuid(c.guid))).to.include({ status: 4, agent: '1001' });
    });

    it('given a transfer to the support group number then a support agent rings', async () => {
      const c = await connectedCall();
      expect((await api('POST', `/api/v1/calls/${c.guid}/transfer`, { group: '601' })).status).to.equal(202);
      const target = await ringsAt(['1003', '1004']);
      await phones.waitForEnd(c.agent.id);
      await answerAndAwait(target, c.guid, target.exten);
      await endByCaller(c.caller, target.id);
      const rec = await recordByGuid(c.guid);
      expect(rec).to.include({ status: 4, group_name: 'support' });
    });
  });

  describe('transfers from the phone (*5, *6, *8)', () => {
    it('given 1001 keys *51003# then 1003 rings and takes the caller', async () => {
      const c = await connectedCall();
      await phones.sendDtmf(c.agent.id, '*51003#');
      const target = await ringsAt(['1003']);
      await phones.waitForEnd(c.agent.id);
      await answerAndAwait(target, c.guid, '1003');
      await endByCaller(c.caller, target.id);
      expect((await recordByGuid(c.guid)).status).to.equal(4);
    });

    it('given 1001 keys *6601# then the call goes to the support group', async () => {
      const c = await connectedCall();
      await phones.sendDtmf(c.agent.id, '*6601#');
      const target = await ringsAt(['1003', '1004']);
      await phones.waitForEnd(c.agent.id);
      await answerAndAwait(target, c.guid, target.exten);
      await endByCaller(c.caller, target.id);
    });

    it('given 1001 keys *8 then 1003# then the caller is held, 1003 rings, and 1001 hanging up completes the transfer', async () => {
      const c = await connectedCall();
      await phones.sendDtmf(c.agent.id, '*8');
      await until('caller held for the consultation', 5000, () => snapshot(c.guid)?.held === true, 20);
      await phones.sendDtmf(c.agent.id, '1003#');
      const target = await ringsAt(['1003']);
      await phones.answer(target.id);
      await until('consult answered', 5000, () => app().bus.since(0).events.some((e) => e.type === 'call.transfer' && e.guid === c.guid && e.result === 'answered'), 20);
      await phones.hangup(c.agent.id);
      await until('caller with 1003', 5000, () => { const s = snapshot(c.guid); return s?.agent === '1003' && s.state === 'connected'; }, 20);
      await endByCaller(c.caller, target.id);
      expect((await recordByGuid(c.guid)).status).to.equal(4);
    });

    it('given 1001 keys *8, 1003#, then *8 again then 1003 is hung up and 1001 talks to the caller again', async () => {
      const c = await connectedCall();
      await phones.sendDtmf(c.agent.id, '*81003#');
      const target = await ringsAt(['1003']);
      await phones.sendDtmf(c.agent.id, '*8');
      await phones.waitForEnd(target.id);
      await until('back with the caller', 5000, () => { const s = snapshot(c.guid); return s?.state === 'connected' && !s.held && s.agent === '1001'; }, 20);
      await endByCaller(c.caller, c.agent.id);
      expect((await recordByGuid(c.guid)).status).to.equal(17);
    });
  });

  describe('hold, pickup, take over', () => {
    it('given hold then the caller leaves the bridge with music; retrieve brings the caller back; a second hold or retrieve is 409', async () => {
      const c = await connectedCall();
      expect((await api('POST', `/api/v1/calls/${c.guid}/hold`)).status).to.equal(200);
      expect(snapshot(c.guid)).to.include({ state: 'held', held: true });
      const ari = app().ari.current!;
      expect((await ari.bridges.get({ bridgeId: `${c.guid}-bridge` })).channels).to.not.include(snapshot(c.guid)!.callerChannel);
      expect((await api('POST', `/api/v1/calls/${c.guid}/hold`)).status).to.equal(409);
      expect((await api('POST', `/api/v1/calls/${c.guid}/retrieve`)).status).to.equal(200);
      expect((await ari.bridges.get({ bridgeId: `${c.guid}-bridge` })).channels).to.include(snapshot(c.guid)!.callerChannel);
      expect((await api('POST', `/api/v1/calls/${c.guid}/retrieve`)).status).to.equal(409);
      await endByCaller(c.caller, c.agent.id);
    });

    it('given a call ringing at 1001 then 1002 may pick it up through the API only after 5 s of ringing', async () => {
      const c = await ringingSalesCall();
      const early = await api<{ error: { id: string } }>('POST', `/api/v1/calls/${c.guid}/pickup`, { agent: '1002' });
      expect(early.status).to.equal(409);
      expect(early.body.error.id).to.equal('too-early');
      const ringingSince = app().registry.byGuid(c.guid)!.ringing!()!.since;
      await until('pickup accepted', 9000, async () => (await api('POST', `/api/v1/calls/${c.guid}/pickup`, { agent: '1002' })).status === 202, 250);
      expect(Date.now() - ringingSince).to.be.at.least(5000);
      const picker = await ringsAt(['1002']);
      expect((await api('GET', `/api/v1/channels`)).body).to.have.property('channels').that.is.an('array').with.length.above(2);
      await answerAndAwait(picker, c.guid, '1002');
      await phones.waitForEnd(c.agent.id);
      await endByCaller(c.caller, picker.id);
    });

    it('given a call ringing at 1001 then answer sends 1001\'s phone a remote-answer NOTIFY; other agents may not, and a connected call is 409', async () => {
      const c = await ringingSalesCall();
      const other = { user: '1002', password: await sipPassword('1002') };
      expect((await api('POST', `/api/v1/calls/${c.guid}/answer`, {}, other)).status).to.equal(403);
      const res = await api('POST', `/api/v1/calls/${c.guid}/answer`, {}, { user: '1001', password: await sipPassword('1001') });
      expect(res.status, JSON.stringify(res.body)).to.equal(202);
      await phones.answer(c.agent.id); // the test phones do not honour Event: talk; answer as a person would
      await until('connected', 5000, () => snapshot(c.guid)?.state === 'connected', 20);
      expect((await api('POST', `/api/v1/calls/${c.guid}/answer`)).status).to.equal(409);
      await endByCaller(c.caller, c.agent.id);
    });

    it('given a supervisor takes over then the supervisor\'s phone rings and replaces 1001 in the call', async () => {
      const c = await connectedCall();
      expect((await api('POST', `/api/v1/calls/${c.guid}/takeover`, { supervisor: '1004' })).status).to.equal(202);
      const sup = await ringsAt(['1004']);
      await phones.answer(sup.id);
      await phones.waitForEnd(c.agent.id);
      await until('1004 in the call', 5000, () => snapshot(c.guid)?.agent === '1004', 20);
      await endByCaller(c.caller, sup.id);
    });
  });

  describe('flow control and bad input', () => {
    it('given a call in the IVR then a flow variable can be set and the call switched to the survey flow', async () => {
      const number = uniqueCaller();
      const caller = await carrierA.call(`PJSIP/${DID}@product`, { callerId: `<${number}>` });
      await carrierA.waitForAnswer(caller, 5000);
      const guid = onlyCallGuid();
      expect((await api('POST', `/api/v1/calls/${guid}/variables`, { name: 'crm_ticket', value: 'T-42' })).status).to.equal(200);
      expect((await api('POST', `/api/v1/calls/${guid}/flow`, { flow: 'survey' })).status).to.equal(200);
      expect((await api('POST', `/api/v1/calls/${guid}/flow`, { flow: 'nope' })).status).to.equal(404);
      await carrierA.sendDtmf(caller, '4');
      const rec = await recordByGuid(guid);
      expect(Number(rec.survey_score)).to.equal(4);
      expect(rec.flow).to.equal('survey');
    });

    it('given bad input on every call-control route then 400/404/409 with a reason, and no call changes', async () => {
      const c = await ringingSalesCall();
      const before = JSON.stringify(snapshot(c.guid));
      const unknown = randomUUID();
      const routes = ['transfer', 'transfer/complete', 'transfer/cancel', 'hold', 'retrieve', 'variables', 'flow', 'pickup', 'takeover', 'answer'];
      for (const r of routes) {
        for (const bad of ['abc', "1'%20OR%20'1'='1", '..%2F..%2Fetc']) {
          const res = await api<{ error: { id: string } }>('POST', `/api/v1/calls/${bad}/${r}`, {});
          expect(res.status, `${r} ${bad}`).to.equal(400);
          expect(res.body.error.id).to.equal('invalid-params');
        }
      }
      const good: Record<string, unknown> = { transfer: { extension: '1003' }, variables: { name: 'x', value: 'y' }, flow: { flow: 'survey' }, pickup: { agent: '1002' }, takeover: { supervisor: '1004' } };
      for (const r of routes) expect((await api('POST', `/api/v1/calls/${unknown}/${r}`, good[r] ?? {})).status, `${r} unknown call`).to.equal(404);
      for (const body of [{}, { extension: '1003', number: '955' }, { extension: "1003' OR 1=1" }, { number: '1\r\nX-Evil: 1' }, { extension: '1003', mode: 'sideways' }, { extension: '1003', extra: 1 }]) {
        const res = await api<{ error: { details: { problems: string[] } } }>('POST', `/api/v1/calls/${c.guid}/transfer`, body);
        expect(res.status, JSON.stringify(body)).to.equal(400);
        expect(res.body.error.details.problems.length).to.be.above(0);
      }
      for (const r of ['transfer', 'transfer/complete', 'transfer/cancel', 'hold', 'retrieve', 'takeover']) {
        const res = await api('POST', `/api/v1/calls/${c.guid}/${r}`, good[r] ?? {});
        expect(res.status, `${r} on a ringing call`).to.equal(409);
      }
      expect((await api('POST', `/api/v1/calls/${c.guid}/variables`, { name: 'bad name', value: 'x' })).status).to.equal(400);
      expect((await api('POST', `/api/v1/calls/${c.guid}/answer`, {}, null)).status, 'no credentials').to.equal(401);
      expect(JSON.stringify(snapshot(c.guid))).to.equal(before);
      await carrierA.hangup(c.caller);
      await phones.waitForEnd(c.agent.id);
    });

    it('given a connected call then transfers to an unknown extension or a refused number are 404 and the call stays with 1001', async () => {
      const c = await connectedCall();
      for (const body of [{ extension: '1999' }, { group: 'nogroup' }]) {
        const res = await api('POST', `/api/v1/calls/${c.guid}/transfer`, body);
        expect(res.status, JSON.stringify(body)).to.equal(404);
      }
      expect(snapshot(c.guid)).to.include({ state: 'connected', agent: '1001', held: false });
      await endByCaller(c.caller, c.agent.id);
    });
  });
});

describe('CTI API: agents, credentials, OpenAPI', function () {
  this.timeout(20000);
  beforeEach(() => resetAgents());
  afterEach(() => resetAgents());

  it('given agent commands then states follow and each change is published; wrong states are 409 and unknown agents 404', async () => {
    const res = await api<{ state: string }>('POST', '/api/v1/agents/1002/not-ready', { reason: 'lunch' });
    expect(res.status).to.equal(200);
    expect(res.body.state).to.equal('not_ready');
    expect((await api<{ reason: string }>('GET', '/api/v1/agents/1002')).body.reason).to.equal('lunch');
    expect((await api('POST', '/api/v1/agents/1002/logout', {})).status).to.equal(200);
    expect((await api('POST', '/api/v1/agents/1002/ready', {})).status, 'ready while logged out').to.equal(409);
    expect((await api('POST', '/api/v1/agents/1002/login', {})).status).to.equal(200);
    expect(agentState('1002')).to.equal('ready');
    expect(app().bus.since(0).events.filter((e) => e.type === 'agent.state' && e.agent === '1002').slice(-3).map((e) => (e as { to: string }).to)).to.deep.equal(['not_ready', 'logged_out', 'ready']);
    expect((await api('POST', '/api/v1/agents/1999/ready', {})).status).to.equal(404);
    const list = await api<{ agents: { agent: string }[] }>('GET', '/api/v1/agents');
    expect(list.body.agents.map((a) => a.agent)).to.include.members(['1001', '1002', '1003', '1004']);
  });

  it('given an agent signs in with its SIP account then it may change its own state but not another agent\'s, and no supervisor route', async () => {
    const me = { user: '1001', password: await sipPassword('1001') };
    expect((await api('POST', '/api/v1/agents/1001/not-ready', { reason: 'break' }, me)).status).to.equal(200);
    expect((await api('POST', '/api/v1/agents/1002/not-ready', { reason: 'break' }, me)).status).to.equal(403);
    expect((await api('GET', '/api/v1/recordings', undefined, me)).status).to.equal(403);
    expect((await api('GET', '/api/v1/agents', undefined, null)).status).to.equal(401);
    expect((await api('GET', '/api/v1/agents', undefined, { user: '1001', password: 'wrong' })).status).to.equal(401);
    const token = await fetch(`${apiBase()}/api/v1/agents`, { headers: { authorization: 'Bearer test-crm-token-0123456789abcdef' } });
    expect(token.status).to.equal(200);
    expect(agentState('1002')).to.equal('ready');
  });

  it('given hostile agent parameters then 400 and nothing changes', async () => {
    for (const path of ["/api/v1/agents/1001'%20OR%20'1'='1/ready", '/api/v1/agents/abc/ready', '/api/v1/agents/%00/ready']) {
      expect((await api('POST', path, {})).status, path).to.equal(400);
    }
    for (const body of [{ reason: "x'; DROP TABLE agent_status; --" }, { reason: 'a'.repeat(100) }, { reason: 'ok', extra: 1 }, 'not json']) {
      expect((await api('POST', '/api/v1/agents/1001/not-ready', body)).status, JSON.stringify(body)).to.equal(400);
    }
    expect(agentState('1001')).to.equal('ready');
  });

  it('given the OpenAPI document then it is served without credentials and lists every command with its role', async () => {
    const res = await fetch(`${apiBase()}/api/v1/openapi.json`);
    expect(res.status).to.equal(200);
    const doc = await res.json() as { openapi: string; paths: Record<string, Record<string, { 'x-role': string }>> };
    expect(doc.openapi).to.equal('3.0.3');
    for (const p of ['/api/v1/agents/{agent}/login', '/api/v1/calls/{guid}/transfer', '/api/v1/calls/{guid}/transfer/cancel', '/api/v1/calls/{guid}/hold', '/api/v1/calls/{guid}/pickup', '/api/v1/calls/{guid}/takeover', '/api/v1/recordings']) {
      expect(doc.paths, p).to.have.property(p);
    }
    expect(doc.paths['/api/v1/calls/{guid}/takeover'].post['x-role']).to.equal('supervisor');
  });
});
