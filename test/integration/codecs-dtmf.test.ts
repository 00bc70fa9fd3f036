/**
 * S5/S6 on the wire: the SDP the product offers to a phone follows the account's configured
 * codec order, and DTMF travels as RFC 4733 telephone-event RTP packets that reach the app.
 */
import { expect } from 'chai';
import { site } from './harness/site';
import { until, deferred } from './harness/wait';
import { PacketCapture } from './harness/packet-capture';

const { phones, product } = site;

async function setCodecs(extension: string, codecs: string, table = 'sip_accounts', key = 'extension'): Promise<void> {
  await product.app.pool.execute(`UPDATE ${table} SET codecs = ? WHERE ${key} = ?`, [codecs, extension]);
  // The app rewrites pjsip_generated.conf and reloads res_pjsip; Asterisk shows the new order.
  const shown = `(${codecs.split(',').join('|')})`;
  await until(`endpoint ${extension} to allow ${shown}`, 10000, async () => (await product.cli(`pjsip show endpoint ${extension}`)).includes(shown), 200);
}

describe('codecs and DTMF on the wire (S5, S6)', () => {
  let capture: PacketCapture | null = null;
  afterEach(async () => {
    await capture?.stop();
    capture = null;
  });
  after(async () => {
    await setCodecs('1003', 'ulaw,alaw');
    await setCodecs('carrier-a', 'ulaw,alaw', 'trunks', 'name');
  });

  it('given carrier-a configured alaw,ulaw when 1001 dials out then the offer to the carrier is alaw, ulaw, telephone-event', async () => {
    await setCodecs('carrier-a', 'alaw,ulaw', 'trunks', 'name');
    capture = await PacketCapture.start('codecs-trunk', 'udp port 5060 and host 127.0.0.2');
    const caller = await phones.call('PJSIP/9057188888888@phone-1001');
    const out = await site.carrierA.waitForCall((c) => c.exten === '057188888888');
    await site.carrierA.answer(out.id);
    await phones.waitForAnswer(caller);
    await phones.hangup(caller);
    await site.carrierA.waitForEnd(out.id);
    await capture.stop();
    // The first INVITE is challenged; the authenticated one carries the same SDP.
    const invites = await capture.rows('sip.Method == "INVITE" && ip.src == 127.0.0.1', ['sdp.media', 'sdp.media_attr']);
    expect(invites.length).to.be.greaterThanOrEqual(1);
    for (const [media, attrs] of invites) {
      const eventPt = /rtpmap:(\d+) telephone-event\/8000/.exec(attrs)?.[1];
      expect(media.split(' ').slice(3)).to.deep.equal(['8', '0', eventPt]);
    }
  });

  it('given 1003 configured gsm,alaw,ulaw,g722 when 1001 calls it then the offer lists them in that order with telephone-event, and a key pressed on 1003 arrives as RFC 4733 events and as ChannelDtmfReceived', async () => {
    await setCodecs('1003', 'gsm,alaw,ulaw,g722');
    capture = await PacketCapture.start('codecs-dtmf', 'udp and host 127.0.0.5');
    const caller = await phones.call('PJSIP/1003@phone-1001');
    const callee = await phones.waitForCall((c) => c.exten === '1003');
    await phones.answer(callee.id);
    await phones.waitForAnswer(caller);

    // The product's leg towards 1003: its DTMF must reach the app as an ARI event.
    const ari = product.app.ari;
    const digit = deferred<string>('ChannelDtmfReceived 5 from 1003', 5000);
    const onDtmf = (e: { type: string; digit: string; channel: { name: string } }) => {
      if (e.type === 'ChannelDtmfReceived' && e.channel.name.startsWith('PJSIP/1003-')) digit.resolve(e.digit);
    };
    ari.on('event', onDtmf);
    try {
      await phones.sendDtmf(callee.id, '5');
      expect(await digit.promise).to.equal('5');
    } finally {
      ari.removeListener('event', onDtmf);
    }
    await phones.hangup(caller);
    await phones.waitForEnd(callee.id);
    await capture.stop();

    // The INVITE to 1003 (product -> phones peer) and its SDP.
    const invites = await capture.rows('sip.Method == "INVITE" && ip.src == 127.0.0.1 && sip.r-uri.user == "1003"', ['sdp.media', 'sdp.media_attr']);
    expect(invites, 'INVITEs from the product to 1003').to.have.length.greaterThanOrEqual(1);
    const [media, attrs] = invites[0];
    const payloadTypes = media.split(' ').slice(3);
    const eventPt = /rtpmap:(\d+) telephone-event\/8000/.exec(attrs)?.[1];
    expect(eventPt, 'telephone-event in the offer').to.be.a('string');
    // gsm 3, alaw 8, ulaw 0, g722 9 (RFC 3551 static types), then telephone-event.
    expect(payloadTypes).to.deep.equal(['3', '8', '0', '9', eventPt]);
    expect(attrs).to.contain('fmtp:' + eventPt + ' 0-16');

    // The phone (ulaw,alaw only) answered in its own order with what it shares, plus telephone-event,
    // and sent digit 5 as RFC 4733 events.
    const answer = await capture.rows('sip.Status-Code == 200 && ip.src == 127.0.0.5 && sdp.media', ['sdp.media']);
    expect(answer[0][0].split(' ').slice(3)).to.deep.equal(['0', '8', eventPt]);
    const events = await capture.rows(`rtp.p_type == ${eventPt} && ip.src == 127.0.0.5`, ['rtpevent.event_id', 'rtpevent.end_of_event'], ['-o', 'rtp.heuristic_rtp:TRUE']);
    expect(events.length, 'RTP event packets from 1003').to.be.greaterThan(0);
    expect(new Set(events.map((r) => r[0]))).to.deep.equal(new Set(['5']));
    expect(events.some((r) => r[1] === '1' || r[1] === 'True'), 'an end-of-event packet').to.equal(true);
  });
});
