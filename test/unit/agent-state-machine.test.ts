import { expect } from 'chai';
import { agentTransition, initialAgentState, AgentStateError, type AgentEvent, type AgentState } from '../../src/agents/agent-state';

function run(events: [AgentEvent, number][], from: AgentState = initialAgentState(0)) {
  let state = from;
  const effects = [];
  for (const [e, at] of events) {
    const t = agentTransition(state, e, at);
    state = t.state;
    effects.push(...t.effects);
  }
  return { state, effects };
}
const ready = () => run([[{ type: 'login' }, 100]]).state;

describe('agent state machine', () => {
  it('given a logged-out agent when it logs in then it is ready and goes to the back of the line', () => {
    const s = ready();
    expect(s).to.include({ name: 'ready', since: 100, queuedSince: 100, reason: null });
  });
  it('given a logged-out agent then ready and not ready are refused with agent-logged-out and nothing changes', () => {
    const s = initialAgentState(0);
    for (const e of [{ type: 'ready' }, { type: 'not-ready', reason: 'x' }] as AgentEvent[]) {
      expect(() => agentTransition(s, e, 1)).to.throw(AgentStateError).with.property('code', 'agent-logged-out');
    }
  });
  it('given a ready agent when it goes not ready with a reason then the reason is kept, and ready again clears it', () => {
    const r = run([[{ type: 'not-ready', reason: 'lunch' }, 200], [{ type: 'ready' }, 300]], ready());
    expect(r.state).to.include({ name: 'ready', reason: null, since: 300 });
    const nr = run([[{ type: 'not-ready', reason: 'lunch' }, 200]], ready()).state;
    expect(nr).to.include({ name: 'not_ready', reason: 'lunch' });
  });
  it('given a not-ready agent then an offer is refused as agent-busy', () => {
    const nr = run([[{ type: 'not-ready', reason: 'x' }, 200]], ready()).state;
    expect(() => agentTransition(nr, { type: 'offer', guid: 'g' }, 300)).to.throw(AgentStateError).with.property('code', 'agent-busy');
  });
  it('given an offer is answered then the agent is on call and goes to the back; the call end makes it ready again', () => {
    const r = run([[{ type: 'offer', guid: 'g' }, 200], [{ type: 'offer-answered', guid: 'g' }, 210], [{ type: 'call-ended', guid: 'g', wrapUpMs: 0 }, 500]], ready());
    expect(r.state).to.include({ name: 'ready', queuedSince: 500, callGuid: null });
  });
  it('given wrap-up time then the agent is in wrap-up until the timer, then ready', () => {
    const r = run([[{ type: 'offer', guid: 'g' }, 200], [{ type: 'offer-answered', guid: 'g' }, 210], [{ type: 'call-ended', guid: 'g', wrapUpMs: 30000 }, 500]], ready());
    expect(r.state.name).to.equal('wrap_up');
    expect(r.effects).to.deep.equal([{ do: 'start-wrap-up', ms: 30000 }]);
    expect(agentTransition(r.state, { type: 'wrap-up-done' }, 31000).state.name).to.equal('ready');
  });
  it('given wrap-up when the agent says ready or logs out then wrap-up ends at once and its timer is cleared', () => {
    const w = run([[{ type: 'offer', guid: 'g' }, 200], [{ type: 'offer-answered', guid: 'g' }, 210], [{ type: 'call-ended', guid: 'g', wrapUpMs: 30000 }, 500]], ready()).state;
    expect(agentTransition(w, { type: 'ready' }, 600)).to.deep.include({ effects: [{ do: 'clear-wrap-up' }] });
    expect(agentTransition(w, { type: 'logout' }, 600).state.name).to.equal('logged_out');
  });
  it('given an agent on a call when it logs out or goes not ready then that applies when the call ends', () => {
    const onCall = run([[{ type: 'offer', guid: 'g' }, 200], [{ type: 'offer-answered', guid: 'g' }, 210]], ready()).state;
    const a = run([[{ type: 'not-ready', reason: 'meeting' }, 300]], onCall);
    expect(a.state.name).to.equal('on_call');
    expect(run([[{ type: 'call-ended', guid: 'g', wrapUpMs: 5000 }, 400]], a.state).state).to.include({ name: 'not_ready', reason: 'meeting' });
    const b = run([[{ type: 'logout' }, 300], [{ type: 'call-ended', guid: 'g', wrapUpMs: 5000 }, 400]], onCall);
    expect(b.state.name).to.equal('logged_out');
    expect(b.effects).to.deep.equal([]);
  });
  it('given a ringing agent when it logs out then the offer is cancelled and it is logged out at once', () => {
    const r = run([[{ type: 'offer', guid: 'g' }, 200], [{ type: 'logout' }, 300]], ready());
    expect(r.state.name).to.equal('logged_out');
    expect(r.effects).to.deep.equal([{ do: 'cancel-offer', guid: 'g' }]);
  });
  it('given unanswered rings then the ring time adds up and reaching the limit logs the agent off with reason no-answer', () => {
    const once = run([[{ type: 'offer', guid: 'g1' }, 200], [{ type: 'offer-unanswered', guid: 'g1', ringMs: 15000, logoffAfterMs: 45000 }, 15200]], ready()).state;
    expect(once).to.include({ name: 'ready', unansweredMs: 15000 });
    const thrice = run([
      [{ type: 'offer', guid: 'g2' }, 16000], [{ type: 'offer-unanswered', guid: 'g2', ringMs: 15000, logoffAfterMs: 45000 }, 31000],
      [{ type: 'offer', guid: 'g3' }, 32000], [{ type: 'offer-unanswered', guid: 'g3', ringMs: 15000, logoffAfterMs: 45000 }, 47000],
    ], once).state;
    expect(thrice).to.include({ name: 'logged_out', reason: 'no-answer', unansweredMs: 0 });
  });
  it('given an answer in between then unanswered ring time starts again; a limit of 0 never logs off', () => {
    const s = run([
      [{ type: 'offer', guid: 'g1' }, 200], [{ type: 'offer-unanswered', guid: 'g1', ringMs: 40000, logoffAfterMs: 45000 }, 40200],
      [{ type: 'offer', guid: 'g2' }, 41000], [{ type: 'offer-answered', guid: 'g2' }, 42000], [{ type: 'call-ended', guid: 'g2', wrapUpMs: 0 }, 50000],
      [{ type: 'offer', guid: 'g3' }, 51000], [{ type: 'offer-unanswered', guid: 'g3', ringMs: 40000, logoffAfterMs: 45000 }, 91000],
    ], ready()).state;
    expect(s).to.include({ name: 'ready', unansweredMs: 40000 });
    const never = run([[{ type: 'offer', guid: 'g' }, 200], [{ type: 'offer-unanswered', guid: 'g', ringMs: 999999, logoffAfterMs: 0 }, 300]], ready()).state;
    expect(never.name).to.equal('ready');
  });
  it('given a result for another call then the ringing agent is not moved', () => {
    const ringing = run([[{ type: 'offer', guid: 'g' }, 200]], ready()).state;
    expect(agentTransition(ringing, { type: 'offer-unanswered', guid: 'other', ringMs: 1, logoffAfterMs: 1 }, 300).state).to.equal(ringing);
    expect(() => agentTransition(ringing, { type: 'offer-answered', guid: 'other' }, 300)).to.throw(AgentStateError);
  });
  it('given a direct outbound call from a not-ready agent then it is on call, goes to the back, and returns to not ready', () => {
    const nr = run([[{ type: 'not-ready', reason: 'admin' }, 200]], ready()).state;
    const on = agentTransition(nr, { type: 'direct-call', guid: 'd', outbound: true }, 300).state;
    expect(on).to.include({ name: 'on_call', queuedSince: 300 });
    expect(agentTransition(on, { type: 'call-ended', guid: 'd', wrapUpMs: 0 }, 400).state).to.include({ name: 'not_ready', reason: 'admin' });
  });
  it('given a logged-out agent takes a direct call then its state does not change', () => {
    const s = initialAgentState(0);
    expect(agentTransition(s, { type: 'direct-call', guid: 'd', outbound: true }, 10).state).to.equal(s);
  });
});
