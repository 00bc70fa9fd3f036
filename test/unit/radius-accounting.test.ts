import { expect } from 'chai';
import { createSocket, type Socket } from 'node:dgram';
import * as radius from 'radius';
import pino from 'pino';
import { startAttributes, stopAttributes, DIGIUM_VENDOR, type RadiusAttribute } from '../../src/radius/accounting-attributes';
import { CallAccounting } from '../../src/radius/call-accounting';
import { RadiusAccountingClient } from '../../src/radius/accounting-client';
import type { CtiEvent } from '../../src/events/cti-events';
import type { CallRecord } from '../../src/db/call-record-repository';

const log = pino({ level: 'silent' });
const guid = '0b9a7c1e-1111-4222-8333-944455556666';
const answeredAt = new Date('2026-12-07T04:15:24.400Z');
const call = { guid, caller: '1001', callee: '1003', answeredAt };

/** The packet as a server decodes it (authenticator checked), with the Digium attributes by id. */
function decoded(attributes: RadiusAttribute[], secret = 's3cret') {
  const packet = radius.encode({ code: 'Accounting-Request', identifier: 7, secret, attributes: [...attributes, ['NAS-IP-Address', '127.0.0.1']] });
  const d = radius.decode({ packet, secret });
  const digium = new Map<number, Buffer>();
  for (const [type, value] of d.raw_attributes as [number, Buffer][]) {
    if (type === 26 && value.readUInt32BE(0) === DIGIUM_VENDOR) digium.set(value[4], value.subarray(6, value[5] + 4));
  }
  return { a: d.attributes as Record<string, unknown>, digium };
}

