import { expect } from 'chai';
import { EventBus } from '../../src/events/event-bus';
import type { CtiEventBody } from '../../src/events/cti-events';

const hung = (guid: string): CtiEventBody => ({ type: 'call.hungup', guid, by: 'caller', agent: null });

describe('CTI event bus', () => {
  it('given events then each gets the next sequence number and a timestamp, in order', () => {
    const bus = new EventBus(10, () => Date.UTC(2026, 0, 1));
    const a = bus.publish(hung('a'));
    const b = bus.publish(hung('b'));
    expect([a.seq, b.seq]).to.deep.equal([1, 2]);
    expect(a.at).to.equal('2026-01-01T00:00:00.000Z');
    expect(bus.lastSeq).to.equal(2);
  });

  it('given a client that saw seq N then since(N) replays exactly the later events, with no gap', () => {
    const bus = new EventBus(10);
    for (const g of ['a', 'b', 'c', 'd']) bus.publish(hung(g));
    const r = bus.since(2);
    expect(r.events.map((e) => e.seq)).to.deep.equal([3, 4]);
    expect(r.gap).to.equal(false);
    expect(bus.since(4)).to.deep.equal({ events: [], gap: false });
    expect(bus.since(0).gap).to.equal(false);
  });

  it('given more events than the window holds then since() says there is a gap', () => {
    const bus = new EventBus(3);
    for (let i = 0; i < 5; i++) bus.publish(hung(String(i)));
    const r = bus.since(1);
    expect(r.events.map((e) => e.seq)).to.deep.equal([3, 4, 5]);
    expect(r.gap).to.equal(true);
    expect(bus.since(2).gap).to.equal(false);
  });

  it('given subscribers then each gets every event until it unsubscribes, and a throwing one does not stop the others', () => {
    const bus = new EventBus(10);
    const seen: number[] = [];
    bus.subscribe(() => { throw new Error('broken'); });
    const off = bus.subscribe((e) => seen.push(e.seq));
    bus.publish(hung('a'));
    off();
    bus.publish(hung('b'));
    expect(seen).to.deep.equal([1]);
    expect(bus.subscriberCount).to.equal(1);
  });
});
