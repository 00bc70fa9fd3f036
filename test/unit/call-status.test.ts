import { expect } from 'chai';
import { callStatus, CallStatus, type CallFacts, type Direction, type HungUpBy, type MissReason } from '../../src/records/status';

/** A call that nobody answered, ended by the system, with nothing else known. */
const facts = (over: Partial<CallFacts>): CallFacts => ({ direction: 'inbound', answered: false, hungUpBy: 'system', queued: false, ringingAtEnd: false, voicemail: false, miss: null, ...over });

const directions: Direction[] = ['inbound', 'outbound', 'internal'];
const parties: HungUpBy[] = ['caller', 'agent', 'callee', 'system'];
const misses: MissReason[] = ['timeout', 'unreachable', 'rejected', null];

describe('call record status (callStatus)', () => {
  it('given the status table then the codes are those of the source sp_tellrec table', () => {
    expect(CallStatus).to.deep.equal({
      RING_TIMEOUT: 1, AGENT_UNREACHABLE: 2, REJECTED: 3, TRANSFERRED: 4, WAITING_ON_HOOK: 5, OUTBOUND_TALK: 6, IVR_ONLY: 7, TRANSFER_RINGING: 8,
      AGENT_ANSWERED: 9, CALL_PLACED: 10, OFF_HOOK_NO_DIAL: 11, CALL_FAILED: 12, ABANDONED_IN_QUEUE: 13, HUNG_UP_WHILE_DIALLING: 14, INTERNAL_CALL: 15, VOICEMAIL: 16, RETRIEVED: 17,
      CALLBACK_REQUESTED: 20, CALLBACK_CONNECTED: 21, CALLBACK_NOT_ANSWERED: 22,
    });
  });

  describe('queue callback (issue 22)', () => {
    it('given the caller asked for a callback then its call is 20, whoever hung up; answered first (a race) it stays 9', () => {
      for (const hungUpBy of parties) expect(callStatus(facts({ hungUpBy, queued: true, callback: 'requested' })), hungUpBy).to.equal(CallStatus.CALLBACK_REQUESTED);
      expect(callStatus(facts({ answered: true, queued: true, callback: 'requested' }))).to.equal(9);
    });
    it('given a callback attempt then 21 when the customer answered, 22 when not, whatever the miss or who hung up', () => {
      for (const hungUpBy of parties) {
        for (const miss of misses) {
          expect(callStatus(facts({ direction: 'outbound', answered: true, hungUpBy, miss, queued: true, callback: 'attempt' }))).to.equal(21);
          expect(callStatus(facts({ direction: 'outbound', answered: false, hungUpBy, miss, queued: true, callback: 'attempt' }))).to.equal(22);
        }
      }
      expect(callStatus(facts({ direction: 'outbound', answered: true, transferred: true, callback: 'attempt' })), 'a transferred callback is 4').to.equal(4);
      expect(callStatus(facts({ direction: 'outbound', callback: 'attempt', voicemail: true }))).to.equal(16);
    });
  });

  describe('inbound', () => {
    it('given an inbound call answered by an agent then it is 9, whoever hung up and whatever else happened', () => {
      for (const hungUpBy of parties) {
        expect(callStatus(facts({ answered: true, hungUpBy, queued: true })), hungUpBy).to.equal(9);
        expect(callStatus(facts({ answered: true, hungUpBy, ringingAtEnd: true, miss: 'timeout' })), hungUpBy).to.equal(CallStatus.AGENT_ANSWERED);
      }
    });
    it('given a transfer reached its target then it is 4, and a transfer that came back to the agent is 17', () => {
      for (const hungUpBy of parties) {
        expect(callStatus(facts({ answered: true, hungUpBy, queued: true, transferred: true })), hungUpBy).to.equal(CallStatus.TRANSFERRED);
        expect(callStatus(facts({ answered: true, hungUpBy, retrieved: true })), hungUpBy).to.equal(CallStatus.RETRIEVED);
        expect(callStatus(facts({ answered: true, hungUpBy, retrieved: true, transferred: true })), 'a later transfer that succeeded wins').to.equal(4);
      }
      expect(callStatus(facts({ answered: true, transferred: true, voicemail: true }))).to.equal(16);
      expect(callStatus(facts({ answered: false, hungUpBy: 'caller', ringingAtEnd: true, transferred: true }))).to.equal(8);
    });
    it('given the caller hangs up while an agent phone rings then it is 8, queued or not', () => {
      expect(callStatus(facts({ hungUpBy: 'caller', ringingAtEnd: true, queued: true }))).to.equal(8);
      expect(callStatus(facts({ hungUpBy: 'caller', ringingAtEnd: true }))).to.equal(CallStatus.TRANSFER_RINGING);
      expect(callStatus(facts({ hungUpBy: 'caller', ringingAtEnd: true, miss: 'rejected' }))).to.equal(8);
    });
    it('given a phone still ringing when the system (not the caller) ends the call then it is not 8', () => {
      expect(callStatus(facts({ hungUpBy: 'system', ringingAtEnd: true, queued: true }))).to.equal(13);
      expect(callStatus(facts({ hungUpBy: 'system', ringingAtEnd: true, miss: 'timeout' }))).to.equal(1);
    });
    it('given the caller hangs up while waiting in a queue with no phone ringing then it is 13', () => {
      expect(callStatus(facts({ hungUpBy: 'caller', queued: true }))).to.equal(CallStatus.ABANDONED_IN_QUEUE);
    });
    it('given a queued call with missed offers that ends unanswered then it is still 13', () => {
      for (const miss of misses) expect(callStatus(facts({ hungUpBy: 'caller', queued: true, miss })), String(miss)).to.equal(13);
    });
    it('given a call that ended in the IVR without reaching a queue or a phone then it is 7', () => {
      expect(callStatus(facts({ hungUpBy: 'caller' }))).to.equal(CallStatus.IVR_ONLY);
      expect(callStatus(facts({ hungUpBy: 'system' }))).to.equal(7);
    });
    it('given a direct call to an extension that rang out then it is 1', () => {
      expect(callStatus(facts({ miss: 'timeout' }))).to.equal(CallStatus.RING_TIMEOUT);
    });
    it('given a direct call to an extension that could not be reached then it is 2', () => {
      expect(callStatus(facts({ miss: 'unreachable' }))).to.equal(CallStatus.AGENT_UNREACHABLE);
    });
    it('given a direct call to an extension that rejected it then it is 3', () => {
      expect(callStatus(facts({ miss: 'rejected', hungUpBy: 'callee' }))).to.equal(CallStatus.REJECTED);
    });
  });

  describe('internal', () => {
    it('given an answered internal call then it is 15, whoever hung up', () => {
      for (const hungUpBy of parties) expect(callStatus(facts({ direction: 'internal', answered: true, hungUpBy })), hungUpBy).to.equal(CallStatus.INTERNAL_CALL);
    });
    it('given the caller hangs up an internal call before the answer then it is 14, even with a miss reason', () => {
      for (const miss of misses) {
        expect(callStatus(facts({ direction: 'internal', hungUpBy: 'caller', ringingAtEnd: true, miss })), String(miss)).to.equal(CallStatus.HUNG_UP_WHILE_DIALLING);
      }
    });
    it('given an unanswered internal call then the miss reason gives 1, 2 or 3', () => {
      expect(callStatus(facts({ direction: 'internal', miss: 'timeout' }))).to.equal(1);
      expect(callStatus(facts({ direction: 'internal', miss: 'unreachable' }))).to.equal(2);
      expect(callStatus(facts({ direction: 'internal', miss: 'rejected', hungUpBy: 'callee' }))).to.equal(3);
    });
    it('given an unanswered internal call without a miss reason then it failed: 12', () => {
      expect(callStatus(facts({ direction: 'internal' }))).to.equal(CallStatus.CALL_FAILED);
    });
  });

  describe('outbound', () => {
    it('given an answered outbound call that the caller (the agent) ends first then it is 10', () => {
      expect(callStatus(facts({ direction: 'outbound', answered: true, hungUpBy: 'caller' }))).to.equal(CallStatus.CALL_PLACED);
    });
    it('given an answered outbound call that the outside party ends first then it is 6', () => {
      expect(callStatus(facts({ direction: 'outbound', answered: true, hungUpBy: 'callee' }))).to.equal(CallStatus.OUTBOUND_TALK);
      expect(callStatus(facts({ direction: 'outbound', answered: true, hungUpBy: 'system' }))).to.equal(6);
    });
    it('given the caller hangs up an outbound call while it is still dialling then it is 14', () => {
      expect(callStatus(facts({ direction: 'outbound', hungUpBy: 'caller', ringingAtEnd: true }))).to.equal(CallStatus.HUNG_UP_WHILE_DIALLING);
    });
    it('given an outbound call that could not be connected then it is 12, whatever the miss reason', () => {
      for (const miss of misses) {
        expect(callStatus(facts({ direction: 'outbound', hungUpBy: 'system', miss })), String(miss)).to.equal(CallStatus.CALL_FAILED);
        expect(callStatus(facts({ direction: 'outbound', hungUpBy: 'callee', miss })), String(miss)).to.equal(12);
      }
    });
  });

  describe('transfers on direct calls', () => {
    it('given an internal or outbound call transferred by the agent then it is 4, and 17 when it came back, whoever hung up', () => {
      for (const direction of ['internal', 'outbound'] as Direction[]) {
        for (const hungUpBy of parties) {
          expect(callStatus(facts({ direction, answered: true, hungUpBy, transferred: true })), `${direction} ${hungUpBy}`).to.equal(CallStatus.TRANSFERRED);
          expect(callStatus(facts({ direction, answered: true, hungUpBy, retrieved: true })), `${direction} ${hungUpBy}`).to.equal(CallStatus.RETRIEVED);
        }
        expect(callStatus(facts({ direction, answered: false, hungUpBy: 'caller', transferred: true }))).to.equal(CallStatus.HUNG_UP_WHILE_DIALLING);
      }
    });
  });

  describe('voicemail', () => {
    it('given a voicemail was left then it is 16 regardless of direction, answer, hang-up party and the rest', () => {
      for (const direction of directions) {
        for (const answered of [false, true]) {
          for (const hungUpBy of parties) {
            const f = facts({ direction, answered, hungUpBy, queued: true, ringingAtEnd: true, voicemail: true, miss: 'timeout' });
            expect(callStatus(f), `${direction} ${answered} ${hungUpBy}`).to.equal(CallStatus.VOICEMAIL);
          }
        }
      }
    });
  });

  it('given any combination of facts then the status is one of the codes and never a code only analog phones or CTI produce', () => {
    const codes = new Set<number>(Object.values(CallStatus));
    for (const direction of directions) for (const answered of [false, true]) for (const hungUpBy of parties)
      for (const queued of [false, true]) for (const ringingAtEnd of [false, true]) for (const voicemail of [false, true]) for (const miss of misses) {
        const s = callStatus({ direction, answered, hungUpBy, queued, ringingAtEnd, voicemail, miss });
        expect(codes.has(s)).to.equal(true);
        expect([CallStatus.TRANSFERRED, CallStatus.WAITING_ON_HOOK, CallStatus.OFF_HOOK_NO_DIAL, CallStatus.RETRIEVED]).to.not.include(s);
      }
  });
});