describe('RADIUS accounting of calls: Start and Stop per call (S9)', () => {
  it('given an answered call then the Start names the session by the GUID, with caller, callee and the answer time', () => {
    const { a, digium } = decoded(startAttributes(call));
    expect(a['Acct-Status-Type']).to.equal('Start');
    expect(a['Acct-Session-Id']).to.equal(guid);
    expect(a['User-Name']).to.equal('1001');
    expect(a['Calling-Station-Id']).to.equal('1001');
    expect(a['Called-Station-Id']).to.equal('1003');
    expect((a['Event-Timestamp'] as Date).getTime()).to.equal(Math.floor(answeredAt.getTime() / 1000) * 1000);
    expect(a['Acct-Session-Time']).to.equal(undefined);
    expect(digium.get(118)!.toString()).to.equal(guid);
    expect(digium.get(111)!.toString()).to.equal('2026-12-07 04:15:24 +0000');
  });

  it('given the call ended then the Stop has the same session keys and the talk time, total duration and end', () => {
    const ended = { ...call, startedAt: new Date('2026-12-07T04:15:20Z'), endedAt: new Date('2026-12-07T04:15:31Z'), talkSec: 6.6, hangupBy: 'callee' as const };
    const { a, digium } = decoded(stopAttributes(ended));
    expect(a['Acct-Status-Type']).to.equal('Stop');
    expect([a['Acct-Session-Id'], a['User-Name'], a['Calling-Station-Id'], a['Called-Station-Id']]).to.deep.equal([guid, '1001', '1001', '1003']);
    expect(a['Acct-Session-Time']).to.equal(7);
    expect(a['Acct-Terminate-Cause']).to.equal('User-Request');
    expect(digium.get(113)!.readUInt32BE(0)).to.equal(11); // Asterisk-Duration: start to end
    expect(digium.get(114)!.readUInt32BE(0)).to.equal(7); // Asterisk-Bill-Sec: answer to end
    expect(digium.get(102)!.toString()).to.equal('1001');
    expect(digium.get(103)!.toString()).to.equal('1003');
    expect(digium.get(112)!.toString()).to.equal('2026-12-07 04:15:31 +0000');
    expect(decoded(stopAttributes({ ...ended, hangupBy: 'system' })).a['Acct-Terminate-Cause']).to.equal('NAS-Request');
  });

  it('given an anonymous caller then no empty attribute is sent and User-Name is still there', () => {
    const attrs = startAttributes({ ...call, caller: '' });
    const { a, digium } = decoded(attrs);
    expect(a['User-Name']).to.equal('anonymous');
    expect(a['Calling-Station-Id']).to.equal(undefined);
    expect(digium.has(102)).to.equal(false);
  });

  describe('which calls open and close a session', () => {
    const sent: RadiusAttribute[][] = [];
    const sender = { send: async (a: RadiusAttribute[]) => { sent.push(a); return true; }, close: async () => undefined };
    const status = (attrs: RadiusAttribute[]) => attrs.find((x) => x[0] === 'Acct-Status-Type')![1];
    const answered = (g: string): CtiEvent => ({ seq: 1, at: answeredAt.toISOString(), type: 'call.answered', guid: g, agent: '1003', caller: '1001', callee: '1003' });
    const record = (g: string, answered: string | null): CallRecord => ({
      guid: g, direction: 'internal', caller: '1001', callee: '1003', flow: null, group: null, agent: null, status: 15,
      startedAt: '2026-12-07T04:15:20Z', queuedAt: null, answeredAt: answered, endedAt: '2026-12-07T04:15:31Z',
      ringSec: 0, waitSec: 0, talkSec: answered ? 6 : 0, hangupBy: 'caller', endReason: 'normal', surveyScore: null, recording: null,
    });
    beforeEach(() => { sent.length = 0; });

    it('given a call answered twice (a transfer) then one Start, and its record gives one Stop', () => {
      const acc = new CallAccounting(sender, log);
      acc.onEvent(answered('g1'));
      acc.onEvent(answered('g1'));
      acc.onRecord(record('g1', answeredAt.toISOString()));
      expect(sent.map(status)).to.deep.equal(['Start', 'Stop']);
    });

    it('given a call nobody answered then no session at all', () => {
      const acc = new CallAccounting(sender, log);
      acc.onEvent({ seq: 2, at: answeredAt.toISOString(), type: 'call.hungup', guid: 'g2', by: 'caller', agent: null });
      acc.onRecord(record('g2', null));
      expect(sent).to.have.length(0);
    });

    it('given a call taken over after a restart (no Start seen) then its record still gives the Stop', () => {
      const acc = new CallAccounting(sender, log);
      acc.onRecord(record('g3', answeredAt.toISOString()));
      expect(sent.map(status)).to.deep.equal(['Stop']);
    });
  });

  describe('the UDP client', () => {
    let server: Socket;
    let port: number;
    const secret = 'udp-secret';
    let requests: Buffer[] = [];
    let answerFrom = 1;
    let answerSecret = secret;

    beforeEach(async () => {
      requests = [];
      answerFrom = 1;
      answerSecret = secret;
      server = createSocket('udp4');
      server.on('message', (msg, from) => {
        requests.push(msg);
        if (requests.length < answerFrom) return;
        const packet = radius.decode({ packet: msg, secret });
        server.send(radius.encode_response({ packet, code: 'Accounting-Response', secret: answerSecret }), from.port, from.address);
      });
      await new Promise<void>((done) => server.bind(0, '127.0.0.1', done));
      port = server.address().port;
    });
    afterEach(() => server.close());

    const client = (retries: number) => new RadiusAccountingClient({ server: '127.0.0.1', acctPort: port, secret, timeoutSec: 0.1, retries }, log);

    it('given a server that answers then the request is acknowledged and carries NAS-IP-Address', async () => {
      const c = client(1);
      expect(await c.send(startAttributes(call))).to.equal(true);
      await c.close();
      const d = radius.decode({ packet: requests[0], secret });
      expect(d.attributes['NAS-IP-Address']).to.equal('127.0.0.1');
      expect(d.attributes['Acct-Session-Id']).to.equal(guid);
    });

    it('given a lost first request then the same packet is sent again and acknowledged', async () => {
      answerFrom = 2;
      const c = client(2);
      expect(await c.send(startAttributes(call))).to.equal(true);
      await c.close();
      expect(requests).to.have.length(2);
      expect(requests[1].equals(requests[0])).to.equal(true);
    });

    it('given answers signed with another secret then they are ignored and the client gives up after its retries', async () => {
      answerSecret = 'not-the-secret';
      const c = client(2);
      expect(await c.send(startAttributes(call))).to.equal(false);
      await c.close();
      expect(requests).to.have.length(3);
    });
  });
});
