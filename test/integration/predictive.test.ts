/**
 * Live predictive dialling (issue 22) with real calls: the customer at carrier-a is dialled
 * first; an answered customer reaches a ready agent at once (screen pop, audio both ways), or
 * hears the safe-harbor message within 2 s of the answer when no agent is ready (attempt
 * abandoned, counted in the abandon rate); with AMD on, a long greeting is a machine and a short
 * "hello" then silence a person.
 */
import { expect } from 'chai';
import type { RowDataPacket } from 'mysql2/promise';
import { site } from './harness/site';
import { until } from './harness/wait';
import { api } from './harness/api-client';
import { agentState, recordByGuid } from './harness/contact-center';
import { callTestHooks, recordEvents } from './harness/cti';
import { rtpCounts, rtpFlowedSince } from './harness/media-stats';

const { phones, carrierA } = site;
const app = () => site.product.app;
const ALWAYS = { start: '00:00', end: '24:00', days: [0, 1, 2, 3, 4, 5, 6] };
/** The product's Asterisk runs AMD() on a channel now: the greeting played from here on is heard whole. */
const amdListening = async () => (await site.product.cli('core show channels concise')).split('\n').some((l) => l.split('!')[5] === 'AMD');
const away = (...exts: string[]) => { for (const e of exts) app().agents.apply(e, { type: 'not-ready', reason: 'test-away' }); };

type Live = { dialling: number; waiting: number; agentRinging: number; talking: number; abandonRate30d: number };

async function predictiveCampaign(csv: string, settings?: Record<string, unknown>): Promise<number> {
  const res = await api<{ id: number }>('POST', '/api/v1/campaigns', {
    name: `p${Date.now()}${Math.floor(Math.random() * 1000)}`, group: 'sales', mode: 'predictive', dialPrefix: '9', window: ALWAYS,
    retryRules: { busy: 5, 'no-answer': 30, machine: 60, abandoned: 10 }, maxAttempts: 3, maxLines: 4,
  });
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  if (settings) expect((await api('PUT', `/api/v1/campaigns/${res.body.id}/predictive`, settings)).status).to.equal(200);
  expect((await api('POST', `/api/v1/campaigns/${res.body.id}/lists`, { name: 'l', csv })).status).to.equal(201);
  return res.body.id;
}

async function attempt(campaign: number, phone: string): Promise<RowDataPacket> {
  const [rows] = await app().pool.query<RowDataPacket[]>('SELECT * FROM campaign_attempts WHERE campaign_id = ? AND phone = ? ORDER BY id DESC LIMIT 1', [campaign, phone]);
  return rows[0];
}

async function stopAll(): Promise<void> {
  const res = await api<{ id: number; state: string }[]>('GET', '/api/v1/campaigns');
  for (const c of res.body) if (c.state === 'running' || c.state === 'paused') await api('POST', `/api/v1/campaigns/${c.id}/stop`, {});
}

