/**
 * Agent states across an app restart (A1): the stop (or a crash's gap) is logged as time logged
 * out, the saved state comes back as it was, with its reason and since, without passing through
 * any other state.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentStopRow, agentTransition, initialAgentState, restoreAgent, APP_CRASHED, APP_STOPPED, type AgentState, type PreviousRun } from '../../src/agents/agent-state';
import { readPreviousRun } from '../../src/agents/agent-service';

const H = 3_600_000;
const stopped: PreviousRun = { ended: 'stopped' };

describe('agent states across an app restart', () => {
  describe('the clean stop (agentStopRow)', () => {
    it('given a logged-in agent when the app stops then a log-only change to logged_out (app-stopped) is written', () => {
      const s = agentTransition(agentTransition(initialAgentState(0), { type: 'login' }, 10).state, { type: 'not-ready', reason: 'lunch' }, 20).state;
      expect(agentStopRow(s, 500)).to.deep.equal({ from: 'not_ready', to: 'logged_out', reason: APP_STOPPED, at: 500, logOnly: true });
    });
    it('given a logged-out agent when the app stops then nothing is written', () => {
      expect(agentStopRow(initialAgentState(0), 500)).to.equal(null);
    });
  });

  describe('the next start (restoreAgent)', () => {
    it('given a not-ready agent and a clean stop then it is not ready again at once, same reason and since, with one row from logged_out', () => {
      const r = restoreAgent({ state: 'not_ready', reason: 'lunch', since: 1 * H }, true, stopped, 3 * H);
      expect(r.state).to.include({ name: 'not_ready', reason: 'lunch', since: 1 * H });
      expect(r.state.after).to.deep.equal({ name: 'not_ready', reason: 'lunch' });
      expect(r.rows).to.deep.equal([{ from: 'logged_out', to: 'not_ready', reason: 'lunch', at: 3 * H, since: 1 * H }]);
      expect(r.rows.some((x) => x.to === 'ready'), 'never through ready').to.equal(false);
    });
    it('given a ready agent and a clean stop then it is ready since its old time, first in line by that time', () => {
      const r = restoreAgent({ state: 'ready', reason: null, since: 2 * H }, false, stopped, 3 * H);
      expect(r.state).to.include({ name: 'ready', reason: null, since: 2 * H, queuedSince: 2 * H, callGuid: null });
      expect(r.rows).to.deep.equal([{ from: 'logged_out', to: 'ready', reason: null, at: 3 * H, since: 2 * H }]);
    });
    it('given a logged-out agent with a reason then it stays logged out with that reason and since, and nothing is written', () => {
      const r = restoreAgent({ state: 'logged_out', reason: 'no-answer', since: 1 * H }, true, stopped, 3 * H);
      expect(r.state).to.include({ name: 'logged_out', reason: 'no-answer', since: 1 * H });
      expect(r.rows).to.deep.equal([]);
    });
    it('given an agent saved during a call, ringing or in wrap-up then it is ready from now (the call did not survive)', () => {
      for (const state of ['on_call', 'ringing', 'wrap_up']) {
        const r = restoreAgent({ state, reason: null, since: 1 * H }, false, stopped, 3 * H);
        expect(r.state, state).to.include({ name: 'ready', reason: null, since: 3 * H });
        expect(r.rows, state).to.deep.equal([{ from: 'logged_out', to: 'ready', reason: null, at: 3 * H }]);
      }
    });
    it('given a crash then the gap is logged out from the last moment the app was alive, then the state comes back', () => {
      const r = restoreAgent({ state: 'ready', reason: null, since: 1 * H }, false, { ended: 'crashed', aliveAt: 2 * H }, 3 * H);
      expect(r.rows).to.deep.equal([
        { from: 'ready', to: 'logged_out', reason: APP_CRASHED, at: 2 * H, logOnly: true },
        { from: 'logged_out', to: 'ready', reason: null, at: 3 * H, since: 1 * H },
      ]);
    });
    it('given a crash just after the agent\'s last change (after the last heartbeat) then the gap starts at that change, never before it', () => {
      const r = restoreAgent({ state: 'not_ready', reason: 'lunch', since: 2 * H + 3000 }, false, { ended: 'crashed', aliveAt: 2 * H }, 3 * H);
      expect(r.rows[0]).to.include({ to: 'logged_out', at: 2 * H + 3000 });
    });
    it('given no trace of the previous run then the saved state is kept without rows (the gap cannot be placed)', () => {
      const r = restoreAgent({ state: 'not_ready', reason: null, since: 1 * H }, false, { ended: 'unknown' }, 3 * H);
      expect(r.state).to.include({ name: 'not_ready', reason: 'break', since: 1 * H });
      expect(r.rows).to.deep.equal([]);
      const call = restoreAgent({ state: 'on_call', reason: null, since: 1 * H }, false, { ended: 'unknown' }, 3 * H);
      expect(call.rows).to.deep.equal([{ from: 'on_call', to: 'ready', reason: null, at: 3 * H }]);
    });
    it('given an agent with no saved state then an auto-ready account logs in and another stays logged out', () => {
      const auto = restoreAgent(undefined, true, stopped, 5);
      expect(auto.state).to.include({ name: 'ready', since: 5 });
      expect(auto.rows).to.deep.equal([{ from: 'logged_out', to: 'ready', reason: null, at: 5 }]);
      const manual = restoreAgent(undefined, false, stopped, 5);
      expect(manual.state).to.deep.equal(initialAgentState(5));
      expect(manual.rows).to.deep.equal([]);
    });
    it('given a restored agent then the state machine goes on from it as from any state', () => {
      const s: AgentState = restoreAgent({ state: 'not_ready', reason: 'lunch', since: 1 * H }, false, stopped, 3 * H).state;
      expect(agentTransition(s, { type: 'ready' }, 4 * H).state).to.include({ name: 'ready', since: 4 * H });
      expect(agentTransition(s, { type: 'not-ready', reason: 'lunch' }, 4 * H).state.since, 'same reason: same since').to.equal(1 * H);
    });
  });

  describe('the alive file (readPreviousRun)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-alive-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    it('reads a clean stop, a crash (alive until a time), and no or a broken file as unknown', () => {
      const f = join(dir, 'alive.json');
      expect(readPreviousRun(f)).to.deep.equal({ ended: 'unknown' });
      writeFileSync(f, JSON.stringify({ aliveAt: '2026-12-07T09:00:00.000Z', stopped: true }));
      expect(readPreviousRun(f)).to.deep.equal({ ended: 'stopped' });
      writeFileSync(f, JSON.stringify({ aliveAt: '2026-12-07T09:00:00.000Z', stopped: false }));
      expect(readPreviousRun(f)).to.deep.equal({ ended: 'crashed', aliveAt: Date.parse('2026-12-07T09:00:00.000Z') });
      writeFileSync(f, '{"aliveAt": "2026-12');
      expect(readPreviousRun(f)).to.deep.equal({ ended: 'unknown' });
      expect(readPreviousRun(undefined)).to.deep.equal({ ended: 'unknown' });
    });
  });
});
