import { expect } from 'chai';
import { FloorToday } from '../../src/dashboard/floor-today';
import type { CtiEvent } from '../../src/events/cti-events';

const at = (h: number, m = 0) => new Date(2026, 10, 23, h, m).getTime();
let seq = 0;
const queued = (guid: string, group: string): CtiEvent => ({ seq: ++seq, at: '', type: 'call.queued', guid, group, position: 1 });
const result = (guid: string, status: number, waitSec: number): CtiEvent => ({ seq: ++seq, at: '', type: 'call.result', guid, status, statusText: '', caller: '1', callee: '2', agent: null, group: null, talkSec: 0, waitSec });

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
});
