/**
 * The UDP plumbing shared by the RADIUS accounting and authentication clients (transport.ts):
 * answers matched to their request by identifier, unawaited codes and bad authenticators
 * ignored, at most 256 requests in flight, close gives up what is still waiting. A real UDP
 * socket on loopback plays the server.
 */
import { expect } from 'chai';
import { createSocket, type Socket } from 'node:dgram';
import pino from 'pino';
import { RadiusTransport, type RadiusExchange } from '../../src/radius/transport';

const log = pino({ level: 'silent' });

/** A toy packet: code, identifier, then the body; "verified" when the answer repeats the request's body. */
function exchange(body: string, codes = [5]): RadiusExchange {
  return {
    encode: (id) => Buffer.concat([Buffer.from([4, id]), Buffer.alloc(18), Buffer.from(body)]),
    codes,
    verify: (answer, request) => answer.subarray(20).equals(request.subarray(20)),
  };
}

describe('RADIUS transport (shared by accounting and authentication)', () => {
  let server: Socket;
  let port: number;
  let answer: (msg: Buffer) => Buffer[] = () => [];
  const seen: Buffer[] = [];

  beforeEach(async () => {
    seen.length = 0;
    answer = () => [];
    server = createSocket('udp4');
    server.on('message', (msg, from) => {
      seen.push(msg);
      for (const a of answer(msg)) server.send(a, from.port, from.address);
    });
    await new Promise<void>((done) => server.bind(0, '127.0.0.1', done));
    port = server.address().port;
  });
  afterEach(() => server.close());

  const transport = (retries = 1, timeoutSec = 0.1) => new RadiusTransport({ server: '127.0.0.1', port, secret: 's', timeoutSec, retries }, log, 'RADIUS test');
  const reply = (msg: Buffer, code: number, body = msg.subarray(20)) => Buffer.concat([Buffer.from([code, msg[1]]), Buffer.alloc(18), body]);

  it('given two requests in flight answered in reverse order then each gets its own answer, by identifier', async () => {
    const held: Buffer[] = [];
    answer = (msg) => {
      held.push(msg);
      return held.length === 2 ? [reply(held[1], 5), reply(held[0], 5)] : [];
    };
    const t = transport(0, 1);
    const [a, b] = await Promise.all([t.exchange(exchange('first')), t.exchange(exchange('second'))]);
    expect(a!.subarray(20).toString()).to.equal('first');
    expect(b!.subarray(20).toString()).to.equal('second');
    expect(seen[0][1]).to.not.equal(seen[1][1]);
    await t.close();
  });

  it('given an answer of a code not awaited, then one that fails verification, then a good one then only the good one counts', async () => {
    answer = (msg) => [reply(msg, 3), reply(msg, 5, Buffer.from('forged')), reply(msg, 5)];
    const t = transport();
    const a = await t.exchange(exchange('x'));
    expect(a![0]).to.equal(5);
    expect(a!.subarray(20).toString()).to.equal('x');
    expect(seen).to.have.length(1);
    await t.close();
  });

  it('given no answer then the same packet is sent retries + 1 times and the answer is null', async () => {
    const t = transport(2);
    expect(await t.exchange(exchange('x'))).to.equal(null);
    expect(seen).to.have.length(3);
    expect(seen[2].equals(seen[0])).to.equal(true);
    await t.close();
  });

  it('given 256 requests in flight then the next is refused at once (null), and close gives up the waiting ones', async () => {
    const t = transport(0, 30);
    const waiting = Array.from({ length: 256 }, () => t.exchange(exchange('x')));
    expect(await t.exchange(exchange('one too many'))).to.equal(null);
    await t.close();
    expect((await Promise.all(waiting)).every((a) => a === null)).to.equal(true);
    expect(await t.exchange(exchange('after close'))).to.equal(null);
  });

  it('given an encode that throws then exchange throws it and nothing is sent', async () => {
    const t = transport();
    const bad: RadiusExchange = { ...exchange('x'), encode: () => { throw new Error('too long'); } };
    let thrown: Error | null = null;
    try { await t.exchange(bad); } catch (err) { thrown = err as Error; }
    expect(thrown?.message).to.equal('too long');
    expect(seen).to.have.length(0);
    await t.close();
  });
});
