/**
 * O3: MySQL stops while calls go on. Calls still route from the cached configuration; their
 * records, queue_log rows and agent state changes wait on disk and are written once MySQL is
 * back: every one exactly once.
 */
import { expect } from 'chai';
import type { RowDataPacket } from 'mysql2/promise';
import { site } from './harness/site';
import { until } from './harness/wait';
import { onlyCallGuid, resetAgents, uniqueCaller } from './harness/contact-center';
import { startMysql, stopMysql } from './harness/mysql';

const { phones, carrierA } = site;
const app = () => site.product.app;

describe('MySQL outage (O3): nothing lost, nothing written twice', function () {
  this.timeout(120000);
  let mysqlStopped = false;

  afterEach(async function () {
    this.timeout(120000);
    if (mysqlStopped) await startMysql();
    mysqlStopped = false;
  });

  it('given MySQL is stopped then an inbound queue call and an internal call still connect, and after MySQL returns their records, queue_log rows and agent states are there exactly once', async () => {
    resetAgents(['1001', '1002', '1003', '1004']);
    await app().agents.flush();
    await stopMysql();
    mysqlStopped = true;
    const health = await fetch(`http://${site.product.config.http.host}:${site.product.config.http.port}/api/v1/health`);
    expect(health.status, 'health says degraded').to.equal(503);

    // An inbound call through the IVR and the queue.
    const number = uniqueCaller();
    const caller = await carrierA.call('PJSIP/02566668888@product', { callerId: `<${number}>` });
    await carrierA.waitForAnswer(caller, 5000);
    await carrierA.sendDtmf(caller, '1');
    const agent = await phones.waitForCall((c) => c.exten === '1001', 5000);
    const guid = onlyCallGuid();
    await phones.answer(agent.id);
    await until('connected', 5000, () => app().registry.byGuid(guid)?.snapshot?.().state === 'connected', 20);
    await carrierA.hangup(caller);
    await phones.waitForEnd(agent.id);
    // An internal call 1002 -> 1003.
    const internal = await phones.call('PJSIP/1003@phone-1002');
    const callee = await phones.waitForCall((c) => c.exten === '1003', 5000);
    await phones.answer(callee.id);
    await phones.waitForAnswer(internal, 5000);
    await phones.hangup(internal);
    await phones.waitForEnd(callee.id);
    await site.settle();
    await app().records.flush();

    await startMysql();
    mysqlStopped = false;
    await app().records.replayNow();
    const q = async (sql: string, args: unknown[]) => (await app().pool.query<RowDataPacket[]>(sql, args))[0];
    await until('the spooled rows written', 20000, async () => (await q('SELECT guid FROM call_records WHERE caller IN (?, ?) AND started_at > NOW() - INTERVAL 10 MINUTE', [number, '1002'])).length >= 2, 250);
    await until('queue_log replayed', 20000, async () => (await q('SELECT id FROM queue_log WHERE callid = ? AND event = ?', [guid, 'COMPLETECALLER'])).length === 1, 250);
    await until('agent states replayed', 20000, async () => (await q('SELECT id FROM agent_state_log WHERE call_guid = ?', [guid])).length >= 2, 250);
    // Give the replay timers another round: nothing may be written twice.
    await app().records.replayNow();
    await app().queueLog.flush();
    const records = await q('SELECT guid, status FROM call_records WHERE guid = ?', [guid]);
    expect(records).to.have.length(1);
    expect(records[0].status).to.equal(9);
    expect((await q("SELECT status FROM call_records WHERE caller = '1002' AND callee = '1003' ORDER BY started_at DESC LIMIT 1", []))[0].status).to.equal(15);
    const events = (await q('SELECT event FROM queue_log WHERE callid = ? ORDER BY time, id', [guid])).map((r) => r.event);
    expect(events).to.deep.equal(['ENTERQUEUE', 'CONNECT', 'COMPLETECALLER']);
    const states = (await q('SELECT to_state FROM agent_state_log WHERE call_guid = ? AND extension = ? ORDER BY at, id', [guid, '1001'])).map((r) => r.to_state);
    expect(states.slice(0, 2)).to.deep.equal(['ringing', 'on_call']);
    expect(new Set(states).size, 'no state change twice').to.equal(states.length);
  });
});
