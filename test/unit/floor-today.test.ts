import { expect } from 'chai';
import { FloorToday, slotOf } from '../../src/dashboard/floor-today';
import type { CtiEvent } from '../../src/events/cti-events';

const at = (h: number, m = 0) => new Date(2026, 10, 23, h, m).getTime();
let seq = 0;
const queued = (guid: string, group: string): CtiEvent => ({ seq: ++seq, at: '', type: 'call.queued', guid, group, position: 1 });
const result = (guid: string, status: number, waitSec: number, group: string | null = null): CtiEvent => ({ seq: ++seq, at: '', type: 'call.result', guid, status, statusText: '', caller: '1', callee: '2', agent: null, group, talkSec: 0, waitSec });

describe('dashboard: today per group (FloorToday)', () => {
  it('given answered, abandoned and other queue calls then offered, answered, abandoned, service level and ASA are counted as defined', () => {
    const t = new FloorToday(20, at(9));
    const calls: [string, number, number][] = [['a', 9, 5], ['b', 9, 20], ['c', 9, 21], ['d', 13, 40], ['e', 8, 12], ['f', 16, 300], ['g', 4, 3], ['h', 17, 0]];
    for (const [guid, status, wait] of calls) {
      t.apply(queued(guid, 'sales'), at(10));
      t.apply(result(guid, status, wait), at(10, 5));
    }
    const g = t.get('sales', at(11));
    expect(g).to.include({ offered: 8, answered: 5, abandoned: 2, answeredWithinSl: 4 });
    expect(g.serviceLevel).to.equal(4 / 8);
    expect(g.asaSec).to.equal((5 + 20 + 21 + 3 + 0) / 5);
  });

  it('given a caller who asked for a callback (20) then it is offered once; the callback reaching the customer (21) answers it with the wait from the caller\'s place; an unanswered attempt (22) counts nowhere', () => {
    const t = new FloorToday(20, at(9));
    t.apply(queued('asker', 'sales'), at(10));
    t.apply(result('asker', 20, 30), at(10, 1));
    expect(t.get('sales', at(10, 2))).to.include({ offered: 1, answered: 0, abandoned: 0 });
    t.apply(result('try-1', 22, 400, 'sales'), at(10, 8));
    expect(t.get('sales', at(10, 9))).to.include({ offered: 1, answered: 0 });
    t.apply(result('try-2', 21, 900, 'sales'), at(10, 20));
    const g = t.get('sales', at(10, 21));
    expect(g).to.include({ offered: 1, answered: 1, abandoned: 0, answeredWithinSl: 0, callbacksAccepted: 1, callbacksConnected: 1 });
    expect(g.asaSec).to.equal(900);
    // Loaded from today's records at start: the same counts.
    const loaded = new FloorToday(20, at(9));
    for (const [status, wait] of [[20, 30], [22, 400], [21, 900]]) loaded.count('sales', status, wait, at(10, 30));
    expect(loaded.get('sales', at(11))).to.include({ offered: 1, answered: 1 });
  });

  it('given a call that never queued or a result without its queued event then nothing is counted', () => {
    const t = new FloorToday(20, at(9));
    t.apply(result('x', 9, 1), at(10));
    expect(t.get('sales', at(10))).to.include({ offered: 0 });
    expect(t.get('sales', at(10)).serviceLevel).to.equal(null);
  });

  it('given a call queued before midnight and ended after then it counts on the new day, and the old day\'s counts are gone', () => {
    const t = new FloorToday(20, at(23));
    t.apply(queued('a', 'sales'), at(23, 10));
    t.apply(result('a', 9, 2), at(23, 20));
    t.apply(queued('b', 'sales'), at(23, 59));
    const nextDay = new Date(2026, 10, 24, 0, 1).getTime();
    t.apply(result('b', 13, 90), nextDay);
    expect(t.get('sales', nextDay)).to.include({ offered: 1, answered: 0, abandoned: 1 });
  });

  it('given seeded counts from the database then new calls add to them', () => {
    const t = new FloorToday(20, at(9));
    t.seed('support', { offered: 3, answered: 2, abandoned: 1, answeredWithinSl: 2, answeredWaitSec: 10 });
    t.count('support', 9, 30);
    expect(t.get('support', at(9))).to.include({ offered: 4, answered: 3, answeredWithinSl: 2 });
  });

  describe('intervals for the charts', () => {
    it('given calls ending at 09:05, 09:20 and 10:59 then 15-minute, 30-minute and hourly intervals from 00:00 to now hold them', () => {
      const t = new FloorToday(20, at(8));
      const calls: [string, number, number, number, number][] = [['a', 9, 5, 9, 5], ['b', 13, 30, 9, 20], ['c', 9, 25, 10, 59]];
      for (const [guid, status, wait, h, m] of calls) {
        t.apply(queued(guid, 'sales'), at(h, m - 1));
        t.apply(result(guid, status, wait), at(h, m));
      }
      const q = t.intervals('sales', 15, at(11, 2));
      expect(q).to.have.length(45); // 00:00 .. 11:00
      expect(q[0].start).to.equal('00:00');
      expect(q[44].start).to.equal('11:00');
      expect(q[36]).to.deep.equal({ start: '09:00', offered: 1, answered: 1, abandoned: 0, answeredWithinSl: 1, serviceLevel: 1, asaSec: 5 });
      expect(q[37]).to.deep.equal({ start: '09:15', offered: 1, answered: 0, abandoned: 1, answeredWithinSl: 0, serviceLevel: 0, asaSec: null });
      expect(q[43]).to.include({ start: '10:45', offered: 1, answered: 1, answeredWithinSl: 0, serviceLevel: 0 });
      expect(q[44]).to.include({ offered: 0, serviceLevel: null, asaSec: null });
      const half = t.intervals('sales', 30, at(11, 2));
      expect(half).to.have.length(23);
      expect(half[18]).to.include({ start: '09:00', offered: 2, answered: 1, abandoned: 1, answeredWithinSl: 1, serviceLevel: 0.5 });
      const hours = t.intervals('sales', 60, at(11, 2));
      expect(hours.map((h) => h.offered)).to.deep.equal([...Array(9).fill(0), 2, 1, 0]);
      // The intervals add up to the day's figures.
      const day = t.get('sales', at(11, 2));
      expect(hours.reduce((n, h) => n + h.offered, 0)).to.equal(day.offered);
      expect(hours.reduce((n, h) => n + h.answeredWithinSl, 0)).to.equal(day.answeredWithinSl);
      expect(t.intervals('support', 60, at(11, 2)).every((h) => h.offered === 0)).to.equal(true);
    });

    it('given calls loaded from the records with their end time then they land in their slots; one from yesterday is left out', () => {
      const t = new FloorToday(20, at(12));
      t.count('sales', 9, 3, at(8, 14));
      t.count('sales', 9, 3, at(8, 15));
      t.count('sales', 9, 3, new Date(2026, 10, 22, 8, 0).getTime());
      const q = t.intervals('sales', 15, at(12));
      expect(q[32].offered).to.equal(1); // 08:00-08:15
      expect(q[33].offered).to.equal(1); // 08:15-08:30
      expect(t.get('sales', at(12)).offered).to.equal(2);
    });

    it('given midnight passes then yesterday\'s intervals are gone', () => {
      const t = new FloorToday(20, at(23));
      t.count('sales', 9, 3, at(23, 50));
      const next = new Date(2026, 10, 24, 0, 20).getTime();
      const q = t.intervals('sales', 15, next);
      expect(q.map((i) => i.start)).to.deep.equal(['00:00', '00:15']);
      expect(q.every((i) => i.offered === 0)).to.equal(true);
    });

    it('given an interval that is not a multiple of 15 minutes dividing the day then it is refused; slots follow the wall clock', () => {
      const t = new FloorToday(20, at(9));
      expect(() => t.intervals('sales', 20, at(9))).to.throw(/multiple of 15/);
      expect(() => t.intervals('sales', 0, at(9))).to.throw();
      expect(slotOf(at(0, 0))).to.equal(0);
      expect(slotOf(at(23, 59))).to.equal(95);
      expect(slotOf(at(10, 14))).to.equal(40);
    });
  });
});
