/**
 * Queue callback (issue 22) with real calls: a caller presses 5 while every sales agent is busy,
 * hangs up, keeps its place behind an earlier live caller; the agent's phone rings first, then
 * carrier-a receives 13800138000 from 02566668888; audio both ways, recorded, records written.
 * A customer who does not answer is called again after the group's retry pause. Scheduled
 * callbacks through the API.
 */
import { expect } from 'chai';
import type { RowDataPacket } from 'mysql2/promise';
import { site } from './harness/site';
import { until } from './harness/wait';
import { changeConfig, fileSize, inboundCalls, recordByGuid, restoreDemoConfig, uniqueCaller } from './harness/contact-center';
import { callTestHooks, DID, recordEvents } from './harness/cti';
import { rtpCounts, rtpFlowedSince } from './harness/media-stats';
import { api } from './harness/api-client';
import type { CtiEvent } from '../../src/events/cti-events';

const { phones, carrierA } = site;
const app = () => site.product.app;
const notReady = (...exts: string[]) => { for (const e of exts) app().agents.apply(e, { type: 'not-ready', reason: 'test-busy' }); };
const ready = (ext: string) => app().agents.apply(ext, { type: 'ready' });

/** A caller on carrier-a dials the DID, presses 1 (sales) and is queued; returns its channel at carrier-a and the call's GUID. */
async function queuedSalesCaller(number: string): Promise<{ channel: string; guid: string }> {
  const channel = await carrierA.call(`PJSIP/${DID}@product`, { callerId: `<${number}>` });
  await carrierA.waitForAnswer(channel, 5000);
  await carrierA.sendDtmf(channel, '1');
  let guid = '';
  await until(`${number} queued in sales`, 5000, () => {
    guid = inboundCalls().find((c) => c.info.caller === number)?.guid ?? '';
    return guid !== '' && app().acd.isWaiting(guid);
  }, 20);
  return { channel, guid };
}

/** The caller presses 5, hears the confirmation and the call ends: its record says "callback requested". */
async function pressCallbackKey(caller: { channel: string; guid: string }): Promise<void> {
  await carrierA.sendDtmf(caller.channel, '5');
  await carrierA.waitForEnd(caller.channel, 15000);
  const rec = await recordByGuid(caller.guid);
  expect(rec.status, 'the caller\'s own call: 20 callback requested').to.equal(20);
  expect(rec.group_name).to.equal('sales');
}

const ringingCallback = (events: CtiEvent[]) => events.filter((e): e is Extract<CtiEvent, { type: 'call.ringing' }> => e.type === 'call.ringing' && e.variables?.callback === '1');

async function callbackRow(number: string): Promise<RowDataPacket> {
  const [rows] = await app().pool.query<RowDataPacket[]>('SELECT * FROM callbacks WHERE number = ? ORDER BY created_at DESC LIMIT 1', [number]);
  return rows[0];
}

