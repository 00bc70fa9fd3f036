/**
 * Outbound campaigns (issue 22) with real calls: the agent's phone rings first with the list row,
 * then carrier-a receives the customer's number from the trunk's caller ID. The carrier peer
 * plays the customer by number: the test answers, or refuses as busy.
 */
import { expect } from 'chai';
import type { RowDataPacket } from 'mysql2/promise';
import { site } from './harness/site';
import { until } from './harness/wait';
import { api } from './harness/api-client';
import { agentState, recordByGuid } from './harness/contact-center';
import { callTestHooks, recordEvents } from './harness/cti';
import { localTime } from '../../src/campaigns/compliance';

const { phones, carrierA } = site;
const app = () => site.product.app;
const agentCreds = (ext: string) => ({ user: ext, password: `secret${ext}` });
const ALWAYS = { start: '00:00', end: '24:00', days: [0, 1, 2, 3, 4, 5, 6] };

type Campaign = { id: number; name: string; state: string; live: { readyAgents: number; ringingAgents: number; dialling: number; talking: number; contactsLeft: number } };

async function createCampaign(body: Record<string, unknown>): Promise<Campaign> {
  const res = await api<Campaign>('POST', '/api/v1/campaigns', { name: `t${Date.now()}${Math.floor(Math.random() * 1000)}`, group: 'sales', dialPrefix: '9', window: ALWAYS, ...body });
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return res.body;
}

/** No campaign may dial during another test: every one is stopped after each test. */
async function stopAllCampaigns(): Promise<void> {
  const res = await api<Campaign[]>('GET', '/api/v1/campaigns');
  for (const c of res.body) if (c.state === 'running' || c.state === 'paused') await api('POST', `/api/v1/campaigns/${c.id}/stop`, {});
}

async function contactRow(campaign: number, phone: string): Promise<RowDataPacket> {
  const [rows] = await app().pool.query<RowDataPacket[]>('SELECT * FROM campaign_contacts WHERE campaign_id = ? AND phone = ?', [campaign, phone]);
  return rows[0];
}

