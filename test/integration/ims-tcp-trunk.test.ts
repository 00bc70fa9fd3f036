/**
 * Issue 20, trunks and SIP: an IMS-style operator over SIP/TCP. The "ims" peer (127.0.0.39, TCP
 * only, test/peers/ims) plays the operator of the source's [ChRegGroup0]: its registrar and
 * domain names resolve nowhere, so requests reach it only through the outbound proxy address;
 * it identifies the product by the digest user ims-auth-39, not by the number 8641162596039.
 * The product registers there over TCP, calls out and receives a call over TCP; what went over
 * the wire (REGISTER Call-ID, CSeq, Route, auth user) is read back from a packet capture.
 */
import { expect } from 'chai';
import type { RowDataPacket } from 'mysql2/promise';
import { site } from './harness/site';
import { until } from './harness/wait';
import { Peer } from './harness/peer';
import { PacketCapture } from './harness/packet-capture';
import { callRecord, changeConfig, resetAgents } from './harness/contact-center';

const app = () => site.product.app;

const { product, phones } = site;
const IMS = '127.0.0.39';
const NUMBER = '8641162596039';
const DOMAIN = 'ims.cc-test.invalid';
const REGISTRAR = `registrar.${DOMAIN}`;

/** Waits until the operator holds the product's contact for the number (the transport is checked on the wire). */
async function contactAtOperator(ims: Peer): Promise<void> {
  let out = '';
  try {
    await until('the product\'s contact at the operator', 10000, async () => {
      out = await ims.cli(`pjsip show aor ${NUMBER}`);
      return new RegExp(`Contact:\\s+${NUMBER}/sip:${NUMBER}@127\\.0\\.0\\.1`).test(out);
    }, 200);
  } catch (err) {
    throw new Error(`${(err as Error).message}; pjsip show aor said:\n${out}`);
  }
}

/** The product's registration state of the ims trunk as `pjsip show registrations` prints it. */
async function imsRegistration(): Promise<string> {
  const line = (await product.cli('pjsip show registrations')).split('\n').find((l) => l.trim().startsWith('ims/')) ?? '';
  return /(Registered|Unregistered|Rejected|Failed|Stopped)/.exec(line)?.[1] ?? 'absent';
}

