import { expect } from 'chai';
import {
  callbackNumber, callbackTransition, CallbackStateError, confirmationPrompts, FINAL_STATES, isCallbackKey,
  type CallbackEvent, type CallbackRequest, type CallbackState,
} from '../../src/callbacks/callback-state';

const policy = { retries: 2, retrySec: 300 };
const request = (state: CallbackState, patch: Partial<CallbackRequest> = {}): CallbackRequest => ({
  id: 'cb1', group: 'sales', number: '13800138000', originGuid: 'g0', agent: null, enteredAt: 1000, dueAt: 1000, state,
  attempts: 0, servingAgent: null, lastGuid: null, lastOutcome: null, ...patch,
});
const run = (r: CallbackRequest, events: CallbackEvent[], now = 10_000) => {
  for (const e of events) Object.assign(r, callbackTransition(r, e, policy, now));
  return r;
};

const ALL_STATES: CallbackState[] = ['scheduled', 'waiting', 'ringing-agent', 'dialling', 'connected', 'retry-wait', 'done', 'failed', 'cancelled'];
const ALL_EVENTS: CallbackEvent[] = [
  { type: 'due' }, { type: 'offer', agent: '1001' }, { type: 'agent-missed' }, { type: 'agent-answered', guid: 'g1' }, { type: 'agent-left' },
  { type: 'customer-answered' }, { type: 'customer-missed', outcome: 'busy' }, { type: 'ended' }, { type: 'cancel' },
];
/** The table: state -> events it accepts -> next state. */
const ALLOWED: Record<CallbackState, Partial<Record<CallbackEvent['type'], CallbackState>>> = {
  scheduled: { due: 'waiting', cancel: 'cancelled' },
  waiting: { offer: 'ringing-agent', cancel: 'cancelled' },
  'ringing-agent': { 'agent-missed': 'waiting', 'agent-answered': 'dialling', cancel: 'cancelled' },
  dialling: { 'customer-answered': 'connected', 'customer-missed': 'retry-wait', 'agent-left': 'waiting', cancel: 'cancelled' },
  connected: { ended: 'done', cancel: 'cancelled' },
  'retry-wait': { due: 'waiting', cancel: 'cancelled' },
  done: {}, failed: {}, cancelled: {},
};

describe('callback states (issue 22, pure)', () => {
  for (const state of ALL_STATES) {
    for (const e of ALL_EVENTS) {
      const next = ALLOWED[state][e.type];
      it(`${state} + ${e.type} -> ${next ?? 'refused'}`, () => {
        if (next) expect(callbackTransition(request(state), e, policy, 5000).state).to.equal(next);
        else expect(() => callbackTransition(request(state), e, policy, 5000)).to.throw(CallbackStateError);
      });
    }
  }

  it('given a full callback when the customer answers then it is done after one attempt and keeps its place', () => {
    const r = run(request('waiting'), [{ type: 'offer', agent: '1001' }, { type: 'agent-answered', guid: 'g1' }, { type: 'customer-answered' }, { type: 'ended' }]);
    expect(r).to.include({ state: 'done', attempts: 1, lastGuid: 'g1', lastOutcome: 'answered', enteredAt: 1000, servingAgent: null });
  });

  it('given retries 2 when the customer misses three times then it waits the pause twice and fails on the third', () => {
    const attempt = (r: CallbackRequest, now: number) => run(r, [{ type: 'offer', agent: '1001' }, { type: 'agent-answered', guid: `g${now}` }, { type: 'customer-missed', outcome: 'no_answer' }], now);
    const r = request('waiting');
    attempt(r, 10_000);
    expect(r).to.include({ state: 'retry-wait', attempts: 1, dueAt: 310_000, lastOutcome: 'no_answer' });
    run(r, [{ type: 'due' }]);
    attempt(r, 400_000);
    expect(r).to.include({ state: 'retry-wait', attempts: 2, dueAt: 700_000 });
    run(r, [{ type: 'due' }]);
    attempt(r, 800_000);
    expect(r).to.include({ state: 'failed', attempts: 3 });
    expect(FINAL_STATES.has(r.state)).to.equal(true);
    expect(r.enteredAt, 'the place never changes').to.equal(1000);
  });

  it('given retries 0 when the customer misses then it fails at once', () => {
    const r = request('dialling');
    Object.assign(r, callbackTransition(r, { type: 'customer-missed', outcome: 'busy' }, { retries: 0, retrySec: 5 }, 1));
    expect(r).to.include({ state: 'failed', attempts: 1, lastOutcome: 'busy' });
  });

  it('given the agent hangs up before the customer answers then it waits again without counting an attempt', () => {
    const r = run(request('dialling', { servingAgent: '1001' }), [{ type: 'agent-left' }]);
    expect(r).to.include({ state: 'waiting', attempts: 0, servingAgent: null, lastOutcome: 'agent-hung-up' });
  });

  it('given an agent who does not answer then the request waits for the next agent', () => {
    const r = run(request('waiting'), [{ type: 'offer', agent: '1001' }, { type: 'agent-missed' }, { type: 'offer', agent: '1002' }]);
    expect(r).to.include({ state: 'ringing-agent', servingAgent: '1002', attempts: 0 });
  });

  it('a callback number is 3-20 digits (a leading + dropped); anonymous callers and names have none', () => {
    expect(callbackNumber('13800138000')).to.equal('13800138000');
    expect(callbackNumber('+8613800138000')).to.equal('8613800138000');
    for (const n of ['', 'anonymous', '12', '1'.repeat(21), '1380013800a', '1001;x']) expect(callbackNumber(n), n).to.equal(null);
  });

  it('the key matches only the group\'s own key, and no key means no callback', () => {
    const p = { key: '5', dialPrefix: '9', retries: 2, retrySec: 300 };
    expect(isCallbackKey(p, '5')).to.equal(true);
    expect(isCallbackKey(p, '1')).to.equal(false);
    expect(isCallbackKey({ ...p, key: null }, '5')).to.equal(false);
    expect(isCallbackKey(null, '5')).to.equal(false);
  });

  it('the confirmation says the number digit by digit', () => {
    expect(confirmationPrompts('1380')).to.deep.equal(['telephone-number', 'digits/1', 'digits/3', 'digits/8', 'digits/0', 'auth-thankyou']);
  });
});
