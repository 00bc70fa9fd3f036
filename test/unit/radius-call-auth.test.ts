import { expect } from 'chai';
import { createSocket, type Socket } from 'node:dgram';
import * as radius from 'radius';
import pino from 'pino';
import { accessRequestAttributes, decide, needsAuthorization, startCallAuthorization } from '../../src/radius/call-authorization';
import { RadiusAuthClient } from '../../src/radius/auth-client';
import type { SipAccount } from '../../src/domain';

const log = pino({ level: 'silent' });
const guid = '0b9a7c1e-1111-4222-8333-944455556666';
const call = { guid, caller: '1001', dialled: '9057188888888', outside: true };
const account = { extension: '1001', password: 'secret1001' } as SipAccount;

describe('RADIUS authentication of accounts\' calls (issue 20)', () => {
  it('given the mode then outside calls, all calls or none are authenticated', () => {
    expect(needsAuthorization('off', { outside: true })).to.equal(false);
    expect(needsAuthorization('outside', { outside: true })).to.equal(true);
    expect(needsAuthorization('outside', { outside: false })).to.equal(false);
    expect(needsAuthorization('all', { outside: false })).to.equal(true);
    expect(startCallAuthorization({ authorizeCalls: 'off', authOnNoAnswer: 'refuse', server: '127.0.0.1', authPort: 1812, secret: 's', timeoutSec: 1, retries: 0 }, log)).to.equal(null);
  });

  it('given an account then the Access-Request names it, hides its password with the secret and carries the numbers and the call GUID', () => {
    const packet = radius.encode({ code: 'Access-Request', identifier: 1, secret: 's3cret', attributes: accessRequestAttributes(account, call) });
    const a = radius.decode({ packet, secret: 's3cret' }).attributes as Record<string, unknown>;
    expect(a).to.deep.include({ 'User-Name': '1001', 'User-Password': 'secret1001', 'Calling-Station-Id': '1001', 'Called-Station-Id': '9057188888888', 'Acct-Session-Id': guid });
    expect(packet.includes(Buffer.from('secret1001')), 'the password is not on the wire in clear').to.equal(false);
    const ipOnly = accessRequestAttributes({ extension: '1005', password: null }, call).map(([name]) => name);
    expect(ipOnly).to.not.include('User-Password');
  });

  it('given the answer then accept lets the call through, reject refuses it, no answer follows the setting', () => {
    expect(decide('accept', 'refuse')).to.deep.include({ allow: true, reason: null });
    expect(decide('reject', 'allow')).to.deep.include({ allow: false, reason: 'radius-reject' });
    expect(decide('no-answer', 'refuse')).to.deep.include({ allow: false, reason: 'radius-no-answer' });
    expect(decide('no-answer', 'allow')).to.deep.include({ allow: true, reason: null });
  });

  describe('the UDP client', () => {
    let server: Socket;
    let port: number;
    const secret = 'udp-secret';
    let requests: Buffer[] = [];
    let answer: 'Access-Accept' | 'Access-Reject' | null = 'Access-Accept';
    let answerSecret = secret;

    beforeEach(async () => {
      requests = [];
      answer = 'Access-Accept';
      answerSecret = secret;
      server = createSocket('udp4');
      server.on('message', (msg, from) => {
        requests.push(msg);
        if (!answer) return;
        const packet = radius.decode({ packet: msg, secret });
        server.send(radius.encode_response({ packet, code: answer, secret: answerSecret }), from.port, from.address);
      });
      await new Promise<void>((done) => server.bind(0, '127.0.0.1', done));
      port = server.address().port;
    });
    afterEach(() => server.close());

    const client = (retries: number) => new RadiusAuthClient({ server: '127.0.0.1', authPort: port, secret, timeoutSec: 0.1, retries }, log);

    it('given an Access-Accept then accept; the request carries a Message-Authenticator and NAS-IP-Address', async () => {
      const c = client(1);
      expect(await c.request(accessRequestAttributes(account, call))).to.equal('accept');
      await c.close();
      const d = radius.decode({ packet: requests[0], secret });
      expect(d.attributes['NAS-IP-Address']).to.equal('127.0.0.1');
      expect(d.attributes['Message-Authenticator']).to.be.instanceOf(Buffer);
    });

    it('given an answer without Message-Authenticator (FreeRADIUS before 3.2.5) then its Response Authenticator decides', async () => {
      server.removeAllListeners('message');
      server.on('message', (msg, from) => {
        requests.push(msg);
        const packet = radius.decode({ packet: msg, secret }) as unknown as { identifier: number; authenticator: Buffer };
        // The package's types omit `authenticator` (the request's, for the Response Authenticator).
        const args = { code: 'Access-Accept', identifier: packet.identifier, authenticator: packet.authenticator, secret: answerSecret, attributes: [], add_message_authenticator: false };
        const reply = radius.encode(args as Parameters<typeof radius.encode>[0]);
        server.send(reply, from.port, from.address);
      });
      const c = client(1);
      expect(await c.request(accessRequestAttributes(account, call))).to.equal('accept');
      answerSecret = 'not-the-secret';
      expect(await c.request(accessRequestAttributes(account, call))).to.equal('no-answer');
      await c.close();
    });

    it('given an Access-Reject then reject', async () => {
      answer = 'Access-Reject';
      const c = client(1);
      expect(await c.request(accessRequestAttributes(account, call))).to.equal('reject');
      await c.close();
    });

    it('given no answer, or answers signed with another secret, then no-answer after the retries', async () => {
      answer = null;
      const c = client(2);
      expect(await c.request(accessRequestAttributes(account, call))).to.equal('no-answer');
      expect(requests).to.have.length(3);
      expect(requests[2].equals(requests[0]), 'retransmitted unchanged').to.equal(true);
      answer = 'Access-Accept';
      answerSecret = 'not-the-secret';
      expect(await c.request(accessRequestAttributes(account, call))).to.equal('no-answer');
      await c.close();
    });
  });
});
