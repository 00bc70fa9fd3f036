/**
 * Issue 16, finding 6: every outside leg the app starts counts against the trunk's
 * max_channels and the account's max_outbound_calls (R8), not only calls dialled on a phone:
 * conference parties, two-party conferences, transfers to outside numbers and fax sends.
 */
import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { site } from './harness/site';
import { until } from './harness/wait';
import { api } from './harness/api-client';
import { changeConfig, restoreDemoConfig } from './harness/contact-center';
import { callTestHooks, connectedSalesCall } from './harness/cti';
import { writeFaxTiff } from './harness/tiff';
import { FAX_OUT_DIR } from '../../src/asterisk/site-config';

const { phones, carrierA, carrierB } = site;
const app = () => site.product.app;

interface ConferenceView { id: string; parties: { id: string; state: string }[] }

/** `from` dials an outside number on its phone; resolves with the refusal record (status 12) or null when it went out. */
async function phoneDials(from: string, number: string, carrier = carrierA): Promise<{ refused: string | null }> {
  const out = await phones.call(`PJSIP/${number}@phone-${from}`);
  // Either the product refuses (the phone's call ends after a prompt) or the carrier rings.
  const outcome = await Promise.race([
    phones.waitForEnd(out, 10000).then(() => 'ended' as const, () => 'ended' as const),
    // The number as the carrier sees it: the prefix gone, maybe normalized (0 -> 0086).
    carrier.waitForCall((c) => c.exten.endsWith(number.slice(-8)), 10000).catch(() => 'ended' as const),
  ]);
  if (outcome !== 'ended') {
    await phones.hangup(out);
    await carrier.waitForEnd(outcome.id);
    return { refused: null };
  }
  await app().records.flush();
  const row = await until(`the record of ${from} -> ${number}`, 5000, async () => {
    const [rows] = await app().pool.query<RowDataPacket[]>('SELECT end_reason FROM call_records WHERE caller = ? AND callee = ? ORDER BY started_at DESC LIMIT 1', [from, number]);
    return rows[0];
  });
  return { refused: row.end_reason as string };
}

