import { expect } from 'chai';
import fc from 'fast-check';
import { amdVerdict, inFlight, needsAgent, outcomeOfCause, predictiveTransition, type PredictiveEvent, type PredictivePhase } from '../../src/campaigns/predictive/attempt-state';
import { abandonRate, count, pacingInput, RecentMean, type AbandonWindow } from '../../src/campaigns/predictive/accounting';
import { pace } from '../../src/campaigns/pacing';

const PHASES: PredictivePhase[] = ['dialling', 'screening', 'waiting', 'agent-ringing', 'bridged', 'safe-harbor', 'machine', 'ended'];
const EVENTS: PredictiveEvent[] = [
  { type: 'answered' }, { type: 'screen' }, { type: 'human' }, { type: 'machine' }, { type: 'agent-rung', agent: '1001' }, { type: 'agent-answered' },
  { type: 'agent-missed' }, { type: 'no-agent' }, { type: 'failed', outcome: 'busy' }, { type: 'failed', outcome: 'no-answer' }, { type: 'hangup' },
];

/** Runs events from dialling, ignoring those that do not apply; returns the phases and the outcome. */
function run(events: PredictiveEvent[]) {
  let phase: PredictivePhase = 'dialling';
  const seen: PredictivePhase[] = [phase];
  let outcome: string | null = null;
  for (const e of events) {
    const t = predictiveTransition(phase, e);
    if (!t) continue;
    phase = t.to;
    seen.push(phase);
    if (t.outcome) outcome = t.outcome;
  }
  return { phase, seen, outcome };
}

describe('predictive attempt phases (issue 22)', () => {
  it('an answered customer joined to an agent ends answered', () => {
    const r = run([{ type: 'answered' }, { type: 'agent-rung', agent: '1001' }, { type: 'agent-answered' }, { type: 'hangup' }]);
    expect(r.seen).to.deep.equal(['dialling', 'waiting', 'agent-ringing', 'bridged', 'ended']);
    expect(r.outcome).to.equal('answered');
  });

  it('no agent within 2 s: safe-harbor, then abandoned; a customer hanging up while waiting or while an agent rings is abandoned too', () => {
    expect(run([{ type: 'answered' }, { type: 'no-agent' }, { type: 'hangup' }]).outcome).to.equal('abandoned');
    expect(run([{ type: 'answered' }, { type: 'hangup' }]).outcome).to.equal('abandoned');
    expect(run([{ type: 'answered' }, { type: 'agent-rung', agent: '1001' }, { type: 'hangup' }]).outcome).to.equal('abandoned');
    expect(run([{ type: 'answered' }, { type: 'agent-rung', agent: '1001' }, { type: 'agent-missed' }, { type: 'no-agent' }, { type: 'hangup' }]).seen)
      .to.deep.equal(['dialling', 'waiting', 'agent-ringing', 'waiting', 'safe-harbor', 'ended']);
  });

  it('AMD: a machine ends as machine (never abandoned, never answered); a person goes on as answered', () => {
    expect(run([{ type: 'screen' }, { type: 'machine' }, { type: 'hangup' }]).outcome).to.equal('machine');
    expect(run([{ type: 'screen' }, { type: 'human' }, { type: 'agent-rung', agent: '1002' }, { type: 'agent-answered' }, { type: 'hangup' }]).outcome).to.equal('answered');
    expect(run([{ type: 'screen' }, { type: 'hangup' }]).outcome, 'gone during the greeting').to.equal('no-answer');
    expect(amdVerdict('MACHINE')).to.equal('machine');
    for (const s of ['HUMAN', 'NOTSURE', 'HANGUP', '']) expect(amdVerdict(s), s).to.equal('human');
  });

  it('a dial that is not answered ends with its cause\'s outcome', () => {
    expect(run([{ type: 'failed', outcome: 'busy' }]).outcome).to.equal('busy');
    expect(outcomeOfCause(17)).to.equal('busy');
    expect(outcomeOfCause(19)).to.equal('no-answer');
    expect(outcomeOfCause(34)).to.equal('failed');
  });

  it('any sequence of events: exactly one end at most, ended is final, an agent talks only after an answer, in flight only before it', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...EVENTS), { maxLength: 20 }), (events) => {
      const r = run(events);
      expect(r.seen.filter((p) => p === 'ended').length).to.be.at.most(1);
      if (r.seen.includes('ended')) expect(r.seen[r.seen.length - 1]).to.equal('ended');
      expect(r.outcome === null).to.equal(r.phase !== 'ended');
      const bridged = r.seen.indexOf('bridged');
      if (bridged >= 0) expect(r.seen.slice(0, bridged)).to.include('waiting');
      if (r.outcome === 'answered') expect(r.seen).to.include('bridged');
      if (r.outcome === 'abandoned') expect(r.seen).to.include('waiting');
      if (r.outcome === 'machine') expect(r.seen).to.include('machine');
    }));
    for (const p of PHASES) expect(inFlight(p)).to.equal(p === 'dialling' || p === 'screening');
    for (const p of PHASES) expect(needsAgent(p)).to.equal(p === 'waiting');
    for (const e of EVENTS) expect(predictiveTransition('ended', e)).to.equal(null);
  });
});

describe('predictive abandon accounting (issue 22)', () => {
  const empty: AbandonWindow = { answered: 0, abandoned: 0, resolved: 0 };

  it('counts live answers only: machines, busy and no answer are dials, not answers; agent-missed is not a dial', () => {
    const w = (['answered', 'abandoned', 'machine', 'busy', 'no-answer', 'failed', 'agent-missed'] as const).reduce(count, empty);
    expect(w).to.deep.equal({ answered: 2, abandoned: 1, resolved: 6 });
    expect(abandonRate(w)).to.equal(0.5);
    expect(abandonRate(empty)).to.equal(0);
  });

  it('customers waiting for an agent take ready agents and lines first', () => {
    const i = pacingInput({ readyAgents: 3, talking: 1, inFlight: 2, waiting: 2, window: { answered: 100, abandoned: 1, resolved: 300 }, avgHandleSec: 120, avgAnswerSec: 8, abandonCapPct: 3, maxLines: 10 });
    expect(i).to.include({ mode: 'predictive', readyAgents: 1, busyAgents: 1, inFlight: 2, answered: 100, abandoned: 1, resolved: 300, maxLines: 8 });
    expect(i.abandonCap).to.be.closeTo(0.03, 1e-9);
  });

  it('with the window fed by the outcomes, the worst case never pushes the rate over the cap (the guard holds for what the pacing dials)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 3000 }), fc.double({ min: 0, max: 0.03, noNaN: true }),
      (ready, waiting, answered, share) => {
        const win = { answered, abandoned: Math.floor(answered * share), resolved: answered * 3 };
        const i = pacingInput({ readyAgents: ready + waiting, talking: 0, inFlight: 0, waiting, window: win, avgHandleSec: 120, avgAnswerSec: 8, abandonCapPct: 3, maxLines: 50 });
        const d = pace(i);
        // Every line dialled now answered at once, with only the agents left after the waiting customers:
        const worst = Math.max(0, d.dials - i.readyAgents);
        expect(win.abandoned + worst).to.be.at.most(0.03 * (win.answered + d.dials) + 1e-9);
      }));
  });

  it('a recent mean forgets old samples and starts from its prior', () => {
    const m = new RecentMean(3, 120);
    expect(m.value).to.equal(120);
    [10, 20, 30, 40].forEach((x) => m.add(x));
    expect(m.value).to.equal(30);
    m.add(-1);
    m.add(Number.NaN);
    expect(m.value).to.equal(30);
  });
});
