/**
 * Campaign calls (issue 22) through the agent-first call, with real calls: a customer whose
 * phone rings out (carrier-a never answers) is recorded as no answer and called again after the
 * campaign's retry interval (kept short here), and the wrap-up disposition an agent saves on the
 * /agent page (POST /api/v1/calls/{guid}/disposition, call_dispositions) ends the attempt and
 * decides the retry exactly as the campaigns API's does.
 */
import { expect } from 'chai';
import type { RowDataPacket } from 'mysql2/promise';
import { site } from './harness/site';
import { until } from './harness/wait';
import { api } from './harness/api-client';
import { agentState, changeConfig, recordByGuid } from './harness/contact-center';
import { callTestHooks, recordEvents } from './harness/cti';

const { phones, carrierA } = site;
const app = () => site.product.app;
const agentCreds = (ext: string) => ({ user: ext, password: `secret${ext}` });
const ALWAYS = { start: '00:00', end: '24:00', days: [0, 1, 2, 3, 4, 5, 6] };
/** carrier-a gives up on an unanswered number after this (trunks.no_answer_timeout). */
const RING_OUT_SEC = 4;
/** The campaign's no-answer retry: 0.1 minutes. */
const RETRY_MS = 6000;

type Campaign = { id: number; name: string; state: string };
const mine: number[] = [];

async function createCampaign(body: Record<string, unknown>): Promise<Campaign> {
  const res = await api<Campaign>('POST', '/api/v1/campaigns', { name: `r${Date.now()}${Math.floor(Math.random() * 1000)}`, group: 'sales', dialPrefix: '9', window: ALWAYS, ...body });
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  mine.push(res.body.id);
  return res.body;
}

async function contactRow(campaign: number, phone: string): Promise<RowDataPacket> {
  const [rows] = await app().pool.query<RowDataPacket[]>('SELECT * FROM campaign_contacts WHERE campaign_id = ? AND phone = ?', [campaign, phone]);
  return rows[0];
}

async function attemptRow(guid: string): Promise<RowDataPacket> {
  const [rows] = await app().pool.query<RowDataPacket[]>('SELECT * FROM campaign_attempts WHERE call_guid = ?', [guid]);
  return rows[0];
}

async function stopMine(): Promise<void> {
  for (const id of mine) {
    const c = await api<Campaign>('GET', `/api/v1/campaigns/${id}`);
    if (c.body.state === 'running' || c.body.state === 'paused') await api('POST', `/api/v1/campaigns/${id}/stop`, {});
  }
}