describe('outbound campaigns: progressive dialling, screen pop, dispositions and retries (issue 22)', function () {
  this.timeout(60000);
  callTestHooks(stopAllCampaigns);
  // Leave nothing behind: a campaign names its group (foreign key), so a later test that puts the
  // demo seed back (which replaces the groups) would fail on it and leave its own change in place.
  after(async () => {
    await stopAllCampaigns();
    await app().pool.query('DELETE FROM campaigns');
    await app().pool.query('DELETE FROM dnc_numbers');
  });
  // The agents' phones must be reachable from the product (contacts qualified Avail), not only
  // registered as the phones see it: a campaign rings them at once, and Asterisk does not dial a
  // contact it has not qualified yet (NonQual) right after the site started.
  before(async function () {
    this.timeout(40000);
    await until('contacts of 1001 and 1002 qualified in the product', 35000, async () => {
      for (const ext of ['1001', '1002']) await site.product.cli(`pjsip qualify ${ext}`);
      const out = await site.product.cli('pjsip show contacts');
      return ['1001', '1002'].every((ext) => new RegExp(`${ext}/sip:\\S+\\s+\\S+\\s+Avail`).test(out));
    }, 500);
  });

  it('given 2 ready sales agents when a progressive campaign starts then exactly one call per ready agent is placed; busy is retried, dispositions decide, DNC is never dialled', async () => {
    const ev = recordEvents();
    try {
      const c = await createCampaign({ mode: 'progressive', retryRules: { busy: 0, callback: 60 }, maxAttempts: 3 });
      const csv = 'phone,name,timezone,plan\n057100000001,Li Lei,Asia/Shanghai,gold\n057100000002,Han Meimei,,silver\n057100000003,Wang Wu,,bronze\n057100000004,Zhao Liu,,none\n057100000001,duplicate,,x\n';
      const imp = await api<{ imported: number; skipped: { why: string }[] }>('POST', `/api/v1/campaigns/${c.id}/lists`, { name: 'december', csv });
      expect(imp.status, JSON.stringify(imp.body)).to.equal(201);
      expect(imp.body.imported).to.equal(4);
      expect(imp.body.skipped.map((s) => s.why)).to.deep.equal(['duplicate']);
      // 057100000004 goes on the campaign's own do-not-call list after the import: never dialled.
      expect((await api('POST', '/api/v1/dnc', { numbers: ['057100000004'], campaign: c.id, note: 'asked on another channel' })).status).to.equal(201);

      expect((await api('POST', `/api/v1/campaigns/${c.id}/start`, {})).status).to.equal(200);
      // Longest idle first: 1001 gets the first contact, 1002 the second; the phone shows the customer's number.
      const ring1 = await phones.waitForCall((x) => x.exten === '1001', 5000);
      const ring2 = await phones.waitForCall((x) => x.exten === '1002', 5000);
      expect([ring1.callerNumber, ring2.callerNumber]).to.deep.equal(['057100000001', '057100000002']);
      const pops = ev.of('campaign.attempt');
      expect(pops.map((p) => [p.agent, p.contact.phone, p.contact.name, p.contact.data.plan, p.contact.timezone])).to.deep.equal([
        ['1001', '057100000001', 'Li Lei', 'gold', 'Asia/Shanghai'], ['1002', '057100000002', 'Han Meimei', 'silver', 'Asia/Shanghai'],
      ]);
      const live = await api<Campaign>('GET', `/api/v1/campaigns/${c.id}`);
      expect(live.body.live, 'two agents ringing, nobody else is ready: no third call').to.include({ readyAgents: 0, ringingAgents: 2 });

      await phones.answer(ring1.id);
      await phones.answer(ring2.id);
      const out1 = await carrierA.waitForCall((x) => x.exten === '057100000001', 5000);
      const out2 = await carrierA.waitForCall((x) => x.exten === '057100000002', 5000);
      expect([out1.callerNumber, out2.callerNumber], 'the trunk\'s caller ID').to.deep.equal(['02566668888', '02566668888']);
      await carrierA.answer(out1.id);
      // The second customer is busy: retried (busy: 0 minutes); 1002 is free again and gets the next contact first.
      await carrierA.client.channels.hangup({ channelId: out2.id, reason: 'busy' });
      await phones.waitForEnd(ring2.id);
      await until('the busy outcome', 5000, () => ev.of('campaign.outcome').some((o) => o.phone === '057100000002' && o.outcome === 'busy' && o.next === 'retry'));
      const ring3 = await phones.waitForCall((x) => x.exten === '1002', 8000);
      expect(ring3.callerNumber).to.equal('057100000003');
      await phones.answer(ring3.id);
      const out3 = await carrierA.waitForCall((x) => x.exten === '057100000003', 5000);
      await carrierA.answer(out3.id);
      await until('1002 on call', 3000, () => agentState('1002') === 'on_call', 20);
      // The agent is on the call once it answers; the customer's answer reaches the dialer a moment later.
      const both = await until('both customers talking', 5000, async () => {
        const r = await api<Campaign>('GET', `/api/v1/campaigns/${c.id}`);
        return r.body.live.talking === 2 ? r : null;
      });
      expect(both.body.live).to.include({ readyAgents: 0, talking: 2, ringingAgents: 0 });

      // 1001's customer bought: the disposition (from the agent itself) ends the contact.
      const [g1, , g3] = ev.of('campaign.attempt').map((p) => p.guid);
      const bad = await api<{ error: { id: string } }>('POST', `/api/v1/campaigns/calls/${g1}/disposition`, { agent: '1002', disposition: 'sale' }, agentCreds('1002'));
      expect(bad.status, 'not 1002\'s call').to.equal(404);
      expect((await api('POST', `/api/v1/campaigns/calls/${g1}/disposition`, { agent: '1001', disposition: 'sale' }, agentCreds('1001'))).status).to.equal(200);
      expect((await api('POST', `/api/v1/campaigns/calls/${g1}/disposition`, { agent: '1001', disposition: 'sale' }, agentCreds('1001'))).status, 'once').to.equal(409);
      await carrierA.hangup(out1.id);
      await phones.waitForEnd(ring1.id);
      expect(await recordByGuid(g1)).to.include({ direction: 'outbound', agent: '1001', callee: '057100000001', status: 6, hangup_by: 'callee', trunk: 'carrier-a' });
      await until('057100000001 done as a sale', 5000, async () => (await contactRow(c.id, '057100000001')).result === 'sale');
      expect(await contactRow(c.id, '057100000001')).to.include({ state: 'done', attempts: 1 });

      // 1001 is ready again: the busy number, due now, is its next call; this customer asks never to be called again.
      const ring4 = await phones.waitForCall((x) => x.exten === '1001', 8000);
      expect(ring4.callerNumber).to.equal('057100000002');
      await phones.answer(ring4.id);
      const out4 = await carrierA.waitForCall((x) => x.exten === '057100000002', 5000);
      await carrierA.answer(out4.id);
      const g4 = ev.of('campaign.attempt').map((p) => p.guid)[3];
      await until('1001 on call', 3000, () => agentState('1001') === 'on_call', 20);
      expect((await api('POST', `/api/v1/campaigns/calls/${g4}/disposition`, { agent: '1001', disposition: 'do-not-call' }, agentCreds('1001'))).status).to.equal(200);
      // Stopped before the last calls end: the freed agents get no new call, and 057100000004 was never dialled.
      expect((await api('POST', `/api/v1/campaigns/${c.id}/stop`, {})).status).to.equal(200);
      await phones.hangup(ring4.id);
      await carrierA.waitForEnd(out4.id);
      expect((await api('POST', `/api/v1/campaigns/calls/${g3}/disposition`, { agent: '1002', disposition: 'callback' }, agentCreds('1002'))).status).to.equal(200);
      await carrierA.hangup(out3.id);
      await phones.waitForEnd(ring3.id);
      await until('the four outcomes (busy, sale, do-not-call, callback)', 5000, () => ev.of('campaign.outcome').length === 4);

      const two = await contactRow(c.id, '057100000002');
      expect(two, 'busy once, then do-not-call').to.include({ state: 'done', attempts: 2, result: 'do-not-call' });
      const dnc = await api<{ phone: string; source: string }[]>('GET', `/api/v1/dnc?campaign=${c.id}`);
      expect(dnc.body.map((d) => [d.phone, d.source]).sort()).to.deep.equal([['057100000002', 'campaign'], ['057100000004', 'campaign']]);
      const three = await contactRow(c.id, '057100000003');
      expect(three).to.include({ state: 'pending', attempts: 1, result: 'callback' });
      expect(Number(three.next_at) - Date.now(), 'called back in about an hour').to.be.within(55 * 60_000, 61 * 60_000);
      expect(await contactRow(c.id, '057100000004')).to.include({ state: 'pending', attempts: 0 });
      expect(ev.of('campaign.attempt').map((p) => p.contact.phone)).to.deep.equal(['057100000001', '057100000002', '057100000003', '057100000002']);

      const report = await api<{ lists: Record<string, unknown>[]; dispositions: Record<string, number> }>('GET', `/api/v1/campaigns/${c.id}/report`);
      expect(report.body.lists[0]).to.include({ list: 'december', contacts: 4, contacts_done: 2, dials: 4, answered: 3, busy: 1, rows_imported: 4, rows_skipped: 1 });
      expect(report.body.dispositions).to.deep.equal({ sale: 1, 'do-not-call': 1, callback: 1 });
      expect(ev.of('campaign.state').filter((s) => s.id === c.id).map((s) => s.to)).to.deep.equal(['running', 'stopped']);
    } finally {
      ev.stop();
    }
  });

  it('given a preview campaign when the agent asks for the next contact and dials it then its phone rings first and the customer is called; a skipped contact goes back', async () => {
    const c = await createCampaign({ mode: 'preview' });
    await api('POST', `/api/v1/campaigns/${c.id}/lists`, { name: 'p', csv: 'phone,name\n057100000011,First\n057100000012,Second\n' });
    expect((await api('POST', `/api/v1/campaigns/${c.id}/preview`, { agent: '1001' }, agentCreds('1001'))).status, 'not running').to.equal(409);
    await api('POST', `/api/v1/campaigns/${c.id}/start`, {});
    const first = await api<{ id: number; phone: string; name: string }>('POST', `/api/v1/campaigns/${c.id}/preview`, { agent: '1001' }, agentCreds('1001'));
    expect(first.body).to.include({ phone: '057100000011', name: 'First' });
    const second = await api<{ id: number; phone: string }>('POST', `/api/v1/campaigns/${c.id}/preview`, { agent: '1002' }, agentCreds('1002'));
    expect(second.body.phone, 'held contacts are not shown twice').to.equal('057100000012');
    expect((await api('POST', `/api/v1/campaigns/${c.id}/contacts/${second.body.id}/skip`, { agent: '1002' }, agentCreds('1002'))).status).to.equal(200);
    expect((await api('POST', `/api/v1/campaigns/${c.id}/contacts/${first.body.id}/dial`, { agent: '1002' }, agentCreds('1002'))).status, 'held for 1001').to.equal(404);
    const dial = await api<{ guid: string }>('POST', `/api/v1/campaigns/${c.id}/contacts/${first.body.id}/dial`, { agent: '1001' }, agentCreds('1001'));
    expect(dial.status, JSON.stringify(dial.body)).to.equal(202);
    const ring = await phones.waitForCall((x) => x.exten === '1001', 5000);
    await phones.answer(ring.id);
    const out = await carrierA.waitForCall((x) => x.exten === '057100000011', 5000);
    await carrierA.answer(out.id);
    await until('1001 on call', 3000, () => agentState('1001') === 'on_call', 20);
    await phones.hangup(ring.id);
    await carrierA.waitForEnd(out.id);
    expect(await recordByGuid(dial.body.guid)).to.include({ status: 10, agent: '1001' });
    await until('the contact done as answered', 5000, async () => (await contactRow(c.id, '057100000011')).result === 'answered');
    expect(await contactRow(c.id, '057100000012')).to.include({ state: 'pending', attempts: 0, result: 'skipped' });
  });

  it('given contacts outside their calling window or on the do-not-call list when the campaign runs with ready agents then nothing is dialled and the live figures say why', async () => {
    const ev = recordEvents();
    try {
      // Every weekday but today's in Shanghai: the window is closed for a Shanghai customer all day today.
      const today = localTime(Date.now(), 'Asia/Shanghai').day;
      const c = await createCampaign({ mode: 'progressive', window: { start: '00:00', end: '24:00', days: [0, 1, 2, 3, 4, 5, 6].filter((d) => d !== today) } });
      await api('POST', `/api/v1/campaigns/${c.id}/lists`, { name: 'closed', csv: 'phone,timezone\n057100000031,Asia/Shanghai\n057100000032,\n' });
      expect((await api('POST', '/api/v1/dnc', { numbers: ['057100000032'], source: 'imported', note: 'national list' })).status).to.equal(201);
      await api('POST', `/api/v1/campaigns/${c.id}/start`, {});
      const held = await until('the dialer to look at the contacts', 8000, async () => {
        const r = await api<Campaign & { live: { heldBack: Record<string, number> } }>('GET', `/api/v1/campaigns/${c.id}`);
        return Object.keys(r.body.live.heldBack).length ? r.body.live : null;
      }, 200);
      expect(held.heldBack).to.deep.equal({ 'outside-window': 1, 'do-not-call': 1 });
      expect(held.readyAgents, 'agents were ready all along').to.equal(2);
      expect(ev.of('campaign.attempt')).to.have.length(0);
      expect(await phones.channelCount()).to.equal(0);
      expect(await carrierA.channelCount()).to.equal(0);
      expect((await api('DELETE', '/api/v1/dnc/057100000032')).status).to.equal(200);
    } finally {
      ev.stop();
    }
  });

  it('given bad input then 400 with every problem, 404 and 409, and nothing is created or imported', async () => {
    const bad = await api<{ error: { id: string; details: { problems: string[] } } }>('POST', '/api/v1/campaigns',
      { name: 'x y', group: 'sales', mode: 'fast', window: { start: '25:00', end: '09:00', days: [7] }, timezone: 'Mars/Base', maxAttempts: 0 });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.details.problems.length).to.be.at.least(6);
    expect((await api<{ error: { id: string } }>('POST', '/api/v1/campaigns', { name: 'nogroup', group: 'nosuch', mode: 'progressive' })).body.error.id).to.equal('unknown-group');
    const c = await createCampaign({ mode: 'predictive' });
    const amd = await api<{ error: { details: { problems: string[] } } }>('PUT', `/api/v1/campaigns/${c.id}/predictive`, { amd: 'yes', amdParams: 'x', safeHarbor: [], agentRingSec: 1 });
    expect(amd.status, 'predictive settings: every problem').to.equal(400);
    expect(amd.body.error.details.problems).to.have.length(4);
    expect((await api<{ error: { id: string } }>('POST', `/api/v1/campaigns/${c.id}/pause`, {})).status).to.equal(409);
    const list = await api<{ error: { id: string; details: { problems: string[] } } }>('POST', `/api/v1/campaigns/${c.id}/lists`, { name: 'bad', csv: 'phone,timezone\n12,\n057100000021,Nowhere/City\n057100000022,\n' });
    expect(list.status).to.equal(400);
    expect(list.body.error.details.problems).to.have.length(2);
    expect((await contactRow(c.id, '057100000022')), 'nothing imported').to.equal(undefined);
    expect((await api('POST', '/api/v1/campaigns', { name: c.name, group: 'sales', mode: 'progressive' })).status).to.equal(409);
    expect((await api('GET', '/api/v1/campaigns/999999')).status).to.equal(404);
    expect((await api('POST', '/api/v1/campaigns', { name: 'byagent', group: 'sales', mode: 'progressive' }, agentCreds('1001'))).status).to.equal(403);
    expect(await phones.channelCount(), 'no phone rang').to.equal(0);
  });
});