describe('queue callback (virtual hold)', function () {
  this.timeout(90000);
  callTestHooks(async () => {
    await restoreDemoConfig();
  });

  it('given all sales agents busy when a caller presses 5 and hangs up then it keeps its place behind an earlier live caller, the agent rings first, then carrier-a gets 13800138000 from 02566668888, both talk, recorded', async () => {
    notReady('1001', '1002');
    const seen = recordEvents();
    try {
      const earlier = uniqueCaller();
      const live = await queuedSalesCaller(earlier);
      const asker = await queuedSalesCaller('13800138000');
      const queuedAt = Date.now();
      await pressCallbackKey(asker);
      const open = await api<{ callbacks: { number: string; state: string; group: string }[] }>('GET', '/api/v1/callbacks');
      expect(open.body.callbacks.map((c) => [c.number, c.state, c.group])).to.deep.equal([['13800138000', 'waiting', 'sales']]);
      expect(app().acd.queueSummary('sales').waiting, 'the live caller and the callback wait').to.equal(2);

      // The first agent ready takes the earlier live caller, not the callback.
      ready('1001');
      const first = await phones.waitForCall((c) => c.exten === '1001', 5000);
      expect(first.callerNumber, 'the earlier live caller goes first').to.equal(earlier);
      await phones.answer(first.id);
      await until('the live call connected', 5000, () => app().registry.byGuid(live.guid)?.snapshot?.().state === 'connected', 20);
      await carrierA.hangup(live.channel);
      await phones.waitForEnd(first.id, 5000);

      // 1001 is free again: the callback rings the agent first, showing that it is a callback.
      const agentLeg = await phones.waitForCall((c) => c.exten === '1001', 8000);
      expect(agentLeg.callerName).to.equal('Callback');
      expect(agentLeg.callerNumber).to.equal('13800138000');
      const pop = ringingCallback(seen.events);
      expect(pop, 'one callback screen pop').to.have.length(1);
      expect(pop[0]).to.include({ agent: '1001', caller: '13800138000', group: 'sales' });
      const guid = pop[0].guid;
      expect(await carrierA.channelCount(), 'the customer is not dialled before the agent answers').to.equal(0);

      await phones.answer(agentLeg.id);
      const customer = await carrierA.waitForCall((c) => c.exten === '13800138000', 8000);
      expect(customer.callerNumber, 'the group\'s trunk presents the site number').to.equal('02566668888');
      await carrierA.answer(customer.id);
      await until('the callback connected', 5000, () => app().registry.byGuid(guid)?.snapshot?.().state === 'connected', 20);
      expect(app().agents.get('1001')?.name).to.equal('on_call');

      await carrierA.play(customer.id, 'tt-monkeys');
      await phones.play(agentLeg.id, 'tt-monkeys');
      const before = await rtpCounts();
      expect(before.size, 'two channels with RTP stats').to.equal(2);
      await until('RTP both ways on both legs', 8000, () => rtpFlowedSince(before), 250);

      await carrierA.hangup(customer.id);
      await phones.waitForEnd(agentLeg.id, 5000);
      const rec = await recordByGuid(guid);
      expect(rec).to.include({ status: 21, direction: 'outbound', group_name: 'sales', agent: '1001', callee: '13800138000', trunk: 'carrier-a' });
      expect(new Date(rec.queued_at).getTime(), 'the wait counts from the caller\'s place in the queue').to.be.below(queuedAt);
      expect(Number(rec.wait_sec), 'the wait ends when the callback is answered').to.be.above(0);
      expect(rec.recording_path).to.be.a('string');
      await until('the recording written', 5000, () => fileSize(rec.recording_path) > 44, 100);
      await until('the callback done', 5000, async () => (await callbackRow('13800138000')).state === 'done', 100);
      expect(await callbackRow('13800138000')).to.include({ attempts: 1, origin_guid: asker.guid, last_guid: guid });
      expect((await api('GET', '/api/v1/callbacks')).body).to.deep.equal({ callbacks: [] });
      const figures = await api<{ groups: Record<string, { accepted: number; connected: number; offered: number }> }>('GET', '/api/v1/callbacks/figures');
      expect(figures.body.groups.sales.accepted).to.be.at.least(1);
      expect(figures.body.groups.sales.connected).to.be.at.least(1);
      expect(figures.body.groups.sales.offered).to.be.at.least(2);
    } finally {
      seen.stop();
    }
  });

  it('given a callback whose customer does not answer when the retry pause passes then it is called again and the outcome of each attempt is recorded', async () => {
    await changeConfig("UPDATE agent_groups SET callback_retries = 1, callback_retry_sec = 5 WHERE name = 'sales'");
    notReady('1001', '1002');
    const seen = recordEvents();
    try {
      const number = uniqueCaller();
      const asker = await queuedSalesCaller(number);
      await pressCallbackKey(asker);
      ready('1001');

      const ring1 = await phones.waitForCall((c) => c.exten === '1001' && c.callerName === 'Callback', 8000);
      await phones.answer(ring1.id);
      const try1 = await carrierA.waitForCall((c) => c.exten === number, 8000);
      await carrierA.hangup(try1.id); // the customer does not take the call
      await phones.waitForEnd(ring1.id, 5000);
      const guid1 = ringingCallback(seen.events)[0].guid;
      expect((await recordByGuid(guid1)).status, 'attempt 1: 22 callback not answered').to.equal(22);
      await until('the callback waits to retry', 5000, async () => (await callbackRow(number)).state === 'retry-wait', 100);
      expect(await callbackRow(number)).to.include({ attempts: 1, last_guid: guid1 });

      const ring2 = await phones.waitForCall((c) => c.exten === '1001' && c.callerName === 'Callback', 15000);
      await phones.answer(ring2.id);
      const try2 = await carrierA.waitForCall((c) => c.exten === number, 8000);
      await carrierA.answer(try2.id);
      const guid2 = ringingCallback(seen.events)[1].guid;
      expect(guid2).to.not.equal(guid1);
      await until('the second attempt connected', 5000, () => app().registry.byGuid(guid2)?.snapshot?.().state === 'connected', 20);
      await carrierA.hangup(try2.id);
      await phones.waitForEnd(ring2.id, 5000);
      expect((await recordByGuid(guid2)).status, 'attempt 2: 21 callback connected').to.equal(21);
      await until('the callback done', 5000, async () => (await callbackRow(number)).state === 'done', 100);
      expect(await callbackRow(number)).to.include({ attempts: 2, last_guid: guid2 });
    } finally {
      seen.stop();
    }
  });

  it('given an agent\'s phone rings for the caller when the caller presses 5 then that ring stops, the caller hears its number and the callback rings the agent first', async () => {
    notReady('1002');
    const number = uniqueCaller();
    const caller = await carrierA.call(`PJSIP/${DID}@product`, { callerId: `<${number}>` });
    await carrierA.waitForAnswer(caller, 5000);
    await carrierA.sendDtmf(caller, '1');
    const firstRing = await phones.waitForCall((c) => c.exten === '1001' && c.callerNumber === number, 5000);
    const guid = inboundCalls().find((c) => c.info.caller === number)!.guid;
    await pressCallbackKey({ channel: caller, guid });
    await phones.waitForEnd(firstRing.id, 5000);
    const ring = await phones.waitForCall((c) => c.exten === '1001' && c.callerName === 'Callback' && c.callerNumber === number, 8000);
    await phones.answer(ring.id);
    const customer = await carrierA.waitForCall((c) => c.exten === number, 8000);
    await carrierA.answer(customer.id);
    await until('the callback connected', 5000, () => app().agents.get('1001')?.name === 'on_call', 20);
    await carrierA.hangup(customer.id);
    await phones.waitForEnd(ring.id, 5000);
    await until('the callback done', 5000, async () => (await callbackRow(number))?.state === 'done', 100);
    expect(await callbackRow(number)).to.include({ origin_guid: guid, attempts: 1 });
  });

  it('given an agent books a callback for itself through the API when the time comes then its phone rings first and the customer is called', async () => {
    notReady('1002');
    const number = uniqueCaller();
    const bad = await api('POST', '/api/v1/callbacks', { number: 'x', group: 'sales', at: 'tomorrow', agent: '1003' });
    expect(bad.status).to.equal(400);
    expect((bad.body as { error: { details: { problems: string[] } } }).error.details.problems).to.have.length(2);
    const booked = await api<{ id: string; state: string; agent: string }>('POST', '/api/v1/callbacks', { number, group: 'sales', at: new Date(Date.now() + 2000).toISOString(), agent: '1001' });
    expect(booked.status).to.equal(201);
    expect(booked.body).to.include({ state: 'scheduled', agent: '1001' });
    const ring = await phones.waitForCall((c) => c.exten === '1001' && c.callerName === 'Callback', 10000);
    await phones.answer(ring.id);
    const customer = await carrierA.waitForCall((c) => c.exten === number, 8000);
    await carrierA.answer(customer.id);
    await until('the scheduled callback connected', 5000, () => app().agents.get('1001')?.name === 'on_call', 20);
    await carrierA.hangup(customer.id);
    await phones.waitForEnd(ring.id, 5000);
    await until('the callback done', 5000, async () => (await callbackRow(number))?.state === 'done', 100);
    expect(await callbackRow(number)).to.include({ origin_guid: null, agent: '1001', attempts: 1 });
  });
});
