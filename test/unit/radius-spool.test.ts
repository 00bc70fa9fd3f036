import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startAttributes, stopAttributes, type RadiusAttribute } from '../../src/radius/accounting-attributes';
import { attributesToSend, DurableAccountingSender, loadAttributes, RadiusRecordRefused, storeAttributes } from '../../src/radius/accounting-spool';

const log = pino({ level: 'silent' });
const call = { guid: '0b6c3f0e-4a51-4c1e-9a57-1c4f2f7d8e01', caller: '1001', callee: '1003', answeredAt: new Date('2026-12-07T04:15:24.400Z') };
const start = startAttributes(call);
const stop = stopAttributes({ ...call, startedAt: new Date('2026-12-07T04:15:20Z'), endedAt: new Date('2026-12-07T04:15:31Z'), talkSec: 6.6, hangupBy: 'callee' });
const kind = (attrs: RadiusAttribute[]) => attrs.find((a) => a[0] === 'Acct-Status-Type')?.[1];

/** A RADIUS server that answers or not, as the test says. */
class FakeTransport {
  up = false;
  refuse = false;
  sent: RadiusAttribute[][] = [];
  async send(attrs: RadiusAttribute[]): Promise<boolean> {
    if (this.refuse) throw new RadiusRecordRefused('value too long');
    if (!this.up) return false;
    this.sent.push(attrs);
    return true;
  }
  async close(): Promise<void> {}
}

describe('RADIUS accounting spool (issue 16)', () => {
  const spool = () => join(mkdtempSync(join(tmpdir(), 'radius-')), 'radius-accounting.jsonl');

  it('given the attributes of a Stop then they come back unchanged from a JSON line, Digium bytes and dates included', () => {
    const back = loadAttributes(JSON.parse(JSON.stringify(storeAttributes(stop))));
    expect(back).to.deep.equal(stop);
  });

  it('given a record made 42.9 s ago then it is sent with Acct-Delay-Time 42', () => {
    const at = Date.parse('2026-12-07T04:15:00Z');
    const sent = attributesToSend({ session: call.guid, kind: 'Start', at, attributes: storeAttributes(start) }, at + 42900);
    expect(sent.at(-1)).to.deep.equal(['Acct-Delay-Time', 42]);
    expect(sent.slice(0, -1)).to.deep.equal(start);
  });

  it('given the server does not answer then Start and Stop wait on disk and are sent once each, in order, when it answers', async () => {
    const file = spool();
    const server = new FakeTransport();
    const sender = new DurableAccountingSender(server, file, log, 60000);
    expect(await sender.send(start)).to.equal(true);
    expect(await sender.send(stop)).to.equal(true);
    expect(readFileSync(file, 'utf8').trim().split('\n'), 'both on disk').to.have.length(2);
    server.up = true;
    sender.start(); // replays at once
    await sender.flush();
    expect(server.sent.map(kind)).to.deep.equal(['Start', 'Stop']);
    expect(existsSync(file)).to.equal(false);
    await sender.send(stop);
    expect(server.sent.map(kind), 'a new record goes straight out').to.deep.equal(['Start', 'Stop', 'Stop']);
    await sender.close();
  });

  it('given a record the server cannot be sent at all then it is set aside with the reason and the next one goes on', async () => {
    const file = spool();
    const server = new FakeTransport();
    server.up = true;
    server.refuse = true;
    const sender = new DurableAccountingSender(server, file, log, 60000);
    await sender.send(start);
    server.refuse = false;
    await sender.send(stop);
    expect(server.sent.map(kind)).to.deep.equal(['Stop']);
    const aside = readFileSync(`${file}.rejected`, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { item: { kind: string }; reason: string });
    expect(aside).to.have.length(1);
    expect(aside[0].item.kind).to.equal('Start');
    expect(aside[0].reason).to.equal('value too long');
    expect(existsSync(file), 'nothing left to retry').to.equal(false);
    await sender.close();
  });
});
