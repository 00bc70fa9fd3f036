import { expect } from 'chai';
import { transition, reasonForCause, InvalidTransition, type CallState, type CallEvent } from '../../src/calls/call-state';

function run(events: CallEvent[], from: CallState = { name: 'routing' }) {
  let state = from;
  const effects = [];
  for (const e of events) {
    const t = transition(state, e);
    state = t.state;
    effects.push(...t.effects);
  }
  return { state, effects };
}

describe('call state machine', () => {
  it('given a leg rings then answers then the caller hears ringing and is bridged', () => {
    const r = run([{ type: 'dialled', legs: ['b1'] }, { type: 'leg-ringing', leg: 'b1' }, { type: 'leg-answered', leg: 'b1' }]);
    expect(r.state).to.deep.equal({ name: 'answered', leg: 'b1' });
    expect(r.effects).to.deep.equal([{ do: 'ring-caller' }, { do: 'bridge', leg: 'b1' }]);
  });
  it('given a ring group then the first answer wins and the others are hung up as answered elsewhere', () => {
    const r = run([{ type: 'dialled', legs: ['b1', 'b2', 'b3'] }, { type: 'leg-answered', leg: 'b2' }]);
    expect(r.effects).to.deep.equal([{ do: 'hangup-legs', legs: ['b1', 'b3'], reason: 'answered_elsewhere' }, { do: 'bridge', leg: 'b2' }]);
  });
  it('given a losing leg goes away after the answer then nothing happens', () => {
    const r = run([{ type: 'dialled', legs: ['b1', 'b2'] }, { type: 'leg-answered', leg: 'b2' }, { type: 'leg-hangup', leg: 'b1' }]);
    expect(r.state.name).to.equal('answered');
  });
  it('given the answered callee hangs up then the caller is hung up and the call ends by callee', () => {
    const r = run([{ type: 'dialled', legs: ['b1'] }, { type: 'leg-answered', leg: 'b1' }, { type: 'leg-hangup', leg: 'b1' }]);
    expect(r.state).to.deep.equal({ name: 'ended', reason: 'normal', by: 'callee' });
    expect(r.effects.slice(-2)).to.deep.equal([{ do: 'hangup-caller', reason: 'normal' }, { do: 'cleanup' }]);
  });
  it('given the caller hangs up while legs ring then every leg is hung up', () => {
    const r = run([{ type: 'dialled', legs: ['b1', 'b2'] }, { type: 'leg-ringing', leg: 'b1' }, { type: 'caller-hangup' }]);
    expect(r.state).to.deep.equal({ name: 'ended', reason: 'normal', by: 'caller' });
    expect(r.effects).to.deep.include({ do: 'hangup-legs', legs: ['b1', 'b2'], reason: 'normal' });
  });
  it('given all legs fail then the caller is told the most telling cause', () => {
    expect(run([{ type: 'dialled', legs: ['b1', 'b2'] }, { type: 'leg-failed', leg: 'b1', cause: 34 }, { type: 'leg-failed', leg: 'b2', cause: 17 }]).state).to.include({ reason: 'busy' });
    expect(run([{ type: 'dialled', legs: ['b1'] }, { type: 'leg-failed', leg: 'b1', cause: 19 }]).state).to.include({ reason: 'no_answer' });
    expect(run([{ type: 'dialled', legs: ['b1'] }, { type: 'leg-failed', leg: 'b1', cause: 1 }]).state).to.include({ reason: 'unallocated' });
  });
  it('given one of two legs fails then the call keeps ringing the other', () => {
    const r = run([{ type: 'dialled', legs: ['b1', 'b2'] }, { type: 'leg-failed', leg: 'b1', cause: 17 }]);
    expect(r.state).to.deep.equal({ name: 'dialling', legs: ['b2'], failures: [17] });
  });
  it('given no leg could be originated then the caller gets congestion', () => {
    expect(run([{ type: 'dialled', legs: [] }]).state).to.include({ name: 'ended', reason: 'congestion' });
  });
  it('given a ring timeout then legs and caller are hung up', () => {
    const r = run([{ type: 'dialled', legs: ['b1'] }, { type: 'ring-timeout' }]);
    expect(r.state).to.include({ reason: 'no_answer' });
    expect(r.effects[0]).to.deep.equal({ do: 'hangup-legs', legs: ['b1'], reason: 'timeout' });
  });
  it('given a rejected route then the caller is hung up with that reason', () => {
    expect(run([{ type: 'rejected', reason: 'unallocated' }]).effects[0]).to.deep.equal({ do: 'hangup-caller', reason: 'unallocated' });
  });
  it('given events after the end then they change nothing', () => {
    const ended = run([{ type: 'caller-hangup' }]).state;
    expect(transition(ended, { type: 'leg-answered', leg: 'x' })).to.deep.equal({ state: ended, effects: [] });
  });
  it('given an answer from an unknown leg or a second dial then the transition is refused', () => {
    expect(() => run([{ type: 'dialled', legs: ['b1'] }, { type: 'leg-answered', leg: 'zz' }])).to.throw(InvalidTransition);
    expect(() => run([{ type: 'dialled', legs: ['b1'] }, { type: 'dialled', legs: ['b2'] }])).to.throw(InvalidTransition);
  });
  it('maps Q.850 causes to hang-up reasons', () => {
    expect([17, 18, 19, 21, 1, 16, 34].map(reasonForCause)).to.deep.equal(['busy', 'no_answer', 'no_answer', 'rejected', 'unallocated', 'normal', 'congestion']);
  });
  it('given two phones ring when a third picks the call up then the picker is bridged and both ringing legs are hung up', () => {
    const r = run([{ type: 'dialled', legs: ['b1', 'b2'] }, { type: 'leg-ringing', leg: 'b1' }, { type: 'picked-up', leg: 'p1' }]);
    expect(r.state).to.deep.equal({ name: 'answered', leg: 'p1' });
    expect(r.effects.slice(1)).to.deep.equal([{ do: 'hangup-legs', legs: ['b1', 'b2'], reason: 'answered_elsewhere' }, { do: 'bridge', leg: 'p1' }]);
  });
  it('given the call is already answered then a pickup is not allowed', () => {
    expect(() => run([{ type: 'dialled', legs: ['b1'] }, { type: 'leg-answered', leg: 'b1' }, { type: 'picked-up', leg: 'p1' }])).to.throw(InvalidTransition);
  });
});
