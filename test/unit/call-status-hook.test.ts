import { expect } from 'chai';
import { callStatus, CallStatus, type CallFacts, type Direction, type HungUpBy, type MissReason } from '../../src/records/status';

const directions: Direction[] = ['inbound', 'outbound', 'internal'];
const parties: HungUpBy[] = ['caller', 'agent', 'callee', 'system'];
const misses: MissReason[] = ['timeout', 'unreachable', 'rejected', null];
const bools = [false, true];
const callbacks: CallFacts['callback'][] = [null, 'requested', 'attempt'];

describe('call record statuses 5 and 11 (issue 20): analog hook states, never produced (docs/CALL-RECORDS.md)', () => {
  it('given every combination of call facts then callStatus is never 5 (waiting for on-hook) nor 11 (off-hook, no dial)', () => {
    const seen = new Set<number>();
    for (const direction of directions) for (const hungUpBy of parties) for (const miss of misses) for (const callback of callbacks)
      for (const answered of bools) for (const queued of bools) for (const ringingAtEnd of bools) for (const voicemail of bools) for (const transferred of bools) for (const retrieved of bools) {
        seen.add(callStatus({ direction, hungUpBy, miss, callback, answered, queued, ringingAtEnd, voicemail, transferred, retrieved }));
      }
    expect(seen.has(CallStatus.WAITING_ON_HOOK)).to.equal(false);
    expect(seen.has(CallStatus.OFF_HOOK_NO_DIAL)).to.equal(false);
    // The walk reaches every other code of the source's table: it is not vacuous.
    expect([...seen].sort((a, b) => a - b)).to.deep.equal([1, 2, 3, 4, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16, 17, 20, 21, 22]);
  });
});
