/** Issue 18: the admission core (src/overload/admission.ts). */
import { expect } from 'chai';
import { AdmissionControl, calm, checkThresholds, DEFAULT_THRESHOLDS, overloaded, type AdmissionThresholds, type LoadSample } from '../../src/overload/admission';

const T: AdmissionThresholds = { maxEventLoopDelayMs: 100, maxQueuedAriRequests: 50, maxCallsInSetup: 20, resumeRatio: 0.5, resumeAfterMs: 1000 };
const quiet = (at: number, over: Partial<LoadSample> = {}): LoadSample => ({ at, eventLoopDelayMs: 0, queuedAriRequests: 0, callsInSetup: 0, ...over });

describe('admission of new calls (overload)', () => {
  it('given each input at, below and above its bound then exactly the inputs at or above are named, in order', () => {
    const inputs = [['eventLoopDelayMs', 'event-loop-delay', 100], ['queuedAriRequests', 'ari-queue', 50], ['callsInSetup', 'calls-in-setup', 20]] as const;
    for (let mask = 0; mask < 8; mask++) {
      for (const delta of [-1, 0, 1]) {
        const s = quiet(0);
        const expected: string[] = [];
        inputs.forEach(([key, reason, bound], i) => {
          if (mask & (1 << i)) {
            s[key] = bound + delta;
            if (delta >= 0) expected.push(reason);
          }
        });
        expect(overloaded(s, T), `${mask} ${delta}`).to.deep.equal(expected);
      }
    }
  });

  it('given calm levels then calm only when every input is below its fraction of the bound', () => {
    expect(calm(quiet(0, { eventLoopDelayMs: 49, queuedAriRequests: 24, callsInSetup: 9 }), T)).to.equal(true);
    expect(calm(quiet(0, { eventLoopDelayMs: 50 }), T)).to.equal(false);
    expect(calm(quiet(0, { queuedAriRequests: 25 }), T)).to.equal(false);
    expect(calm(quiet(0, { callsInSetup: 10 }), T)).to.equal(false);
    expect(calm(quiet(0), { ...T, maxCallsInSetup: 0 })).to.equal(false);
  });

  it('given bad thresholds then they are refused naming the field; the defaults pass', () => {
    expect(() => checkThresholds({ ...T, maxCallsInSetup: -1 })).to.throw('overload.maxCallsInSetup');
    expect(() => checkThresholds({ ...T, maxEventLoopDelayMs: Number.NaN })).to.throw('overload.maxEventLoopDelayMs');
    expect(() => checkThresholds({ ...T, resumeRatio: 0 })).to.throw('overload.resumeRatio');
    expect(() => checkThresholds({ ...T, resumeRatio: 1.5 })).to.throw('overload.resumeRatio');
    expect(checkThresholds(DEFAULT_THRESHOLDS)).to.equal(DEFAULT_THRESHOLDS);
    expect(() => new AdmissionControl({ ...T, resumeAfterMs: -5 })).to.throw('overload.resumeAfterMs');
  });

  it('given a quiet load then every call is admitted and nothing transitions', () => {
    const a = new AdmissionControl(T);
    for (let t = 0; t < 10; t++) expect(a.admit(quiet(t * 100))).to.deep.equal({ admit: true, reasons: [], transition: null });
  });

  it('given one input reaching its bound then shedding starts at that call, which is refused with the reason', () => {
    const a = new AdmissionControl(T);
    const r = a.admit(quiet(5, { callsInSetup: 20 }));
    expect(r.admit).to.equal(false);
    expect(r.reasons).to.deep.equal(['calls-in-setup']);
    expect(r.transition).to.deep.equal({ from: 'admitting', to: 'shedding', reasons: ['calls-in-setup'], refused: 0, lastedMs: 0 });
    expect(a.state.name).to.equal('shedding');
  });

  it('given shedding then it stops only after every input stayed calm for resumeAfterMs; a relapse or a middling sample restarts the wait', () => {
    const a = new AdmissionControl(T);
    a.evaluate(quiet(0, { eventLoopDelayMs: 200 }));
    expect(a.admit(quiet(100)).admit).to.equal(false); // calm from 100
    expect(a.evaluate(quiet(600))).to.equal(null);
    expect(a.evaluate(quiet(700, { queuedAriRequests: 60 }))).to.equal(null); // relapse: reasons accumulate, wait restarts
    expect(a.state.name === 'shedding' && a.state.reasons).to.deep.equal(['event-loop-delay', 'ari-queue']);
    expect(a.admit(quiet(800)).admit).to.equal(false); // calm from 800
    expect(a.evaluate(quiet(1500, { callsInSetup: 15 }))).to.equal(null); // below the bound but above the resume level: not calm
    expect(a.evaluate(quiet(1600))).to.equal(null); // calm from 1600
    expect(a.admit(quiet(2599)).admit).to.equal(false);
    const end = a.admit(quiet(2600));
    expect(end.admit).to.equal(true);
    expect(end.transition).to.deep.equal({ from: 'shedding', to: 'admitting', reasons: ['event-loop-delay', 'ari-queue'], refused: 3, lastedMs: 2600 });
  });

  it('given resumeAfterMs 0 then the first calm sample ends shedding', () => {
    const a = new AdmissionControl({ ...T, resumeAfterMs: 0 });
    a.evaluate(quiet(0, { callsInSetup: 30 }));
    expect(a.evaluate(quiet(1))?.to).to.equal('admitting');
  });

  it('given maxCallsInSetup 0 then every new call is refused and shedding never ends (a drain)', () => {
    const a = new AdmissionControl({ ...T, maxCallsInSetup: 0 });
    for (let t = 0; t < 20; t++) expect(a.admit(quiet(t * 1000)).admit).to.equal(false);
  });

  it('given new thresholds then the next sample is judged by them', () => {
    const a = new AdmissionControl(T);
    expect(a.admit(quiet(0, { callsInSetup: 5 })).admit).to.equal(true);
    a.setThresholds({ ...T, maxCallsInSetup: 5 });
    expect(a.admit(quiet(1, { callsInSetup: 5 })).admit).to.equal(false);
    a.setThresholds(T);
    expect(a.thresholds).to.equal(T);
    expect(() => a.setThresholds({ ...T, resumeRatio: 2 })).to.throw();
  });

  it('given random load walks then a call is refused exactly while shedding, and admitting resumes only after a calm stretch', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let run = 0; run < 50; run++) {
      const a = new AdmissionControl(T);
      let calmSince: number | null = null;
      for (let t = 0; t < 20000; t += 100) {
        const s = quiet(t, { eventLoopDelayMs: Math.floor(rnd() * 130), queuedAriRequests: Math.floor(rnd() * 60), callsInSetup: Math.floor(rnd() * 24) });
        const wasShedding = a.state.name === 'shedding';
        const over = overloaded(s, T).length > 0;
        calmSince = calm(s, T) ? calmSince ?? t : null;
        const r = a.admit(s);
        if (over) expect(r.admit).to.equal(false);
        if (!wasShedding && !over) expect(r.admit).to.equal(true);
        if (wasShedding && r.admit) expect(t - (calmSince ?? Infinity)).to.be.at.least(T.resumeAfterMs);
        if (!r.admit) expect(r.reasons.length).to.be.greaterThan(0);
      }
    }
  });
});