describe('IMS-style operator registration and calls over SIP/TCP (issue 20)', function () {
  this.timeout(90000);
  const { root, ariUser, ariPassword } = product.config.asterisk;
  const ims = new Peer('ims', IMS, 19, root, { user: ariUser, password: ariPassword });
  let capture: PacketCapture | null = null;
  /** The capture of the first registration (kept: the refresh test compares Call-IDs with it). */
  let registration: PacketCapture | null = null;

  before(async () => {
    await ims.start();
    registration = await PacketCapture.start('ims-tcp-register', `host ${IMS} and tcp port 5060`);
    await changeConfig(`INSERT INTO trunks (name, host, port, transport, outbound_proxy, sip_domain, username, auth_user, password, register, registration_expiry, inbound_context)
      VALUES ('ims', '${REGISTRAR}', 5060, 'tcp', '${IMS}', '${DOMAIN}', '${NUMBER}', 'ims-auth-39', 'imspass39', 1, 120, 'from-ims')`);
    await changeConfig("INSERT INTO dial_rules (id, context, pattern, route_type, target, description, call_class) VALUES (939, 'agents', '_39X.', 'trunk', 'ims', '39 + number: the IMS operator', 'local')");
    await changeConfig("INSERT INTO number_transforms (dial_rule_id, seq, op, start_pos, length, text) VALUES (939, 1, 'delete', 0, 2, '')");
    await changeConfig(`INSERT INTO dial_rules (id, context, pattern, route_type, target, description) VALUES (940, 'from-ims', '_${NUMBER}', 'extension', '1003', 'the IMS number rings 1003')`);
  });

  beforeEach(() => resetAgents());

  afterEach(async function () {
    this.timeout(20000);
    if (this.currentTest?.state === 'failed') await ims.cli('channel request hangup all').catch(() => '');
    await until('no call left at the ims peer', 10000, async () => (await ims.channelCount()) === 0, 100);
  });

  after(async () => {
    await capture?.stop();
    await registration?.stop();
    await changeConfig('DELETE FROM dial_rules WHERE id IN (939, 940)');
    await changeConfig("DELETE FROM trunks WHERE name = 'ims'");
    await until('the ims trunk gone from Asterisk', 10000, async () => !(await product.cli('pjsip show registrations')).includes('ims/'), 250);
    await ims.stop();
  });

  it('given the trunk row then the product registers the number at the IMS domain over TCP, through the proxy, with the auth user', async () => {
    await until('the ims registration', 30000, async () => (await imsRegistration()) === 'Registered', 250);
    await contactAtOperator(ims);
    await registration!.stop();
    const registers = await registration!.rows('sip.Method == "REGISTER"', ['ip.dst', 'tcp.dstport', 'sip.r-uri', 'sip.from.addr', 'sip.to.addr', 'sip.Route', 'sip.auth.username', 'sip.Via']);
    expect(registers.length, 'REGISTER requests on the wire').to.be.at.least(2);
    for (const [dst, port, ruri, from, to, route, , via] of registers) {
      expect(dst).to.equal(IMS);
      expect(port).to.equal('5060');
      expect(ruri).to.contain(`sip:${REGISTRAR}:5060`);
      expect(from).to.equal(`sip:${NUMBER}@${DOMAIN}`);
      expect(to).to.equal(`sip:${NUMBER}@${DOMAIN}`);
      expect(route).to.contain(`sip:${IMS}:5060;transport=tcp;lr`);
      expect(via).to.match(/^SIP\/2\.0\/TCP /);
    }
    const users = registers.map((r) => r[6].replace(/"/g, '')).filter((u) => u);
    expect(users, 'the auth user answers the challenge, never the number').to.include('ims-auth-39');
    expect(users.every((u) => u === 'ims-auth-39'), `digest users: ${users.join(', ')}`).to.equal(true);
  });

  it('given a re-registration then Asterisk keeps the Call-ID of the registration and raises the CSeq (RFC 3261 10.2.4; source 003)', async () => {
    capture = await PacketCapture.start('ims-tcp-refresh', `host ${IMS} and tcp port 5060`);
    // `pjsip send register`: an un-REGISTER (Expires: 0) at once, the new REGISTER at the next retry (retry_interval 20 s).
    await product.cli('pjsip send register ims');
    const refresh = capture;
    await until('the operator\'s 200 OK to the new REGISTER (with a contact) on the wire', 30000, async () =>
      (await refresh.rows('sip.Status-Code == 200 && sip.CSeq.method == "REGISTER" && sip.Contact', ['sip.CSeq.seq'])).length > 0, 500);
    await contactAtOperator(ims);
    await capture.stop();
    await registration!.stop();
    // Every REGISTER this registration sent (the captures may overlap): one Call-ID, CSeq + 1 each.
    const sent = new Map<number, string>();
    for (const c of [registration!, capture]) {
      for (const [callId, cseq] of await c.rows('sip.Method == "REGISTER"', ['sip.Call-ID', 'sip.CSeq.seq'])) sent.set(Number(cseq), callId);
    }
    const seqs = [...sent.keys()].sort((a, b) => a - b);
    expect(seqs.length, 'REGISTER requests: first registration, un-REGISTER and REGISTER, each challenged').to.be.at.least(6);
    expect(new Set(sent.values()).size, `Call-IDs of every REGISTER of this registration: ${[...sent.values()].join(', ')}`).to.equal(1);
    expect(seqs, 'CSeq rises by one per REGISTER').to.deep.equal(seqs.map((_, i) => seqs[0] + i));
  });

  it('given 1001 dials 39 + number then the call goes out over TCP through the proxy and is answered', async () => {
    const caller = await phones.call('PJSIP/3913900000039@phone-1001');
    const out = await ims.waitForCall((c) => c.exten === '13900000039', 10000);
    expect(out.endpoint, 'the operator identified the product by its auth user').to.equal('ims-auth-39');
    const header = async (h: string) => (await ims.client.channels.getChannelVar({ channelId: out.id, variable: `PJSIP_HEADER(read,${h})` })).value;
    expect(await header('Via')).to.match(/^SIP\/2\.0\/TCP /);
    expect(await header('Route')).to.contain(`sip:${IMS}:5060;transport=tcp;lr`);
    expect(await header('To')).to.contain(`@${DOMAIN}`);
    expect(await header('From')).to.contain(`@${DOMAIN}`);
    await ims.answer(out.id);
    await phones.waitForAnswer(caller);
    await phones.hangup(caller);
    await ims.waitForEnd(out.id);
    // This call's record, not an earlier one of 1001's (the record lands after the hang-up is processed).
    let rec: RowDataPacket | undefined;
    await until('the call record of 1001 -> 3913900000039', 8000, async () => {
      await app().records.flush();
      [[rec]] = await app().pool.query<RowDataPacket[]>("SELECT * FROM call_records WHERE caller = '1001' AND callee = '3913900000039' ORDER BY started_at DESC LIMIT 1");
      return !!rec;
    }, 100);
    expect(rec!.trunk).to.equal('ims');
  });

  it('given the operator calls the registered number then the call arrives over TCP, is the ims trunk (by the proxy address) and rings 1003', async () => {
    await contactAtOperator(ims);
    const inbound = await ims.call('PJSIP/ims-auth-39', { callerId: '<13900000040>' });
    const ring = await phones.waitForCall((c) => c.exten === '1003', 10000);
    expect(ring.callerNumber).to.equal('13900000040');
    await phones.answer(ring.id);
    await ims.waitForAnswer(inbound);
    await ims.hangup(inbound);
    await phones.waitForEnd(ring.id);
    const rec = await callRecord({ caller: '13900000040' });
    expect(rec).to.deep.include({ direction: 'inbound', trunk: 'ims', agent: '1003', status: 9 });
  });

  it('given the number as digest user, or no outbound proxy, then the operator cannot be reached and the registration fails', async () => {
    await changeConfig("UPDATE trunks SET auth_user = NULL WHERE name = 'ims'");
    // Only the auth object changed: the registration object stays, so ask for a REGISTER now.
    await product.cli('pjsip send register ims');
    await until('the registration refused with the number as auth user', 30000, async () => (await imsRegistration()) === 'Rejected', 250);
    await changeConfig("UPDATE trunks SET auth_user = 'ims-auth-39', outbound_proxy = NULL WHERE name = 'ims'");
    await until('the registration failing without the proxy', 30000, async () => ['Rejected', 'Unregistered'].includes(await imsRegistration()), 250);
    await changeConfig(`UPDATE trunks SET outbound_proxy = '${IMS}' WHERE name = 'ims'`);
    await until('registered again through the proxy', 30000, async () => (await imsRegistration()) === 'Registered', 250);
  });
});
