/**
 * S8: an H.323 gateway as a trunk. A second Asterisk with chan_ooh323 on 127.0.0.6 plays the
 * gateway (the source's Huawei 8010). Calls both ways, audio both ways, keys both ways (H.245
 * UserInputIndication), and the message mapping the source states, read from a loopback capture:
 *   Setup <-> INVITE, Call Proceeding <-> 100 Trying, Alerting <-> 180 Ringing,
 *   Connect <-> 200 OK, Release Complete <-> BYE.
 */
import { expect } from 'chai';
import { site } from './harness/site';
import { deferred, until } from './harness/wait';
import { Peer } from './harness/peer';
import { PacketCapture } from './harness/packet-capture';
import { LOUDNESS_HEARD, levelHeard, silence, speak } from './harness/audio';

const { phones, product } = site;
const GW = '127.0.0.6';

/** One signalling message from the capture, in capture order. */
interface Msg { t: number; src: string; dst: string; what: string }

const H323_AND_PHONES = `tcp port 1720 or (udp port 5060 and host 127.0.0.5)`;

const Q931: Record<string, string> = { '0x01': 'Alerting', '0x02': 'Call Proceeding', '0x05': 'Setup', '0x07': 'Connect', '0x5a': 'Release Complete', '0x03': 'Progress', '0x62': 'Facility' };

async function signalling(capture: PacketCapture): Promise<Msg[]> {
  const h323 = (await capture.rows('q931.message_type', ['frame.time_relative', 'ip.src', 'ip.dst', 'q931.message_type']))
    .flatMap(([t, src, dst, types]) => types.split('|').map((m) => ({ t: Number(t), src, dst, what: Q931[m] ?? `q931 ${m}` })));
  const sip = (await capture.rows('sip', ['frame.time_relative', 'ip.src', 'ip.dst', 'sip.Method', 'sip.Status-Code', 'sip.CSeq.method']))
    .map(([t, src, dst, method, status, cseq]) => ({ t: Number(t), src, dst, what: method ? method : `${status} (${cseq})` }));
  return [...h323, ...sip].sort((a, b) => a.t - b.t);
}

function first(msgs: Msg[], what: string, src: string, dst: string): Msg {
  const m = msgs.find((x) => x.what === what && x.src === src && x.dst === dst);
  if (!m) throw new Error(`no ${what} from ${src} to ${dst} in:\n${msgs.map((x) => `${x.t.toFixed(3)} ${x.src} -> ${x.dst} ${x.what}`).join('\n')}`);
  return m;
}

/** The last `what` from src to dst before `before` (the authenticated INVITE, not the challenged one). */
function last(msgs: Msg[], what: string, src: string, dst: string, before: Msg): Msg {
  const m = msgs.filter((x) => x.what === what && x.src === src && x.dst === dst && x.t <= before.t).pop();
  if (!m) throw new Error(`no ${what} from ${src} to ${dst} before ${before.what}`);
  return m;
}

/** The exchange as docs/INTEROP.md shows it (kept in the test output for a failing run). */
function summary(title: string, msgs: Msg[]): void {
  const lines = msgs.filter((x) => x.what !== 'OPTIONS' && !x.what.includes('(OPTIONS)') && x.what !== 'Facility')
    .map((x) => `      ${x.t.toFixed(3)}  ${x.src.padEnd(9)} -> ${x.dst.padEnd(9)}  ${x.what}`);
  process.stdout.write(`    ${title}:\n${lines.join('\n')}\n`);
}