describe('outside legs count against trunk and account limits (issue 16, finding 6)', function () {
  this.timeout(60000);
  callTestHooks(async () => {
    await restoreDemoConfig();
  });

  it('given carrier-a carries one call at most then a second outside conference party gets no trunk while the first rings', async () => {
    await changeConfig("UPDATE trunks SET max_channels = 1 WHERE name = 'carrier-a'");
    const id = (await api<ConferenceView>('POST', '/api/v1/conferences', { from: '1002' })).body.id;
    const first = await api('POST', `/api/v1/conferences/${id}/parties`, { number: '957188881001' });
    expect(first.status, JSON.stringify(first.body)).to.equal(201);
    const ringing = await carrierA.waitForCall((c) => c.exten === '57188881001', 5000);
    const second = await api<{ error: { id: string; message: string } }>('POST', `/api/v1/conferences/${id}/parties`, { number: '957188881002' });
    expect(second.status, JSON.stringify(second.body)).to.equal(404);
    expect(second.body.error.id).to.equal('unroutable');
    await carrierA.hangup(ringing.id);
    await until('the party gone', 5000, async () => (await api<ConferenceView>('GET', `/api/v1/conferences/${id}`)).body.parties?.length === 0);
    const again = await api('POST', `/api/v1/conferences/${id}/parties`, { number: '957188881003' });
    expect(again.status, 'the released leg makes room again').to.equal(201);
    const third = await carrierA.waitForCall((c) => c.exten === '57188881003', 5000);
    await api('DELETE', `/api/v1/conferences/${id}`);
    await carrierA.waitForEnd(third.id);
  });

  it('given 1002 may have one outside call then a two-party conference between two outside numbers from 1002 is refused before anything is dialled', async () => {
    await changeConfig("UPDATE sip_accounts SET max_outbound_calls = 1 WHERE extension = '1002'");
    const res = await api<{ error: { id: string; message: string } }>('POST', '/api/v1/conferences/two-party', { a: '957188881011', b: '957188881012', from: '1002' });
    expect(res.status, JSON.stringify(res.body)).to.equal(404);
    expect(res.body.error.message).to.contain('957188881012');
    expect(await carrierA.channelCount(), 'nothing was dialled').to.equal(0);
    // One outside party and one phone fit.
    const ok = await api<ConferenceView>('POST', '/api/v1/conferences/two-party', { a: '1001', b: '957188881013', from: '1002' });
    expect(ok.status, JSON.stringify(ok.body)).to.equal(201);
    const a = await phones.waitForCall((c) => c.exten === '1001', 5000);
    await phones.answer(a.id);
    const b = await carrierA.waitForCall((c) => c.exten === '57188881013', 5000);
    // While the two-party conference's outside leg is up, 1002's own outside call is refused.
    expect((await phoneDials('1002', '957188881014')).refused).to.equal('outbound-limit');
    await carrierA.hangup(b.id);
    await phones.waitForEnd(a.id);
  });

  it('given 1001 may have one outside call when 1001 transfers a customer blind to an outside number then 1001\'s own outside call is refused while that leg is up', async () => {
    await changeConfig("UPDATE sip_accounts SET max_outbound_calls = 1 WHERE extension = '1001'");
    const call = await connectedSalesCall();
    expect(call.agent).to.equal('1001');
    const res = await api('POST', `/api/v1/calls/${call.guid}/transfer`, { number: '957188881021' });
    expect(res.status, JSON.stringify(res.body)).to.equal(202);
    const target = await carrierA.waitForCall((c) => c.exten === '57188881021', 5000);
    await phones.waitForEnd(call.agentPhone);
    expect((await phoneDials('1001', '957188881022')).refused).to.equal('outbound-limit');
    await carrierA.answer(target.id);
    await carrierA.hangup(call.customer);
    await carrierA.waitForEnd(target.id);
    await site.settle();
    expect((await phoneDials('1001', '957188881023')).refused, 'the ended leg released the count').to.equal(null);
  });

  it('given carrier-a carries two calls at most when an agent consults an outside number on a customer call from carrier-a then a third 9N call gets no trunk', async () => {
    await changeConfig("UPDATE trunks SET max_channels = 2 WHERE name = 'carrier-a'");
    const call = await connectedSalesCall(); // one call on carrier-a
    const res = await api('POST', `/api/v1/calls/${call.guid}/transfer`, { number: '957188881031', mode: 'attended' });
    expect(res.status, JSON.stringify(res.body)).to.equal(202);
    const target = await carrierA.waitForCall((c) => c.exten === '57188881031', 5000); // two
    expect((await phoneDials('1004', '957188881032')).refused).to.equal('congestion');
    expect((await api('POST', `/api/v1/calls/${call.guid}/transfer/cancel`, {})).status).to.equal(200);
    await carrierA.waitForEnd(target.id);
    await carrierA.hangup(call.customer);
    await phones.waitForEnd(call.agentPhone);
  });

  it('given 1003 may have one outside call then a second fax send while the first rings is refused (409), and the first one\'s end makes room', async () => {
    await changeConfig("UPDATE sip_accounts SET max_outbound_calls = 1 WHERE extension = '1003'");
    mkdirSync(join(site.product.paths.hostVarDir, FAX_OUT_DIR), { recursive: true });
    writeFaxTiff(join(site.product.paths.hostVarDir, FAX_OUT_DIR, 'limit-page.tif'));
    const first = await api('POST', '/api/v1/faxes', { agent: '1003', number: '957188881041', file: 'limit-page.tif' });
    expect(first.status, JSON.stringify(first.body)).to.equal(202);
    const ringing = await carrierA.waitForCall((c) => c.exten === '57188881041', 5000);
    const second = await api<{ error: { id: string; message: string } }>('POST', '/api/v1/faxes', { agent: '1003', number: '957188881042', file: 'limit-page.tif' });
    expect(second.status, JSON.stringify(second.body)).to.equal(409);
    expect(second.body.error.message).to.contain('outside call');
    await carrierA.hangup(ringing.id);
    await site.settle();
    const third = await api('POST', '/api/v1/faxes', { agent: '1003', number: '957188881043', file: 'limit-page.tif' });
    expect(third.status, JSON.stringify(third.body)).to.equal(202);
    const last = await carrierA.waitForCall((c) => c.exten === '57188881043', 5000);
    await carrierA.hangup(last.id);
  });

  it('given carrier-b carries one call at most when a DID is forwarded to carrier-b then an agent\'s 8N call gets no trunk while the forwarded call is up', async () => {
    await changeConfig("UPDATE trunks SET max_channels = 1 WHERE name = 'carrier-b'");
    await changeConfig("INSERT INTO dial_rules (id, context, pattern, route_type, target, description) VALUES (950, 'from-carrier', '_02566669999', 'trunk', 'carrier-b', 'test: DID forwarded to the international carrier')");
    const caller = await carrierA.call('PJSIP/02566669999@product', { callerId: '<13800009999>' });
    const forwarded = await carrierB.waitForCall((c) => c.exten === '02566669999', 5000);
    expect((await phoneDials('1004', '80012025550199', carrierB)).refused).to.equal('congestion');
    await carrierA.hangup(caller);
    await carrierB.waitForEnd(forwarded.id);
  });
});
