import { expect } from 'chai';
import { IDLE, transferTransition, TransferStateError, type TransferEvent, type TransferState } from '../../src/calls/transfer/transfer-state';
import { referDestination, targetFromRoute } from '../../src/calls/transfer/targets';

const run = (events: TransferEvent[], from: TransferState = IDLE) => {
  let s = from;
  const outcomes: (string | null)[] = [];
  for (const e of events) {
    const t = transferTransition(s, e);
    s = t.state;
    outcomes.push(t.outcome);
  }
  return { state: s, outcomes };
};

describe('transfer states (C3, pure)', () => {
  it('given a blind transfer when the target answers then it is completed and the call is idle again', () => {
    const r = run([{ type: 'blind', target: '1003' }, { type: 'target-answered' }]);
    expect(r.outcomes).to.deep.equal(['started', 'completed']);
    expect(r.state).to.deep.equal(IDLE);
  });
  it('given a blind transfer when the target fails or it is cancelled then failed / cancelled', () => {
    expect(run([{ type: 'blind', target: '1003' }, { type: 'target-failed' }]).outcomes).to.deep.equal(['started', 'failed']);
    expect(run([{ type: 'blind', target: '1003' }, { type: 'cancel' }]).outcomes).to.deep.equal(['started', 'cancelled']);
  });
  it('given *8 then a number then an answer then complete: the attended transfer completes', () => {
    const r = run([{ type: 'hook-flash' }, { type: 'consult', target: '1003' }, { type: 'target-answered' }, { type: 'complete' }]);
    expect(r.outcomes).to.deep.equal([null, 'started', 'answered', 'completed']);
    expect(r.state.name).to.equal('idle');
  });
  it('given a consultation when the target is still ringing and the agent hangs up then it becomes a blind transfer', () => {
    const r = run([{ type: 'consult', target: '1003' }, { type: 'agent-left' }]);
    expect(r.state).to.include({ name: 'blind-ringing', target: '1003', mode: 'attended' });
    expect(transferTransition(r.state, { type: 'target-answered' }).outcome).to.equal('completed');
  });
  it('given an answered consultation when the agent hangs up then the transfer is completed; when the target leaves it is cancelled', () => {
    const answered = run([{ type: 'consult', target: '1003' }, { type: 'target-answered' }]).state;
    expect(transferTransition(answered, { type: 'agent-left' }).outcome).to.equal('completed');
    expect(transferTransition(answered, { type: 'target-left' }).outcome).to.equal('cancelled');
  });
  it('given events that do not fit the state then they are refused with a reason the API can show', () => {
    expect(() => transferTransition(IDLE, { type: 'complete' })).to.throw(TransferStateError, 'no transfer in progress');
    const ringing = run([{ type: 'consult', target: '1003' }]).state;
    expect(() => transferTransition(ringing, { type: 'complete' })).to.throw(TransferStateError, 'has not answered yet');
    expect(() => transferTransition(ringing, { type: 'blind', target: '1004' })).to.throw(TransferStateError, 'in progress');
    const blind = run([{ type: 'blind', target: '1003' }]).state;
    expect(() => transferTransition(blind, { type: 'hook-flash' })).to.throw(TransferStateError);
  });
  it('given every state and event then a transition either throws TransferStateError or lands in a known state', () => {
    const states = ['idle', 'dial-tone', 'blind-ringing', 'consult-ringing', 'consult-answered'] as const;
    const events: TransferEvent[] = [{ type: 'blind', target: 'x' }, { type: 'hook-flash' }, { type: 'consult', target: 'x' }, { type: 'target-answered' }, { type: 'target-failed' }, { type: 'target-left' }, { type: 'complete' }, { type: 'cancel' }, { type: 'agent-left' }];
    for (const name of states) {
      for (const e of events) {
        try {
          expect(states).to.include(transferTransition({ name, mode: 'blind', target: 'x' }, e).state.name);
        } catch (err) {
          expect(err, `${name} ${e.type}`).to.be.instanceOf(TransferStateError);
        }
      }
    }
  });
});

describe('REFER destinations', () => {
  it('given Refer-To forms phones send then the number is their user part', () => {
    expect(referDestination('sip:1004@127.0.0.1')).to.equal('1004');
    expect(referDestination('<sip:9057188888888@pbx.example;user=phone>')).to.equal('9057188888888');
    expect(referDestination('600')).to.equal('600');
    expect(referDestination('sips:%2B8613800138000@x')).to.equal('+8613800138000');
  });
  it('given a non-numeric or hostile user part then there is no destination', () => {
    expect(referDestination('sip:alice@example.com')).to.equal(null);
    expect(referDestination('sip:1004;drop table@x')).to.equal('1004');
    expect(referDestination('')).to.equal(null);
    expect(referDestination('sip:' + '1'.repeat(40) + '@x')).to.equal(null);
  });
  it('given a route then the transfer target kind follows it', () => {
    expect(targetFromRoute('600', { kind: 'group', group: 'sales' })).to.deep.equal({ kind: 'group', group: 'sales' });
    expect(targetFromRoute('1004', { kind: 'dial', endpoint: 'PJSIP/1004', extension: '1004', timeoutSec: 15, callerId: '', trunk: null })).to.deep.equal({ kind: 'extension', extension: '1004' });
    expect(targetFromRoute('9057188888888', { kind: 'dial', endpoint: 'PJSIP/057188888888@carrier-a', extension: null, timeoutSec: 15, callerId: '', trunk: 'carrier-a' })).to.deep.equal({ kind: 'number', number: '9057188888888' });
  });
});
