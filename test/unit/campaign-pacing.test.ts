import { expect } from 'chai';
import fc from 'fast-check';
import { answerRate, expectedExcess, guardHolds, pace, type PacingInput } from '../../src/campaigns/pacing';
import { simulate, type SimulationParams } from '../../src/campaigns/simulation';

const base: PacingInput = {
  mode: 'progressive', readyAgents: 0, busyAgents: 0, inFlight: 0, answered: 0, abandoned: 0, resolved: 0,
  avgHandleSec: 120, avgAnswerSec: 10, abandonCap: 0.03, maxLines: 100,
};

const floor = fc.record({
  readyAgents: fc.integer({ min: 0, max: 40 }), busyAgents: fc.integer({ min: 0, max: 40 }), inFlight: fc.integer({ min: 0, max: 80 }),
  answered: fc.integer({ min: 0, max: 5000 }), abandonedShare: fc.double({ min: 0, max: 0.03, noNaN: true }), resolvedExtra: fc.integer({ min: 0, max: 20000 }),
  avgHandleSec: fc.integer({ min: 5, max: 900 }), avgAnswerSec: fc.integer({ min: 1, max: 40 }), abandonCap: fc.double({ min: 0.005, max: 0.1, noNaN: true }),
  maxLines: fc.integer({ min: 1, max: 200 }),
}).map((f): Omit<PacingInput, 'mode'> => ({
  readyAgents: f.readyAgents, busyAgents: f.busyAgents, inFlight: f.inFlight, answered: f.answered,
  abandoned: Math.floor(f.answered * Math.min(f.abandonedShare, f.abandonCap)), resolved: f.answered + f.resolvedExtra,
  avgHandleSec: f.avgHandleSec, avgAnswerSec: f.avgAnswerSec, abandonCap: f.abandonCap, maxLines: f.maxLines,
}));

describe('campaign pacing (issue 22)', () => {
  it('preview never dials by itself', () => {
    fc.assert(fc.property(floor, (f) => { expect(pace({ ...f, mode: 'preview' }).dials).to.equal(0); }));
  });

  it('progressive dials exactly one call per ready agent not already served by a call in flight, within the lines', () => {
    fc.assert(fc.property(floor, (f) => {
      const d = pace({ ...f, mode: 'progressive' });
      expect(d.dials).to.equal(Math.max(0, Math.min(f.readyAgents - f.inFlight, f.maxLines - f.inFlight)));
    }));
    expect(pace({ ...base, readyAgents: 2 }).dials).to.equal(2);
    expect(pace({ ...base, readyAgents: 2, inFlight: 1 }).dials).to.equal(1);
    expect(pace({ ...base, readyAgents: 0, busyAgents: 5 }).dials).to.equal(0);
  });

  it('predictive never dials fewer than progressive and never breaks the worst-case abandon guard', () => {
    fc.assert(fc.property(floor, (f) => {
      const pred = pace({ ...f, mode: 'predictive' });
      const prog = pace({ ...f, mode: 'progressive' });
      expect(pred.dials).to.be.at.least(prog.dials);
      expect(f.inFlight + pred.dials).to.be.at.most(Math.max(f.maxLines, f.inFlight));
      if (pred.dials > prog.dials) expect(guardHolds(f.answered, f.abandoned, f.inFlight + pred.dials, f.readyAgents, f.abandonCap)).to.equal(true);
    }));
  });

  it('predictive with no history dials like progressive (the guard has no answers to spread an abandon over)', () => {
    expect(pace({ ...base, mode: 'predictive', readyAgents: 5 }).dials).to.equal(5);
  });

  it('predictive dials more than one per agent once the answer rate is known to be low', () => {
    const d = pace({ ...base, mode: 'predictive', readyAgents: 10, answered: 2000, abandoned: 10, resolved: 10000 });
    expect(d.dials).to.be.greaterThan(10);
    expect(d.answerRate).to.be.closeTo(0.2, 0.01);
  });

  it('the expected excess of a binomial matches a direct sum', () => {
    expect(expectedExcess(3, 0.5, 1)).to.be.closeTo((1 * 3 / 8) + (2 * 1 / 8), 1e-12);
    expect(expectedExcess(2, 1, 1)).to.be.closeTo(1, 1e-12);
    expect(expectedExcess(4, 0.3, 4)).to.equal(0);
    expect(answerRate(0, 0)).to.equal(0.5);
  });

  const params = fc.record({
    mode: fc.constantFrom('progressive' as const, 'predictive' as const),
    agents: fc.integer({ min: 1, max: 25 }),
    answerRate: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
    avgHandleSec: fc.integer({ min: 20, max: 400 }),
    ringSpreadSec: fc.integer({ min: 0, max: 20 }),
    abandonCap: fc.constantFrom(0.01, 0.03, 0.05),
    maxLines: fc.integer({ min: 1, max: 120 }),
    durationSec: fc.constant(2 * 3600),
    seed: fc.integer(),
  });

  it('over simulated runs the measured abandon rate never exceeds the cap, at any second (property)', function () {
    this.timeout(120000);
    fc.assert(fc.property(params, (p: SimulationParams) => {
      const r = simulate(p);
      expect(r.worstRate, JSON.stringify(r)).to.be.at.most(p.abandonCap + 1e-9);
      if (p.mode === 'progressive') expect(r.abandoned).to.equal(0);
    }), { numRuns: 60 });
  });

  it('predictive keeps more agents busy than progressive when few calls are answered (simulated, 8 h, 20 agents, 25 % answered)', function () {
    this.timeout(60000);
    const p: SimulationParams = { mode: 'progressive', agents: 20, answerRate: 0.25, avgHandleSec: 120, ringSpreadSec: 15, abandonCap: 0.03, maxLines: 200, durationSec: 8 * 3600, seed: 22 };
    const prog = simulate(p);
    const pred = simulate({ ...p, mode: 'predictive' });
    expect(pred.occupancy).to.be.greaterThan(prog.occupancy);
    expect(pred.abandonRate).to.be.at.most(0.03);
    expect(pred.abandoned, 'it does use its abandon budget').to.be.greaterThan(0);
  });
});
