import { expect } from 'chai';
import { agentTransition, initialAgentState, AgentStateError, type AgentEffect, type AgentEvent, type AgentState } from '../../src/agents/agent-state';

/** Applies events in order, each at its own time; collects every effect. */
function run(events: [AgentEvent, number][], from: AgentState = initialAgentState(0)) {
  let state = from;
  const effects: AgentEffect[] = [];
  for (const [e, at] of events) {
    const t = agentTransition(state, e, at);
    state = t.state;
    effects.push(...t.effects);
  }
  return { state, effects };
}

/** Logged in at 100. */
const ready = () => run([[{ type: 'login' }, 100]]).state;
/** Logged in at 100, offered call c1 at 200. */
const ringing = () => run([[{ type: 'offer', guid: 'c1' }, 200]], ready()).state;
/** Logged in at 100, offered c1 at 200, answered at 300. */
const onCall = () => run([[{ type: 'offer-answered', guid: 'c1' }, 300]], ringing()).state;
/** As onCall, call ended at 400 with 30 s of wrap-up. */
const wrapUp = () => run([[{ type: 'call-ended', guid: 'c1', wrapUpMs: 30_000 }, 400]], onCall()).state;
const notReady = (reason = 'lunch') => run([[{ type: 'not-ready', reason }, 150]], ready()).state;

function expectError(fn: () => unknown, code: string) {
  let caught: unknown = null;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught, 'expected an AgentStateError').to.be.instanceOf(AgentStateError);
  expect(caught).to.be.instanceOf(Error);
  expect((caught as AgentStateError).code).to.equal(code);
  return caught as AgentStateError;
}

