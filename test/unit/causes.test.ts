import { expect } from 'chai';
import {
  causeForReason, missForDialStatus, missForOffer, missForReason, offerResultForCause, reasonForCause, reasonForOffer, reasonForRefusal, worstReason,
  type HangupReason,
} from '../../src/calls/outcome/causes';

/** Q.850 cause classes (ITU-T Q.850 table 1) with causes of each that Asterisk reports. */
const CLASSES: Record<string, number[]> = {
  'normal event (0-31)': [1, 2, 3, 6, 16, 17, 18, 19, 20, 21, 22, 26, 27, 28, 29, 31],
  'resource unavailable (32-47)': [34, 38, 41, 42, 43, 44, 47],
  'service or option not available (48-63)': [50, 52, 54, 57, 58, 63],
  'service or option not implemented (64-79)': [65, 66, 69, 79],
  'invalid message (80-95)': [81, 82, 88, 95],
  'protocol error (96-111)': [96, 97, 98, 99, 100, 101, 102, 111],
  'interworking (112-127)': [127],
};

describe('call end causes (one table)', () => {
  describe('Q.850 cause -> hang-up reason (reasonForCause)', () => {
    it('given the causes with a meaning of their own then each has its reason', () => {
      expect([1, 3, 16, 17, 18, 19, 21].map(reasonForCause)).to.deep.equal(['unallocated', 'unallocated', 'normal', 'busy', 'no_answer', 'no_answer', 'rejected']);
    });
    it('given every other cause of every class, and causes outside Q.850, then it is congestion', () => {
      const special = new Set([1, 3, 16, 17, 18, 19, 21]);
      for (const [cls, causes] of Object.entries(CLASSES)) {
        for (const c of causes.filter((n) => !special.has(n))) expect(reasonForCause(c), `${cls}: ${c}`).to.equal('congestion');
      }
      for (let c = 0; c <= 127; c++) if (!special.has(c)) expect(reasonForCause(c), String(c)).to.equal('congestion');
      expect([-1, 128, 1000, Number.NaN].map(reasonForCause)).to.deep.equal(['congestion', 'congestion', 'congestion', 'congestion']);
    });
  });

  describe('Q.850 cause of an unanswered phone -> offer result (offerResultForCause)', () => {
    it('given no answer (18, 19) then no-answer; busy or declined (17, 21) then rejected', () => {
      expect([18, 19].map(offerResultForCause)).to.deep.equal(['no-answer', 'no-answer']);
      expect([17, 21].map(offerResultForCause)).to.deep.equal(['rejected', 'rejected']);
    });
    it('given any other cause of any class (16 included: the phone never took the call) then unreachable', () => {
      expect([1, 3, 16, 20, 27, 31].map(offerResultForCause)).to.deep.equal(['unreachable', 'unreachable', 'unreachable', 'unreachable', 'unreachable', 'unreachable']);
      for (const [cls, causes] of Object.entries(CLASSES).slice(1)) {
        for (const c of causes) expect(offerResultForCause(c), `${cls}: ${c}`).to.equal('unreachable');
      }
    });
  });

  describe('several failed legs (worstReason)', () => {
    it('given busy among them then busy, else no answer, else the first leg\'s reason', () => {
      expect(worstReason([21, 19, 17])).to.equal('busy');
      expect(worstReason([34, 18, 21])).to.equal('no_answer');
      expect(worstReason([21, 34])).to.equal('rejected');
      expect(worstReason([1, 21])).to.equal('unallocated');
      expect(worstReason([16])).to.equal('normal');
      expect(worstReason([])).to.equal('congestion');
    });
  });

  describe('hang-up reason -> Q.850 cause and call-record miss', () => {
    const reasons: HangupReason[] = ['normal', 'busy', 'no_answer', 'congestion', 'rejected', 'unallocated', 'answered_elsewhere', 'timeout'];
    it('given each reason then its Q.850 cause', () => {
      expect(reasons.map(causeForReason)).to.deep.equal([16, 17, 19, 34, 21, 1, 26, 18]);
    });
    it('given each reason then the miss of an unanswered call (the routed call\'s table)', () => {
      expect(reasons.map(missForReason)).to.deep.equal([null, 'rejected', 'timeout', 'unreachable', 'rejected', 'unreachable', null, 'timeout']);
    });
    it('given a cause the table names then its reason sends that cause back', () => {
      for (const c of [1, 16, 17, 19, 21, 34]) expect(causeForReason(reasonForCause(c)), String(c)).to.equal(c);
    });
  });

  describe('offer result -> miss and caller reason', () => {
    it('given how ringing a phone ended then the miss; cancelled or answered leaves none', () => {
      expect((['no-answer', 'rejected', 'unreachable', 'cancelled', 'answered'] as const).map(missForOffer)).to.deep.equal(['timeout', 'rejected', 'unreachable', null, null]);
    });
    it('given a direct call whose phone did not take it then the caller hears no answer, busy or congestion', () => {
      expect((['no-answer', 'rejected', 'unreachable'] as const).map(reasonForOffer)).to.deep.equal(['no_answer', 'busy', 'congestion']);
    });
    it('given a cause then cause -> offer result -> miss agrees with cause -> reason -> miss except for 16', () => {
      for (const c of [1, 3, 17, 18, 19, 21, 34, 38, 58, 102, 127]) {
        expect(missForOffer(offerResultForCause(c)), String(c)).to.equal(missForReason(reasonForCause(c)));
      }
      expect(missForOffer(offerResultForCause(16))).to.equal('unreachable');
      expect(missForReason(reasonForCause(16))).to.equal(null);
    });
  });

  describe('Dial() DIALSTATUS -> miss (FastAGI fallback)', () => {
    it('given each DIALSTATUS then its miss', () => {
      expect(['NOANSWER', 'BUSY', 'CHANUNAVAIL', 'CONGESTION'].map(missForDialStatus)).to.deep.equal(['timeout', 'rejected', 'unreachable', 'unreachable']);
      expect(['ANSWER', 'CANCEL', 'DONTCALL', 'TORTURE', 'INVALIDARGS', 'UNKNOWN', ''].map(missForDialStatus)).to.deep.equal([null, null, null, null, null, null, null]);
    });
  });

  describe('routing refusal -> reason and cause', () => {
    it('given each refusal then the reason the caller hears and the cause the fallback sends', () => {
      const table: [string, HangupReason, number][] = [
        ['no-trunk-available', 'congestion', 34], ['routing-loop', 'congestion', 34], ['outbound-limit', 'congestion', 34],
        ['rule-rejects', 'rejected', 21], ['class-of-service', 'rejected', 21], ['not-whitelisted', 'rejected', 21],
        ['malformed-number', 'unallocated', 1], ['no-route', 'unallocated', 1], ['unknown-extension', 'unallocated', 1],
        ['unknown-group', 'unallocated', 1], ['unknown-flow', 'unallocated', 1], ['unknown-trunk', 'unallocated', 1], ['something-new', 'unallocated', 1],
      ];
      for (const [refusal, reason, cause] of table) {
        expect(reasonForRefusal(refusal), refusal).to.equal(reason);
        expect(causeForReason(reasonForRefusal(refusal)), refusal).to.equal(cause);
      }
    });
  });
});