describe('H.323 gateway as a trunk (S8)', () => {
  const { root, ariUser, ariPassword } = product.config.asterisk;
  const gw = new Peer('h323gw', GW, 4, root, { user: ariUser, password: ariPassword });
  let capture: PacketCapture | null = null;
  const sql = (q: string) => product.app.pool.query(q);

  before(async function () {
    this.timeout(60000);
    await gw.start();
    await sql(`INSERT INTO trunks (name, technology, host, port, inbound_context, caller_id_mode, caller_id_number, codecs)
      VALUES ('h323gw', 'ooh323', '${GW}', 1720, 'from-carrier', 'trunk', '02566668888', 'ulaw,alaw')`);
    await sql("INSERT INTO dial_rules (id, context, pattern, route_type, target, description) VALUES (900, 'agents', '_7X.', 'trunk', 'h323gw', '7 + number: H.323 gateway')");
    await sql("INSERT INTO number_transforms (dial_rule_id, seq, op, start_pos, length, text) VALUES (900, 1, 'delete', 0, 1, '')");
    await sql("INSERT INTO dial_rules (id, context, pattern, route_type, target, description) VALUES (901, 'from-carrier', '02566660001', 'extension', '1004', 'DID to agent 1004')");
    // The app writes ooh323_generated.conf and reloads chan_ooh323.
    await until('the product to know the gateway peer', 15000, async () => (await product.cli('ooh323 show peers')).includes('h323gw'), 250);
  });

  afterEach(async () => {
    await capture?.stop();
    capture = null;
  });

  after(async function () {
    this.timeout(30000);
    await sql('DELETE FROM dial_rules WHERE id IN (900, 901)');
    await sql("DELETE FROM trunks WHERE name = 'h323gw'");
    await gw.stop();
  });

  it('given 1001 dials 7 + number then the gateway gets Setup, rings, answers, and the phone hanging up releases the H.323 call; each SIP message follows its H.323 counterpart', async () => {
    capture = await PacketCapture.start('h323-out', H323_AND_PHONES);
    const caller = await phones.call('PJSIP/7057188888888@phone-1001');
    const out = await gw.waitForCall((c) => c.exten === '057188888888', 10000);
    expect(out.callerNumber, 'the trunk\'s number is presented').to.equal('02566668888');
    await gw.client.channels.ring({ channelId: out.id });
    await gw.answer(out.id);
    await phones.waitForAnswer(caller, 10000);
    await phones.hangup(caller);
    await gw.waitForEnd(out.id, 10000);
    await capture.stop();

    const m = await signalling(capture);
    summary('SIP phone -> H.323 gateway', m);
    const [PHONE, PRODUCT] = ['127.0.0.5', '127.0.0.1'];
    // Setup <-> INVITE: the phone's (authenticated) INVITE causes the Setup.
    expect(last(m, 'INVITE', PHONE, PRODUCT, first(m, 'Setup', PRODUCT, GW)).t).to.be.below(first(m, 'Setup', PRODUCT, GW).t);
    // Call Proceeding <-> 100 Trying: both sides acknowledge the attempt.
    first(m, 'Call Proceeding', GW, PRODUCT);
    first(m, '100 (INVITE)', PRODUCT, PHONE);
    // Alerting -> 180 Ringing, Connect -> 200 OK, BYE -> Release Complete.
    expect(first(m, 'Alerting', GW, PRODUCT).t).to.be.below(first(m, '180 (INVITE)', PRODUCT, PHONE).t);
    expect(first(m, 'Connect', GW, PRODUCT).t).to.be.below(first(m, '200 (INVITE)', PRODUCT, PHONE).t);
    expect(first(m, 'BYE', PHONE, PRODUCT).t).to.be.below(first(m, 'Release Complete', PRODUCT, GW).t);
  });

  /** 1001 dials 7 + number through the gateway, which answers. */
  async function answeredCallToGateway(): Promise<{ caller: string; out: { id: string } }> {
    const caller = await phones.call('PJSIP/7057188888888@phone-1001');
    const out = await gw.waitForCall((c) => c.exten === '057188888888', 10000);
    await gw.answer(out.id);
    await phones.waitForAnswer(caller, 10000);
    return { caller, out };
  }

  it('given 1001 talks to the gateway then each side hears the other (RTP both ways through chan_ooh323)', async function () {
    this.timeout(30000);
    const { caller, out } = await answeredCallToGateway();
    try {
      const fromPhone = await speak(phones, caller);
      expect(await levelHeard(gw, out.id), 'the gateway hears the phone').to.be.above(LOUDNESS_HEARD);
      await silence(phones, fromPhone);
      const fromGateway = await speak(gw, out.id);
      expect(await levelHeard(phones, caller), 'the phone hears the gateway').to.be.above(LOUDNESS_HEARD);
      await silence(gw, fromGateway);
    } finally {
      await phones.hangup(caller);
      await gw.waitForEnd(out.id, 10000);
    }
  });

  it('given a key pressed on either side of a call through the gateway then the other side receives it (H.245 UserInputIndication on H.323, RFC 4733 on SIP)', async function () {
    this.timeout(30000);
    const { caller, out } = await answeredCallToGateway();
    // The product's events come from its AriLink ('event', every type); a peer's from its ari-client (per type).
    const dtmf = (emitter: NodeJS.EventEmitter, what: string, channel: (name: string) => boolean, eventName = 'ChannelDtmfReceived') => {
      const got = deferred<string>(what, 5000);
      const on = (e: { type?: string; digit: string; channel: { name: string } }) => {
        if ((e.type ?? 'ChannelDtmfReceived') === 'ChannelDtmfReceived' && channel(e.channel.name)) got.resolve(e.digit);
      };
      emitter.on(eventName, on);
      return got.promise.finally(() => emitter.removeListener(eventName, on));
    };
    try {
      // Gateway -> product: what an IVR menu needs from a caller behind the gateway.
      const atProduct = dtmf(product.app.ari, 'the product\'s OOH323 channel to receive 5', (n) => n.startsWith('OOH323/'), 'event');
      await gw.sendDtmf(out.id, '5');
      expect(await atProduct).to.equal('5');
      // Phone -> gateway, through the bridge.
      const atGateway = dtmf(gw.client as unknown as NodeJS.EventEmitter, 'the gateway to receive 7', (n) => n.startsWith('OOH323/'));
      await phones.sendDtmf(caller, '7');
      expect(await atGateway).to.equal('7');
    } finally {
      await phones.hangup(caller);
      await gw.waitForEnd(out.id, 10000);
    }
  });

  it('given an H.323 caller on 127.0.0.9 claims the gateway\'s name (H.323 ID and display name h323gw) then the call is refused and 1004 never rings (issue 16, 3.1)', async function () {
    this.timeout(60000);
    const spoof = new Peer('h323spoof', '127.0.0.9', 5, root, { user: ariUser, password: ariPassword });
    await spoof.start();
    try {
      const caller = await spoof.call('OOH323/02566660001@product', { callerId: '"h323gw" <13800000009>' });
      const rang = await phones.waitForCall((c) => c.exten === '1004', 6000).then(async (c) => { await phones.hangup(c.id); return true; }, () => false);
      expect(rang, '1004 rang for a caller that only claimed the gateway\'s name').to.equal(false);
      const cause = await spoof.waitForEnd(caller, 10000);
      expect(cause, 'refused, not answered').to.not.equal(16);
    } finally {
      await spoof.stop();
    }
  });

  it('given the gateway calls a DID routed to 1004 then 1004 rings showing the caller, answers, and the gateway hanging up ends the SIP call; each H.323 message follows its SIP counterpart', async () => {
    capture = await PacketCapture.start('h323-in', H323_AND_PHONES);
    const caller = await gw.call('OOH323/02566660001@product', { callerId: '"Customer" <13800000001>' });
    const callee = await phones.waitForCall((c) => c.exten === '1004', 10000);
    expect(callee.callerNumber, 'the caller\'s number passes through').to.equal('13800000001');
    await phones.client.channels.ring({ channelId: callee.id });
    await phones.answer(callee.id);
    await gw.waitForAnswer(caller, 10000);
    await gw.hangup(caller);
    await phones.waitForEnd(callee.id, 10000);
    await capture.stop();

    const m = await signalling(capture);
    summary('H.323 gateway -> SIP agent', m);
    const [PHONE, PRODUCT] = ['127.0.0.5', '127.0.0.1'];
    expect(first(m, 'Setup', GW, PRODUCT).t).to.be.below(first(m, 'INVITE', PRODUCT, PHONE).t);
    first(m, 'Call Proceeding', PRODUCT, GW);
    first(m, '100 (INVITE)', PHONE, PRODUCT);
    expect(first(m, '180 (INVITE)', PHONE, PRODUCT).t).to.be.below(first(m, 'Alerting', PRODUCT, GW).t);
    expect(first(m, '200 (INVITE)', PHONE, PRODUCT).t).to.be.below(first(m, 'Connect', PRODUCT, GW).t);
    expect(first(m, 'Release Complete', GW, PRODUCT).t).to.be.below(first(m, 'BYE', PRODUCT, PHONE).t);
  });
});