describe('predictive campaigns live: customer first, safe harbor, answering-machine detection (issue 22)', function () {
  this.timeout(60000);
  callTestHooks(stopAll);
  after(async () => {
    await stopAll();
    await app().pool.query('DELETE FROM campaigns');
  });
  before(async function () {
    this.timeout(40000);
    await until('contacts of 1001 and 1002 qualified in the product', 35000, async () => {
      for (const ext of ['1001', '1002']) await site.product.cli(`pjsip qualify ${ext}`);
      const out = await site.product.cli('pjsip show contacts');
      return ['1001', '1002'].every((ext) => new RegExp(`${ext}/sip:\\S+\\s+\\S+\\s+Avail`).test(out));
    }, 500);
  });

  it('given 2 ready sales agents when a predictive campaign starts then customers are dialled first and each answered one reaches a ready agent with audio both ways', async () => {
    const ev = recordEvents();
    try {
      const id = await predictiveCampaign('phone,name,plan\n057100000041,Li Lei,gold\n057100000042,Han Meimei,silver\n057100000043,Wang Wu,bronze\n');
      expect((await api('POST', `/api/v1/campaigns/${id}/start`, {})).status).to.equal(200);
      // No answers yet: the guard allows no more lines than ready agents.
      const out1 = await carrierA.waitForCall((x) => x.exten === '057100000041', 5000);
      const out2 = await carrierA.waitForCall((x) => x.exten === '057100000042', 5000);
      expect([out1.callerNumber, out2.callerNumber], 'the trunk\'s caller ID').to.deep.equal(['02566668888', '02566668888']);
      expect(await phones.channelCount(), 'no agent rings before a customer answers').to.equal(0);
      const live = await api<{ live: Live }>('GET', `/api/v1/campaigns/${id}/predictive`);
      expect(live.body.live).to.include({ dialling: 2, waiting: 0, talking: 0 });

      await carrierA.answer(out1.id);
      const ring1 = await phones.waitForCall((x) => x.exten === '1001', 3000);
      expect(ring1.callerNumber).to.equal('057100000041');
      const pop = ev.of('campaign.attempt')[0];
      expect([pop.agent, pop.contact.phone, pop.contact.name, pop.contact.data.plan]).to.deep.equal(['1001', '057100000041', 'Li Lei', 'gold']);
      await until('the screen pop with the list row', 3000, () => ev.of('call.ringing').some((r) => r.guid === pop.guid), 20);
      expect(ev.of('call.ringing').find((r) => r.guid === pop.guid)?.variables).to.include({ plan: 'gold', campaign: pop.campaign });
      await phones.answer(ring1.id);
      await until('1001 on call', 3000, () => agentState('1001') === 'on_call', 20);

      await carrierA.answer(out2.id);
      const ring2 = await phones.waitForCall((x) => x.exten === '1002', 3000);
      await phones.answer(ring2.id);
      await until('1002 on call', 3000, () => agentState('1002') === 'on_call', 20);

      await carrierA.play(out1.id, 'tt-monkeys');
      await phones.play(ring1.id, 'tt-monkeys');
      await carrierA.play(out2.id, 'tt-monkeys');
      await phones.play(ring2.id, 'tt-monkeys');
      const before = await rtpCounts();
      expect(before.size, 'four channels with RTP stats').to.equal(4);
      await until('RTP both ways on every leg', 8000, () => rtpFlowedSince(before), 250);
      // Both agents talk: nobody is ready, so the third contact waits.
      expect((await api<{ live: Live }>('GET', `/api/v1/campaigns/${id}/predictive`)).body.live).to.include({ dialling: 0, talking: 2 });

      // Stopped before the calls end: no third dial when the agents are free again.
      expect((await api('POST', `/api/v1/campaigns/${id}/stop`, {})).status).to.equal(200);
      await carrierA.hangup(out1.id);
      await carrierA.hangup(out2.id);
      await phones.waitForEnd(ring1.id);
      await phones.waitForEnd(ring2.id);
      await until('two outcomes', 5000, () => ev.of('campaign.outcome').length === 2);
      expect(ev.of('campaign.outcome').map((o) => [o.phone, o.agent, o.outcome]).sort()).to.deep.equal([['057100000041', '1001', 'answered'], ['057100000042', '1002', 'answered']]);
      const rec = await recordByGuid(pop.guid);
      expect(rec, 'the caller is the number the customer saw').to.include({ direction: 'outbound', caller: '02566668888', agent: '1001', group_name: 'sales', trunk: 'carrier-a', hangup_by: 'caller' });
      expect(await attempt(id, '057100000041')).to.include({ agent: '1001', outcome: 'answered', call_guid: pop.guid });
      expect(await attempt(id, '057100000043'), 'never dialled').to.equal(undefined);
    } finally {
      ev.stop();
    }
  });

  it('given no ready agent when the customer answers then it hears the safe-harbor message within 2 s of the answer and the attempt is abandoned, counted in the abandon rate', async () => {
    away('1002');
    const id = await predictiveCampaign('phone,name\n057100000051,Zhao Liu\n');
    expect((await api('POST', `/api/v1/campaigns/${id}/start`, {})).status).to.equal(200);
    const out = await carrierA.waitForCall((x) => x.exten === '057100000051', 5000);
    // The agent the pacing counted on goes away while the customer's phone rings.
    away('1001');
    await carrierA.answer(out.id);
    const answeredAt = Date.now();
    // The message is the first audio the customer gets: RTP from the product starts with it.
    let heardAfter = 0;
    await until('RTP from the product to the customer (the safe-harbor prompts)', 6000, async () => {
      const stats = await carrierA.cli('pjsip show channelstats');
      const line = stats.split('\n').find((l) => /\d\d:\d\d:\d\d/.test(l));
      const t = line?.trim().split(/\s+/) ?? [];
      const up = t.findIndex((x) => /^\d\d:\d\d:\d\d$/.test(x));
      if (up < 1 || Number(t[up + 2]) === 0) return false;
      heardAfter = Date.now() - answeredAt;
      return true;
    }, 50);
    console.log(`      the customer's first RTP packet of the message ${heardAfter} ms after its answer`);
    expect(heardAfter, 'waited for an agent first (1.5 s)').to.be.at.least(1400);
    expect(heardAfter, 'the customer hears the message within 2 s of its answer').to.be.below(2000);
    // The prompts end, the product hangs up.
    await carrierA.waitForEnd(out.id, 10000);
    await until('the attempt ended', 5000, async () => (await attempt(id, '057100000051'))?.outcome !== null);
    const a = await attempt(id, '057100000051');
    expect(a).to.include({ outcome: 'abandoned', agent: null });
    const rec = await recordByGuid(a.call_guid);
    expect(rec).to.include({ direction: 'outbound', flow: 'campaign-safe-harbor', hangup_by: 'system', trunk: 'carrier-a' });
    expect(await phones.channelCount(), 'no phone rang').to.equal(0);
    const [contact] = (await app().pool.query<RowDataPacket[]>('SELECT * FROM campaign_contacts WHERE campaign_id = ?', [id]))[0];
    expect(contact).to.include({ state: 'pending', attempts: 1, result: 'abandoned' });
    await until('the abandon rate read by the pacing', 3000, async () => (await api<{ live: Live }>('GET', `/api/v1/campaigns/${id}/predictive`)).body.live.abandonRate30d === 1);
  });

  it('given AMD on when a machine answers with a long greeting then the attempt ends as machine with no agent rung; a short hello then silence is a person and reaches the agent', async () => {
    away('1002');
    const ev = recordEvents();
    try {
      const id = await predictiveCampaign('phone,name\n057100000061,Machine\n057100000062,Person\n', { amd: true, amdParams: '2500,1500,800,5000', agentRingSec: 15 });
      expect((await api('POST', `/api/v1/campaigns/${id}/start`, {})).status).to.equal(200);
      const m = await carrierA.waitForCall((x) => x.exten === '057100000061', 5000);
      await carrierA.answer(m.id);
      await until('AMD listening', 3000, amdListening, 20);
      await carrierA.play(m.id, 'demo-congrats');
      await carrierA.waitForEnd(m.id, 10000);
      await until('machine outcome', 5000, () => ev.of('campaign.outcome').some((o) => o.phone === '057100000061' && o.outcome === 'machine' && o.next === 'retry'));
      const machine = await attempt(id, '057100000061');
      expect(machine).to.include({ outcome: 'machine', agent: null });
      // No call record is lost: a dial that never reached a session is recorded too.
      const machineRec = await recordByGuid(machine.call_guid);
      expect(machineRec).to.include({ direction: 'outbound', end_reason: 'machine', hangup_by: 'system', trunk: 'carrier-a', agent: null });
      expect(machineRec.callee).to.match(/057100000061$/);
      expect(machineRec.answered_at, 'a machine answered').to.not.equal(null);

      const p = await carrierA.waitForCall((x) => x.exten === '057100000062', 8000);
      await carrierA.answer(p.id);
      await until('AMD listening', 3000, amdListening, 20);
      // A person: "hello", then (real, sent) silence until AMD decides.
      await carrierA.play(p.id, 'hello');
      await carrierA.play(p.id, 'silence/3');
      const ring = await phones.waitForCall((x) => x.exten === '1001', 10000);
      expect(ring.callerNumber).to.equal('057100000062');
      expect(ev.of('campaign.attempt').map((x) => x.contact.phone), 'only the person reached an agent').to.deep.equal(['057100000062']);
      await phones.answer(ring.id);
      await until('1001 on call', 3000, () => agentState('1001') === 'on_call', 20);
      await carrierA.hangup(p.id);
      await phones.waitForEnd(ring.id);
      await until('answered outcome', 5000, () => ev.of('campaign.outcome').some((o) => o.phone === '057100000062' && o.outcome === 'answered'));
      expect(await attempt(id, '057100000062')).to.include({ outcome: 'answered', agent: '1001' });
    } finally {
      ev.stop();
    }
  });
});
