/** Issue 18: the overload guard adapter (src/overload/overload-guard.ts): one log line per transition, counts, status. */
import { expect } from 'chai';
import { OverloadGuard } from '../../src/overload/overload-guard';
import { RequestQueue } from '../../src/overload/request-queue';
import { DEFAULT_THRESHOLDS } from '../../src/overload/admission';

function guard(callsInSetup: () => number, queue = new RequestQueue(1)) {
  const lines: { level: string; msg: string; fields: Record<string, unknown> }[] = [];
  const log = {
    warn: (fields: Record<string, unknown>, msg: string) => lines.push({ level: 'warn', msg, fields }),
    info: (fields: Record<string, unknown>, msg: string) => lines.push({ level: 'info', msg, fields }),
  } as never;
  let now = 0;
  const g = new OverloadGuard({ log, callsInSetup, queue, thresholds: { ...DEFAULT_THRESHOLDS, maxCallsInSetup: 2, maxQueuedAriRequests: 3, resumeAfterMs: 1000 }, now: () => now });
  return { g, lines, advance: (ms: number) => { now += ms; } };
}

describe('overload guard', () => {
  it('given calls in setup reaching the bound then one warning when shedding starts, each refusal counted, one warning when it stops', () => {
    let setup = 0;
    const { g, lines, advance } = guard(() => setup);
    expect(g.admitNewCall()).to.deep.equal({ admit: true, reasons: [] });
    setup = 2;
    for (let i = 0; i < 3; i++) expect(g.admitNewCall()).to.deep.equal({ admit: false, reasons: ['calls-in-setup'] });
    expect(lines.map((l) => l.msg)).to.deep.equal(['overload: shedding new calls (refused with SIP 503) until the load falls']);
    expect(g.status()).to.include({ shedding: true, refusedTotal: 3, since: new Date(0).toISOString() });
    setup = 0;
    expect(g.admitNewCall().admit, 'calm, but not for long enough').to.equal(false);
    advance(1000);
    expect(g.admitNewCall().admit).to.equal(true);
    expect(lines.map((l) => l.msg)).to.have.length(2);
    expect(lines[1]).to.deep.include({ msg: 'overload over: taking new calls again' });
    expect(lines[1].fields).to.include({ refused: 4, lastedSec: 1 });
    expect(g.status()).to.deep.include({ shedding: false, since: null, reasons: [], refusedTotal: 4, sample: { eventLoopDelayMs: 0, queuedAriRequests: 0, callsInSetup: 0 } });
  });

  it('given ARI requests waiting in the queue then they count; new thresholds apply at once', () => {
    const q = new RequestQueue(1);
    for (let i = 0; i < 4; i++) q.submit('new', () => undefined);
    const { g } = guard(() => 0, q);
    expect(g.admitNewCall()).to.deep.equal({ admit: false, reasons: ['ari-queue'] });
    const { g: g2 } = guard(() => 0);
    g2.setThresholds({ ...g2.thresholds, maxCallsInSetup: 0 });
    expect(g2.status().shedding, 'a bound of 0 sheds at once (a drain)').to.equal(true);
    expect(() => g2.setThresholds({ ...g2.thresholds, resumeRatio: 0 })).to.throw('overload.resumeRatio');
  });

  it('given start then its disposer stops the sampling', () => {
    const { g } = guard(() => 0);
    const stop = g.start();
    expect(stop).to.be.a('function');
    stop();
    stop();
  });
});