describe('agent state (agentTransition)', () => {
  describe('initial state and login', () => {
    it('given a new agent then it starts logged out with nothing pending', () => {
      expect(initialAgentState(42)).to.deep.equal({
        name: 'logged_out', reason: null, since: 42, queuedSince: 42, unansweredMs: 0, callGuid: null, after: { name: 'logged_out', reason: null },
      });
    });
    it('given a logged-out agent when it logs in then it is ready, queued from now, with no effects', () => {
      const t = agentTransition(initialAgentState(0), { type: 'login' }, 100);
      expect(t.state).to.deep.equal({ name: 'ready', reason: null, since: 100, queuedSince: 100, unansweredMs: 0, callGuid: null, after: { name: 'ready' } });
      expect(t.effects).to.deep.equal([]);
    });
    it('given an agent logged off for not answering when it logs in again then the unanswered time starts from zero', () => {
      const s: AgentState = { ...initialAgentState(0), reason: 'no-answer', unansweredMs: 45_000 };
      expect(agentTransition(s, { type: 'login' }, 500).state).to.include({ name: 'ready', unansweredMs: 0, queuedSince: 500, reason: null });
    });
    it('given a logged-in agent when it logs in again then nothing changes', () => {
      for (const s of [ready(), notReady(), ringing(), onCall(), wrapUp()]) {
        const t = agentTransition(s, { type: 'login' }, 9_999);
        expect(t.state, s.name).to.equal(s);
        expect(t.effects).to.deep.equal([]);
      }
    });
    it('given a logged-out agent then ready and not ready are refused with agent-logged-out', () => {
      expectError(() => agentTransition(initialAgentState(0), { type: 'ready' }, 1), 'agent-logged-out');
      expectError(() => agentTransition(initialAgentState(0), { type: 'not-ready', reason: 'break' }, 1), 'agent-logged-out');
    });
    it('given a logged-out agent then an offer is refused with agent-busy', () => {
      const err = expectError(() => agentTransition(initialAgentState(0), { type: 'offer', guid: 'c1' }, 1), 'agent-busy');
      expect(err.message).to.contain('logged_out');
    });
    it('given a logged-out agent when it logs out then nothing changes', () => {
      const s = initialAgentState(0);
      const t = agentTransition(s, { type: 'logout', reason: 'x' }, 5);
      expect(t.state).to.equal(s);
      expect(t.effects).to.deep.equal([]);
    });
  });

  describe('ready, not ready and log out', () => {
    it('given a ready agent when it goes not ready then the reason is kept and its place in line is not changed', () => {
      const t = agentTransition(ready(), { type: 'not-ready', reason: 'lunch' }, 200);
      expect(t.state).to.deep.equal({ name: 'not_ready', reason: 'lunch', since: 200, queuedSince: 100, unansweredMs: 0, callGuid: null, after: { name: 'not_ready', reason: 'lunch' } });
      expect(t.effects).to.deep.equal([]);
    });
    it('given a not-ready agent when it goes ready then the reason is cleared', () => {
      const t = agentTransition(notReady('lunch'), { type: 'ready' }, 300);
      expect(t.state).to.include({ name: 'ready', reason: null, since: 300, queuedSince: 100 });
      expect(t.state.after).to.deep.equal({ name: 'ready' });
      expect(t.effects).to.deep.equal([]);
    });
    it('given a not-ready agent when it changes its reason then the reason and since change', () => {
      const s = agentTransition(notReady('lunch'), { type: 'not-ready', reason: 'meeting' }, 400).state;
      expect(s).to.include({ name: 'not_ready', reason: 'meeting', since: 400 });
    });
    it('given an agent when it repeats its current state then since is not reset', () => {
      expect(agentTransition(ready(), { type: 'ready' }, 999).state).to.include({ name: 'ready', since: 100 });
      expect(agentTransition(notReady('lunch'), { type: 'not-ready', reason: 'lunch' }, 999).state).to.include({ name: 'not_ready', since: 150 });
    });
    it('given a ready agent when it logs out without a reason then it is logged out with reason null', () => {
      const t = agentTransition(ready(), { type: 'logout' }, 500);
      expect(t.state).to.include({ name: 'logged_out', reason: null, since: 500, callGuid: null });
      expect(t.state.after).to.deep.equal({ name: 'logged_out', reason: null });
      expect(t.effects).to.deep.equal([]);
    });
    it('given a not-ready agent when it logs out with a reason then the reason is kept', () => {
      const t = agentTransition(notReady(), { type: 'logout', reason: 'end-of-shift' }, 500);
      expect(t.state).to.include({ name: 'logged_out', reason: 'end-of-shift', since: 500 });
      expect(t.effects).to.deep.equal([]);
    });
    it('given an agent when it goes through a transition then the state passed in is not changed', () => {
      const s = ringing();
      const copy = structuredClone(s);
      agentTransition(s, { type: 'logout' }, 1_000);
      agentTransition(s, { type: 'offer-unanswered', guid: 'c1', ringMs: 15_000, logoffAfterMs: 0 }, 1_000);
      expect(s).to.deep.equal(copy);
    });
  });

  describe('offers', () => {
    it('given a ready agent when a call is offered then it rings for that call and keeps its place in line', () => {
      const t = agentTransition(ready(), { type: 'offer', guid: 'c1' }, 200);
      expect(t.state).to.deep.equal({ name: 'ringing', reason: null, since: 200, queuedSince: 100, unansweredMs: 0, callGuid: 'c1', after: { name: 'ready' } });
      expect(t.effects).to.deep.equal([]);
    });
    it('given an agent that is not ready then an offer is refused with agent-busy', () => {
      for (const s of [notReady(), ringing(), onCall(), wrapUp()]) {
        const err = expectError(() => agentTransition(s, { type: 'offer', guid: 'c2' }, 999), 'agent-busy');
        expect(err.message).to.contain(s.name);
      }
    });
    it('given a ringing agent when it answers then it is on the call, at the back of the line, with the unanswered time reset', () => {
      const s: AgentState = { ...ringing(), unansweredMs: 20_000 };
      const t = agentTransition(s, { type: 'offer-answered', guid: 'c1' }, 300);
      expect(t.state).to.deep.equal({ name: 'on_call', reason: null, since: 300, queuedSince: 300, unansweredMs: 0, callGuid: 'c1', after: { name: 'ready' } });
      expect(t.effects).to.deep.equal([]);
    });
    it('given a ringing agent when an answer for another call arrives then it is refused with invalid-agent-event', () => {
      const err = expectError(() => agentTransition(ringing(), { type: 'offer-answered', guid: 'other' }, 300), 'invalid-agent-event');
      expect(err.message).to.contain('offer-answered').and.to.contain('ringing');
    });
    it('given an agent that is not ringing when an answer arrives then it is refused with invalid-agent-event', () => {
      for (const s of [initialAgentState(0), ready(), notReady(), onCall(), wrapUp()]) {
        expectError(() => agentTransition(s, { type: 'offer-answered', guid: 'c1' }, 300), 'invalid-agent-event');
      }
    });
    it('given a ringing agent when the offer rings out below the log-off limit then it is ready again, keeps its place and the ring time adds up', () => {
      const t = agentTransition(ringing(), { type: 'offer-unanswered', guid: 'c1', ringMs: 15_000, logoffAfterMs: 60_000 }, 215);
      expect(t.state).to.deep.equal({ name: 'ready', reason: null, since: 215, queuedSince: 100, unansweredMs: 15_000, callGuid: null, after: { name: 'ready' } });
      expect(t.effects).to.deep.equal([]);
      const again = run([[{ type: 'offer', guid: 'c2' }, 300], [{ type: 'offer-unanswered', guid: 'c2', ringMs: 20_000, logoffAfterMs: 60_000 }, 320]], t.state);
      expect(again.state).to.include({ name: 'ready', unansweredMs: 35_000 });
    });
    it('given unanswered ring time reaching exactly the log-off limit then the agent is logged out with reason no-answer and the counter reset', () => {
      const r = run([
        [{ type: 'offer-unanswered', guid: 'c1', ringMs: 30_000, logoffAfterMs: 60_000 }, 230],
        [{ type: 'offer', guid: 'c2' }, 240],
        [{ type: 'offer-unanswered', guid: 'c2', ringMs: 30_000, logoffAfterMs: 60_000 }, 270],
      ], ringing());
      expect(r.state).to.include({ name: 'logged_out', reason: 'no-answer', since: 270, unansweredMs: 0, callGuid: null });
      expect(r.state.after).to.deep.equal({ name: 'logged_out', reason: 'no-answer' });
      expect(r.effects).to.deep.equal([]);
    });
    it('given unanswered ring time just below the log-off limit then the agent stays logged in', () => {
      const t = agentTransition(ringing(), { type: 'offer-unanswered', guid: 'c1', ringMs: 59_999, logoffAfterMs: 60_000 }, 260);
      expect(t.state).to.include({ name: 'ready', unansweredMs: 59_999 });
    });
    it('given a log-off limit of 0 then an agent who never answers is never logged out', () => {
      let s = ready();
      for (let i = 0; i < 20; i++) {
        s = run([[{ type: 'offer', guid: `c${i}` }, 1_000 * i], [{ type: 'offer-unanswered', guid: `c${i}`, ringMs: 60_000, logoffAfterMs: 0 }, 1_000 * i + 500]], s).state;
      }
      expect(s).to.include({ name: 'ready', unansweredMs: 1_200_000 });
    });
    it('given an answer between two missed offers then the unanswered time starts again from zero', () => {
      const r = run([
        [{ type: 'offer-unanswered', guid: 'c1', ringMs: 50_000, logoffAfterMs: 60_000 }, 250],
        [{ type: 'offer', guid: 'c2' }, 260],
        [{ type: 'offer-answered', guid: 'c2' }, 270],
        [{ type: 'call-ended', guid: 'c2', wrapUpMs: 0 }, 280],
        [{ type: 'offer', guid: 'c3' }, 290],
        [{ type: 'offer-unanswered', guid: 'c3', ringMs: 50_000, logoffAfterMs: 60_000 }, 340],
      ], ringing());
      expect(r.state).to.include({ name: 'ready', unansweredMs: 50_000 });
    });
    it('given an unanswered result for another call or an agent no longer ringing then nothing changes', () => {
      const e: AgentEvent = { type: 'offer-unanswered', guid: 'c1', ringMs: 99_000, logoffAfterMs: 1 };
      const other = ringing();
      expect(agentTransition(other, { ...e, guid: 'other' }, 999).state).to.equal(other);
      for (const s of [initialAgentState(0), ready(), notReady(), onCall(), wrapUp()]) {
        const t = agentTransition(s, e, 999);
        expect(t.state, s.name).to.equal(s);
        expect(t.effects).to.deep.equal([]);
      }
    });
    it('given a ringing agent when the phone rejects the offer then it is ready again without counting ring time', () => {
      const t = agentTransition({ ...ringing(), unansweredMs: 10_000 }, { type: 'offer-rejected', guid: 'c1' }, 205);
      expect(t.state).to.include({ name: 'ready', since: 205, queuedSince: 100, unansweredMs: 10_000, callGuid: null });
      expect(t.effects).to.deep.equal([]);
    });
    it('given a ringing agent when the offer is cancelled then it is ready again', () => {
      const t = agentTransition(ringing(), { type: 'offer-cancelled', guid: 'c1' }, 205);
      expect(t.state).to.include({ name: 'ready', since: 205, callGuid: null });
      expect(t.effects).to.deep.equal([]);
    });
    it('given a rejection or cancellation for another call or an agent not ringing then nothing changes', () => {
      for (const type of ['offer-rejected', 'offer-cancelled'] as const) {
        const s = ringing();
        expect(agentTransition(s, { type, guid: 'other' }, 999).state).to.equal(s);
        const r = ready();
        expect(agentTransition(r, { type, guid: 'c1' }, 999).state).to.equal(r);
        const c = onCall();
        expect(agentTransition(c, { type, guid: 'c1' }, 999).state).to.equal(c);
      }
    });
  });

  describe('state changes while ringing', () => {
    it('given a ringing agent when it logs out then it is logged out at once and the offer is cancelled', () => {
      const t = agentTransition(ringing(), { type: 'logout', reason: 'home' }, 210);
      expect(t.state).to.include({ name: 'logged_out', reason: 'home', since: 210, callGuid: null });
      expect(t.effects).to.deep.equal([{ do: 'cancel-offer', guid: 'c1' }]);
    });
    it('given a ringing agent when it goes not ready then that applies at once and the offer is cancelled', () => {
      const t = agentTransition(ringing(), { type: 'not-ready', reason: 'break' }, 210);
      expect(t.state).to.include({ name: 'not_ready', reason: 'break', since: 210, callGuid: null });
      expect(t.state.after).to.deep.equal({ name: 'not_ready', reason: 'break' });
      expect(t.effects).to.deep.equal([{ do: 'cancel-offer', guid: 'c1' }]);
    });
    it('given an agent that logged out while ringing when the ring result comes in then it stays logged out', () => {
      const r = run([[{ type: 'logout' }, 210], [{ type: 'offer-unanswered', guid: 'c1', ringMs: 10_000, logoffAfterMs: 5_000 }, 220], [{ type: 'offer-cancelled', guid: 'c1' }, 230]], ringing());
      expect(r.state).to.include({ name: 'logged_out', reason: null, since: 210, unansweredMs: 0 });
      expect(r.effects).to.deep.equal([{ do: 'cancel-offer', guid: 'c1' }]);
    });
    it('given a ringing agent when it says ready then it keeps ringing', () => {
      const s = ringing();
      const t = agentTransition(s, { type: 'ready' }, 210);
      expect(t.state).to.deep.equal(s);
      expect(t.effects).to.deep.equal([]);
    });
    it('given a ringing agent then a direct call is refused with agent-busy', () => {
      expectError(() => agentTransition(ringing(), { type: 'direct-call', guid: 'd1', outbound: true }, 210), 'agent-busy');
    });
  });

  describe('state changes while on a call', () => {
    it('given an agent on a call when it logs out then it stays on the call and logs out when the call ends, without wrap-up', () => {
      const during = agentTransition(onCall(), { type: 'logout', reason: 'home' }, 350);
      expect(during.state).to.include({ name: 'on_call', since: 300, callGuid: 'c1' });
      expect(during.state.after).to.deep.equal({ name: 'logged_out', reason: 'home' });
      expect(during.effects).to.deep.equal([]);
      const end = agentTransition(during.state, { type: 'call-ended', guid: 'c1', wrapUpMs: 30_000 }, 400);
      expect(end.state).to.include({ name: 'logged_out', reason: 'home', since: 400, callGuid: null });
      expect(end.effects).to.deep.equal([]);
    });
    it('given an agent on a call when it goes not ready then that applies when the call ends, without wrap-up', () => {
      const r = run([[{ type: 'not-ready', reason: 'break' }, 350], [{ type: 'call-ended', guid: 'c1', wrapUpMs: 30_000 }, 400]], onCall());
      expect(r.state).to.include({ name: 'not_ready', reason: 'break', since: 400, queuedSince: 400, callGuid: null });
      expect(r.effects).to.deep.equal([]);
    });
    it('given an agent on a call when it goes not ready then the state during the call is unchanged apart from after', () => {
      const s = onCall();
      const t = agentTransition(s, { type: 'not-ready', reason: 'break' }, 350);
      expect(t.state).to.deep.equal({ ...s, after: { name: 'not_ready', reason: 'break' } });
    });
    it('given an agent on a call who asked for not ready and then ready then the last request wins and wrap-up starts', () => {
      const r = run([[{ type: 'not-ready', reason: 'break' }, 310], [{ type: 'ready' }, 320], [{ type: 'call-ended', guid: 'c1', wrapUpMs: 10_000 }, 400]], onCall());
      expect(r.state.name).to.equal('wrap_up');
      expect(r.effects).to.deep.equal([{ do: 'start-wrap-up', ms: 10_000 }]);
    });
    it('given an agent on a call who asked to log out and then not ready then it ends not ready', () => {
      const r = run([[{ type: 'logout' }, 310], [{ type: 'not-ready', reason: 'meeting' }, 320], [{ type: 'call-ended', guid: 'c1', wrapUpMs: 0 }, 400]], onCall());
      expect(r.state).to.include({ name: 'not_ready', reason: 'meeting' });
    });
    it('given an agent on a call when the call ends with wrap-up then it is in wrap-up, at the back of the line, and a wrap-up timer starts', () => {
      const t = agentTransition(onCall(), { type: 'call-ended', guid: 'c1', wrapUpMs: 30_000 }, 400);
      expect(t.state).to.deep.equal({ name: 'wrap_up', reason: null, since: 400, queuedSince: 400, unansweredMs: 0, callGuid: null, after: { name: 'ready' } });
      expect(t.effects).to.deep.equal([{ do: 'start-wrap-up', ms: 30_000 }]);
    });
    it('given an agent on a call when the call ends without wrap-up then it is ready at once at the back of the line', () => {
      const t = agentTransition(onCall(), { type: 'call-ended', guid: 'c1', wrapUpMs: 0 }, 400);
      expect(t.state).to.deep.equal({ name: 'ready', reason: null, since: 400, queuedSince: 400, unansweredMs: 0, callGuid: null, after: { name: 'ready' } });
      expect(t.effects).to.deep.equal([]);
    });
    it('given the end of another call or an agent not on a call then call-ended changes nothing', () => {
      const c = onCall();
      expect(agentTransition(c, { type: 'call-ended', guid: 'other', wrapUpMs: 5_000 }, 400).state).to.equal(c);
      for (const s of [initialAgentState(0), ready(), notReady(), ringing(), wrapUp()]) {
        const t = agentTransition(s, { type: 'call-ended', guid: 'c1', wrapUpMs: 5_000 }, 400);
        expect(t.state, s.name).to.equal(s);
        expect(t.effects).to.deep.equal([]);
      }
    });
  });

  describe('wrap-up', () => {
    it('given an agent in wrap-up when the wrap-up time is over then it is ready, keeping its place from the end of the call', () => {
      const t = agentTransition(wrapUp(), { type: 'wrap-up-done' }, 30_400);
      expect(t.state).to.deep.equal({ name: 'ready', reason: null, since: 30_400, queuedSince: 400, unansweredMs: 0, callGuid: null, after: { name: 'ready' } });
      expect(t.effects).to.deep.equal([]);
    });
    it('given an agent not in wrap-up then wrap-up-done changes nothing', () => {
      for (const s of [initialAgentState(0), ready(), notReady(), ringing(), onCall()]) {
        const t = agentTransition(s, { type: 'wrap-up-done' }, 999);
        expect(t.state, s.name).to.equal(s);
        expect(t.effects).to.deep.equal([]);
      }
    });
    it('given an agent in wrap-up when it says ready then wrap-up ends early and the timer is cleared', () => {
      const t = agentTransition(wrapUp(), { type: 'ready' }, 500);
      expect(t.state).to.include({ name: 'ready', reason: null, since: 500, queuedSince: 400 });
      expect(t.effects).to.deep.equal([{ do: 'clear-wrap-up' }]);
    });
    it('given an agent in wrap-up when it goes not ready then wrap-up ends and the timer is cleared', () => {
      const t = agentTransition(wrapUp(), { type: 'not-ready', reason: 'paperwork' }, 500);
      expect(t.state).to.include({ name: 'not_ready', reason: 'paperwork', since: 500 });
      expect(t.effects).to.deep.equal([{ do: 'clear-wrap-up' }]);
    });
    it('given an agent in wrap-up when it logs out then wrap-up ends and the timer is cleared', () => {
      const t = agentTransition(wrapUp(), { type: 'logout' }, 500);
      expect(t.state).to.include({ name: 'logged_out', reason: null, since: 500 });
      expect(t.effects).to.deep.equal([{ do: 'clear-wrap-up' }]);
    });
    it('given an agent that is not in wrap-up then ready, not ready and log out never clear a wrap-up timer', () => {
      const events: AgentEvent[] = [{ type: 'ready' }, { type: 'not-ready', reason: 'x' }, { type: 'logout' }];
      for (const s of [ready(), notReady()]) {
        for (const e of events) expect(agentTransition(s, e, 999).effects, `${s.name} ${e.type}`).to.deep.equal([]);
      }
    });
  });

  describe('direct calls', () => {
    it('given a ready agent when its phone rings for a direct call then it is ringing (the ACD skips it) and back to ready if nobody answers', () => {
      const t = agentTransition(ready(), { type: 'direct-ring', guid: 'd1' }, 500);
      expect(t.state).to.include({ name: 'ringing', callGuid: 'd1', since: 500 });
      const back = agentTransition(t.state, { type: 'offer-cancelled', guid: 'd1' }, 700);
      expect(back.state).to.include({ name: 'ready', callGuid: null, since: 700 });
    });
    it('given a not-ready agent whose phone rings for a direct call when it answers then it is on that call and returns to not ready afterwards', () => {
      const ring = agentTransition(notReady('lunch'), { type: 'direct-ring', guid: 'd1' }, 500).state;
      expect(ring.after).to.deep.equal({ name: 'not_ready', reason: 'lunch' });
      const talk = agentTransition(ring, { type: 'direct-call', guid: 'd1', outbound: false }, 600).state;
      expect(talk).to.include({ name: 'on_call', callGuid: 'd1', since: 600 });
      expect(agentTransition(talk, { type: 'call-ended', guid: 'd1', wrapUpMs: 0 }, 900).state).to.include({ name: 'not_ready', reason: 'lunch' });
    });
    it('given an agent ringing for one call when a direct call rings or is answered for another then the first call keeps it', () => {
      const ring = agentTransition(ready(), { type: 'direct-ring', guid: 'd1' }, 500).state;
      expect(agentTransition(ring, { type: 'direct-ring', guid: 'd2' }, 600).state).to.equal(ring);
      expectError(() => agentTransition(ring, { type: 'direct-call', guid: 'd2', outbound: false }, 600), 'agent-busy');
    });
    it('given a logged-out or talking agent when a direct call rings then nothing changes', () => {
      const out = agentTransition(ready(), { type: 'logout' }, 400).state;
      expect(agentTransition(out, { type: 'direct-ring', guid: 'd1' }, 500).state).to.equal(out);
      const talk = agentTransition(ready(), { type: 'direct-call', guid: 'd0', outbound: true }, 400).state;
      expect(agentTransition(talk, { type: 'direct-ring', guid: 'd1' }, 500).state).to.equal(talk);
    });
    it('given a ready agent when it takes an inbound direct call then it is on that call and keeps its place in line', () => {
      const t = agentTransition(ready(), { type: 'direct-call', guid: 'd1', outbound: false }, 500);
      expect(t.state).to.deep.equal({ name: 'on_call', reason: null, since: 500, queuedSince: 100, unansweredMs: 0, callGuid: 'd1', after: { name: 'ready' } });
      expect(t.effects).to.deep.equal([]);
    });
    it('given a ready agent when it dials out then it goes to the back of the line at once', () => {
      const t = agentTransition(ready(), { type: 'direct-call', guid: 'd1', outbound: true }, 500);
      expect(t.state).to.include({ name: 'on_call', callGuid: 'd1', queuedSince: 500, since: 500 });
    });
    it('given a ready agent after a direct call without wrap-up then it is ready again from the end of the call', () => {
      const r = run([[{ type: 'direct-call', guid: 'd1', outbound: false }, 500], [{ type: 'call-ended', guid: 'd1', wrapUpMs: 0 }, 900]], ready());
      expect(r.state).to.include({ name: 'ready', reason: null, since: 900, queuedSince: 900, callGuid: null });
      expect(r.effects).to.deep.equal([]);
    });
    it('given a not-ready agent when it takes a direct call then it returns to not ready with the same reason, without wrap-up', () => {
      const during = agentTransition(notReady('lunch'), { type: 'direct-call', guid: 'd1', outbound: true }, 500).state;
      expect(during).to.include({ name: 'on_call', reason: null, callGuid: 'd1' });
      expect(during.after).to.deep.equal({ name: 'not_ready', reason: 'lunch' });
      const end = agentTransition(during, { type: 'call-ended', guid: 'd1', wrapUpMs: 30_000 }, 900);
      expect(end.state).to.include({ name: 'not_ready', reason: 'lunch', since: 900 });
      expect(end.effects).to.deep.equal([]);
    });
    it('given a ready agent after a direct call with wrap-up then it goes to wrap-up', () => {
      const r = run([[{ type: 'direct-call', guid: 'd1', outbound: true }, 500], [{ type: 'call-ended', guid: 'd1', wrapUpMs: 5_000 }, 900]], ready());
      expect(r.state).to.include({ name: 'wrap_up', queuedSince: 900 });
      expect(r.effects).to.deep.equal([{ do: 'start-wrap-up', ms: 5_000 }]);
    });
    it('given an agent in wrap-up when it takes a direct call then wrap-up ends and it returns to ready afterwards', () => {
      const t = agentTransition(wrapUp(), { type: 'direct-call', guid: 'd1', outbound: false }, 500);
      expect(t.state).to.include({ name: 'on_call', callGuid: 'd1', since: 500 });
      expect(t.state.after).to.deep.equal({ name: 'ready' });
      expect(t.effects).to.deep.equal([{ do: 'clear-wrap-up' }]);
      expect(agentTransition(t.state, { type: 'call-ended', guid: 'd1', wrapUpMs: 0 }, 600).state).to.include({ name: 'ready' });
    });
    it('given a logged-out agent or one already on a call then a direct call changes nothing', () => {
      for (const s of [initialAgentState(0), onCall()]) {
        const t = agentTransition(s, { type: 'direct-call', guid: 'd2', outbound: true }, 500);
        expect(t.state, s.name).to.equal(s);
        expect(t.effects).to.deep.equal([]);
      }
    });
    it('given an agent on a direct call when it logs out then it logs out when the call ends', () => {
      const r = run([[{ type: 'direct-call', guid: 'd1', outbound: true }, 500], [{ type: 'logout', reason: 'home' }, 600], [{ type: 'call-ended', guid: 'd1', wrapUpMs: 5_000 }, 900]], ready());
      expect(r.state).to.include({ name: 'logged_out', reason: 'home', since: 900 });
      expect(r.effects).to.deep.equal([]);
    });
  });

  describe('a whole shift', () => {
    it('given a day of events then states, times and effects follow the rules', () => {
      const r = run([
        [{ type: 'login' }, 1_000],
        [{ type: 'offer', guid: 'a' }, 2_000],
        [{ type: 'offer-answered', guid: 'a' }, 3_000],
        [{ type: 'not-ready', reason: 'break' }, 4_000],
        [{ type: 'call-ended', guid: 'a', wrapUpMs: 10_000 }, 5_000],
        [{ type: 'ready' }, 6_000],
        [{ type: 'offer', guid: 'b' }, 7_000],
        [{ type: 'offer-answered', guid: 'b' }, 8_000],
        [{ type: 'call-ended', guid: 'b', wrapUpMs: 10_000 }, 9_000],
        [{ type: 'logout' }, 10_000],
      ]);
      expect(r.state).to.include({ name: 'logged_out', reason: null, since: 10_000, queuedSince: 9_000 });
      expect(r.effects).to.deep.equal([{ do: 'start-wrap-up', ms: 10_000 }, { do: 'clear-wrap-up' }]);
    });
  });
});