describe('campaign calls: real no-answer retry, dispositions from the /agent page (issue 22)', function () {
  this.timeout(90000);
  const guids: string[] = [];
  callTestHooks(stopMine);
  before(async function () {
    this.timeout(40000);
    await changeConfig('UPDATE trunks SET no_answer_timeout = ? WHERE name = ?', [RING_OUT_SEC, 'carrier-a']);
    // The agents' contacts qualified in the product: a campaign rings them at once.
    await until('contact of 1001 qualified in the product', 35000, async () => {
      await site.product.cli('pjsip qualify 1001');
      return /1001\/sip:\S+\s+\S+\s+Avail/.test(await site.product.cli('pjsip show contacts'));
    }, 500);
  });
  // Nothing left behind: campaigns name their group (foreign key), so a later demo-seed restore would fail on them.
  after(async () => {
    await stopMine();
    if (mine.length) {
      await app().pool.query('DELETE FROM dnc_numbers WHERE campaign_id IN (?)', [mine]);
      await app().pool.query('DELETE FROM campaigns WHERE id IN (?)', [mine]);
    }
    if (guids.length) await app().pool.query('DELETE FROM call_dispositions WHERE call_guid IN (?)', [guids]);
    await changeConfig('UPDATE trunks SET no_answer_timeout = 0 WHERE name = ?', ['carrier-a']);
  });

  it('given a customer who does not answer when carrier-a rings out then the attempt is no-answer, the contact is retried after the interval and not before; the /agent disposition of the answered retry ends it', async () => {
    app().agents.apply('1002', { type: 'not-ready', reason: 'test-busy' });
    const tooFine = await api<{ error: { details: { problems: string[] } } }>('POST', '/api/v1/campaigns', { name: 'finer', group: 'sales', mode: 'progressive', retryRules: { busy: 0.001 } });
    expect(tooFine.status, 'retry minutes to the second at most').to.equal(400);
    expect(tooFine.body.error.details.problems.join(' ')).to.contain('to the second');
    const ev = recordEvents();
    try {
      const c = await createCampaign({ mode: 'progressive', retryRules: { 'no-answer': RETRY_MS / 60000, callback: 60 }, maxAttempts: 3 });
      const phone = '057100000051';
      expect((await api('POST', `/api/v1/campaigns/${c.id}/lists`, { name: 'ring-out', csv: `phone,name,plan\n${phone},Sun Qi,gold\n` })).status).to.equal(201);
      expect((await api('POST', `/api/v1/campaigns/${c.id}/start`, {})).status).to.equal(200);

      // Agent first: 1001 rings showing the customer's number and the campaign; the list row is its screen pop.
      const ring1 = await phones.waitForCall((x) => x.exten === '1001', 8000);
      expect(ring1).to.include({ callerNumber: phone, callerName: c.name });
      const pop = ev.events.find((e) => e.type === 'call.ringing' && e.agent === '1001');
      expect(pop && pop.type === 'call.ringing' ? pop.variables : null).to.include({ campaign: c.name, contact_name: 'Sun Qi', plan: 'gold', attempt: '1' });
      const g1 = ev.of('campaign.attempt')[0].guid as string;
      expect(pop?.type === 'call.ringing' && pop.guid).to.equal(g1);
      expect(await carrierA.channelCount(), 'the customer is not dialled before the agent answers').to.equal(0);
      await phones.answer(ring1.id);

      // The customer's phone rings and nobody answers: carrier-a's no-answer timeout ends the try.
      const out1 = await carrierA.waitForCall((x) => x.exten === phone, 8000);
      expect(out1.callerNumber, 'the trunk\'s caller ID').to.equal('02566668888');
      await carrierA.waitForEnd(out1.id, (RING_OUT_SEC + 8) * 1000);
      await phones.waitForEnd(ring1.id, 5000);
      const endedAt = Date.now();
      const rec1 = await recordByGuid(g1);
      expect(rec1).to.include({ direction: 'outbound', agent: '1001', callee: phone, trunk: 'carrier-a', answered_at: null });
      const outcome = await until('the no-answer outcome', 5000, () => ev.of('campaign.outcome').find((o) => o.guid === g1) ?? null);
      expect(outcome).to.include({ outcome: 'no-answer', next: 'retry', disposition: null });
      expect((await attemptRow(g1)).outcome).to.equal('no-answer');
      const row1 = await contactRow(c.id, phone);
      expect(row1).to.include({ state: 'pending', attempts: 1, result: 'no-answer' });
      const due = Number(row1.next_at);
      expect(due - endedAt, 'retried after the campaign\'s interval').to.be.within(RETRY_MS - 2000, RETRY_MS + 500);

      // 1001 is ready at once, but the contact waits for its retry time: the next ring comes after it, not before.
      await until('1001 ready again', 5000, () => agentState('1001') === 'ready', 20);
      const ring2 = await phones.waitForCall((x) => x.exten === '1001', RETRY_MS + 8000);
      expect(Date.now(), 'not before the retry was due').to.be.at.least(due);
      expect(ring2.callerNumber).to.equal(phone);
      const g2 = ev.of('campaign.attempt')[1].guid as string;
      guids.push(g1, g2);
      expect(ev.of('campaign.attempt')[1].contact.attempts, 'the list row says one attempt before').to.equal(1);
      await phones.answer(ring2.id);
      const out2 = await carrierA.waitForCall((x) => x.exten === phone, 8000);
      await carrierA.answer(out2.id);
      await until('1001 on call', 5000, () => agentState('1001') === 'on_call', 20);
      await carrierA.hangup(out2.id);
      await phones.waitForEnd(ring2.id, 5000);
      expect(await recordByGuid(g2)).to.include({ status: 6, agent: '1001', callee: phone });
      await until('the answered outcome', 5000, () => ev.of('campaign.outcome').some((o) => o.guid === g2));

      // The wrap-up form of /agent: not-interested ends the contact.
      const saved = await api('POST', `/api/v1/calls/${g2}/disposition`, { code: 'not-interested', note: 'has a plan' }, agentCreds('1001'));
      expect(saved.status, JSON.stringify(saved.body)).to.equal(200);
      await until('the contact done as not-interested', 5000, async () => (await contactRow(c.id, phone)).result === 'not-interested');
      expect(await contactRow(c.id, phone)).to.include({ state: 'done', attempts: 2, next_at: null });
      expect(await attemptRow(g2)).to.include({ outcome: 'answered', disposition: 'not-interested' });
      const decided = ev.of('campaign.outcome').filter((o) => o.guid === g2);
      expect(decided.map((o) => [o.disposition, o.next])).to.deep.equal([[null, 'done'], ['not-interested', 'done']]);
      // A correction on the page is kept there; the first disposition keeps deciding the campaign.
      expect((await api('POST', `/api/v1/calls/${g2}/disposition`, { code: 'sale', note: '' }, agentCreds('1001'))).status).to.equal(200);
      const [disp] = await app().pool.query<RowDataPacket[]>('SELECT code FROM call_dispositions WHERE call_guid = ?', [g2]);
      expect(disp.map((r) => r.code)).to.deep.equal(['sale']);
      expect((await attemptRow(g2)).disposition).to.equal('not-interested');
      expect((await api('POST', `/api/v1/campaigns/calls/${g2}/disposition`, { agent: '1001', disposition: 'sale' }, agentCreds('1001'))).status, 'the API sees it disposed').to.equal(409);
      const report = await api<{ lists: Record<string, unknown>[]; dispositions: Record<string, number> }>('GET', `/api/v1/campaigns/${c.id}/report`);
      expect(report.body.lists[0]).to.include({ dials: 2, answered: 1, no_answer: 1 });
      expect(report.body.dispositions).to.deep.equal({ 'not-interested': 1 });
    } finally {
      ev.stop();
    }
  });

  it('given a campaign call in progress when the agent saves do-not-call and another agent callback on /agent then the first number is never dialled again and the second is due in an hour', async () => {
    const ev = recordEvents();
    try {
      const c = await createCampaign({ mode: 'progressive', retryRules: { callback: 60 }, maxAttempts: 3 });
      const [p1, p2] = ['057100000061', '057100000062'];
      await api('POST', `/api/v1/campaigns/${c.id}/lists`, { name: 'desk', csv: `phone,name\n${p1},Zhou Ba\n${p2},Wu Jiu\n` });
      await api('POST', `/api/v1/campaigns/${c.id}/start`, {});
      const ring1 = await phones.waitForCall((x) => x.exten === '1001', 8000);
      const ring2 = await phones.waitForCall((x) => x.exten === '1002', 8000);
      await phones.answer(ring1.id);
      await phones.answer(ring2.id);
      const out1 = await carrierA.waitForCall((x) => x.exten === p1, 8000);
      const out2 = await carrierA.waitForCall((x) => x.exten === p2, 8000);
      await carrierA.answer(out1.id);
      await carrierA.answer(out2.id);
      await until('both agents on call', 5000, () => agentState('1001') === 'on_call' && agentState('1002') === 'on_call', 20);
      const byPhone = new Map(ev.of('campaign.attempt').map((a) => [a.contact.phone, a.guid as string]));
      const [g1, g2] = [byPhone.get(p1)!, byPhone.get(p2)!];
      guids.push(g1, g2);
      // During the call: 1002 may not dispose 1001's call; 1001 saves do-not-call.
      expect((await api('POST', `/api/v1/calls/${g1}/disposition`, { code: 'do-not-call' }, agentCreds('1002'))).status).to.equal(409);
      expect((await api('POST', `/api/v1/calls/${g1}/disposition`, { code: 'do-not-call' }, agentCreds('1001'))).status).to.equal(200);
      expect((await api('POST', `/api/v1/campaigns/${c.id}/stop`, {})).status).to.equal(200);
      await carrierA.hangup(out1.id);
      await phones.waitForEnd(ring1.id, 5000);
      await phones.hangup(ring2.id);
      await carrierA.waitForEnd(out2.id, 5000);
      expect((await api('POST', `/api/v1/calls/${g2}/disposition`, { code: 'callback', note: 'after 18:00' }, agentCreds('1002'))).status).to.equal(200);

      await until('both contacts decided', 5000, async () => (await contactRow(c.id, p1)).result === 'do-not-call' && (await contactRow(c.id, p2)).result === 'callback');
      expect(await contactRow(c.id, p1)).to.include({ state: 'done', attempts: 1 });
      const dnc = await api<{ phone: string; source: string }[]>('GET', `/api/v1/dnc?campaign=${c.id}`);
      expect(dnc.body.map((d) => [d.phone, d.source])).to.deep.equal([[p1, 'campaign']]);
      const two = await contactRow(c.id, p2);
      expect(two).to.include({ state: 'pending', attempts: 1 });
      expect(Number(two.next_at) - Date.now(), 'called back in about an hour').to.be.within(55 * 60_000, 61 * 60_000);
      expect(ev.of('campaign.outcome').filter((o) => o.disposition).map((o) => [o.phone, o.disposition, o.next]).sort()).to.deep.equal([[p1, 'do-not-call', 'done'], [p2, 'callback', 'retry']]);
    } finally {
      ev.stop();
    }
  });
});
