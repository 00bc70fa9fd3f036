import { expect } from 'chai';
import { callStatus, type CallFacts } from '../../src/records/status';

const facts = (over: Partial<CallFacts>): CallFacts => ({ direction: 'inbound', answered: false, hungUpBy: 'caller', queued: false, ringingAtEnd: false, voicemail: false, miss: null, ...over });

describe('call-record status (the sources\' status codes)', () => {
  const cases: [string, Partial<CallFacts>, number][] = [
    ['inbound answered by an agent', { answered: true, queued: true, hungUpBy: 'agent' }, 9],
    ['inbound answered, the caller hung up first', { answered: true, queued: true }, 9],
    ['inbound caller hung up while an agent rang', { queued: true, ringingAtEnd: true }, 8],
    ['inbound caller hung up while waiting in a queue', { queued: true }, 13],
    ['inbound caller hung up in the IVR', {}, 7],
    ['inbound to an extension that rang out', { hungUpBy: 'system', miss: 'timeout' }, 1],
    ['inbound to an unreachable extension', { hungUpBy: 'system', miss: 'unreachable' }, 2],
    ['inbound to an extension that declined', { hungUpBy: 'system', miss: 'rejected' }, 3],
    ['internal answered', { direction: 'internal', answered: true, hungUpBy: 'agent' }, 15],
    ['internal, caller gave up while ringing', { direction: 'internal' }, 14],
    ['internal, busy', { direction: 'internal', hungUpBy: 'system', miss: 'rejected' }, 3],
    ['internal, no route', { direction: 'internal', hungUpBy: 'system' }, 12],
    ['outbound answered, agent hung up first', { direction: 'outbound', answered: true }, 10],
    ['outbound answered, customer hung up first', { direction: 'outbound', answered: true, hungUpBy: 'callee' }, 6],
    ['outbound, agent hung up while dialling', { direction: 'outbound' }, 14],
    ['outbound failed', { direction: 'outbound', hungUpBy: 'system', miss: 'unreachable' }, 12],
    ['a message was left', { queued: true, voicemail: true }, 16],
    ['a message was left, even if answered before', { answered: true, voicemail: true }, 16],
  ];
  for (const [what, over, status] of cases) {
    it(`given ${what} then the status is ${status}`, () => expect(callStatus(facts(over))).to.equal(status));
  }
});
