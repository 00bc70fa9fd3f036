/** Issue 18: the two-priority queue in front of ARI requests (src/overload/request-queue.ts). */
import { expect } from 'chai';
import { RequestQueue, type RequestPriority } from '../../src/overload/request-queue';

/** A queue whose started requests are logged by name; `finish()` ends the oldest running one. */
function harness(limit: number) {
  const q = new RequestQueue(limit);
  const started: string[] = [];
  const submit = (p: RequestPriority, name: string) => q.submit(p, () => { started.push(name); });
  return { q, started, submit };
}

/** Every interleaving of submissions of both priorities (as bit patterns) up to n requests. */
function* patterns(n: number): Generator<RequestPriority[]> {
  for (let len = 1; len <= n; len++) {
    for (let bits = 0; bits < 1 << len; bits++) yield Array.from({ length: len }, (_, i) => ((bits >> i) & 1 ? 'accepted' : 'new'));
  }
}

describe('ARI request queue (accepted calls first)', () => {
  it('given a limit below 1 or not whole then it is refused', () => {
    expect(() => new RequestQueue(0)).to.throw(/at least 1/);
    expect(() => new RequestQueue(1.5)).to.throw(/whole/);
  });

  it('given free slots then a request starts at once whatever its priority', () => {
    const { q, started, submit } = harness(2);
    submit('new', 'n1');
    submit('accepted', 'a1');
    expect(started).to.deep.equal(['n1', 'a1']);
    expect(q.inFlight).to.equal(2);
    expect(q.queued).to.equal(0);
  });

  it('given the slots taken then waiting accepted requests go before waiting new ones, each in FIFO order', () => {
    const { q, started, submit } = harness(1);
    submit('new', 'busy');
    submit('new', 'n1');
    submit('accepted', 'a1');
    submit('new', 'n2');
    submit('accepted', 'a2');
    expect(q.stats().queued).to.deep.equal({ accepted: 2, new: 2 });
    for (let i = 0; i < 4; i++) q.done();
    expect(started).to.deep.equal(['busy', 'a1', 'a2', 'n1', 'n2']);
    q.done();
    expect(q.inFlight).to.equal(0);
  });

  it('given every interleaving of up to 8 submissions with limits 1..3 then no request is lost, never more than the limit run, accepted ones never wait behind new ones', () => {
    for (let limit = 1; limit <= 3; limit++) {
      for (const p of patterns(8)) {
        const q = new RequestQueue(limit);
        const order: { i: number; p: RequestPriority }[] = [];
        let maxInFlight = 0;
        p.forEach((prio, i) => q.submit(prio, () => { order.push({ i, p: prio }); maxInFlight = Math.max(maxInFlight, q.inFlight); }));
        const startedAtOnce = order.length;
        while (order.length < p.length) q.done();
        expect(maxInFlight, `${limit} ${p}`).to.be.at.most(limit);
        expect(startedAtOnce).to.equal(Math.min(limit, p.length));
        expect(order.map((o) => o.i).sort((a, b) => a - b)).to.deep.equal(p.map((_, i) => i));
        const waited = order.slice(startedAtOnce);
        const firstNew = waited.findIndex((o) => o.p === 'new');
        if (firstNew >= 0) expect(waited.slice(firstNew).some((o) => o.p === 'accepted'), `${limit} ${p}`).to.equal(false);
        for (const prio of ['accepted', 'new'] as const) {
          const seq = waited.filter((o) => o.p === prio).map((o) => o.i);
          expect(seq).to.deep.equal([...seq].sort((a, b) => a - b));
        }
        const st = q.stats();
        expect(st.submitted.accepted + st.submitted.new).to.equal(p.length);
        expect(st.waited.accepted + st.waited.new).to.equal(p.length - startedAtOnce);
      }
    }
  });

  it('given a start that throws then its slot is freed and the next one starts', () => {
    const q = new RequestQueue(1);
    const started: string[] = [];
    q.submit('new', () => { started.push('busy'); });
    q.submit('new', () => { started.push('boom'); throw new Error('boom'); });
    q.submit('accepted', () => { started.push('a'); });
    q.done();
    expect(started).to.deep.equal(['busy', 'a']);
    q.done();
    expect(started).to.deep.equal(['busy', 'a', 'boom']);
    expect(q.inFlight).to.equal(0);
  });

  it('given more done() than starts then the count never goes below zero', () => {
    const q = new RequestQueue(1);
    q.done();
    expect(q.inFlight).to.equal(0);
  });

  it('given requests waited then the peak is kept after the queue drains', () => {
    const { q, submit } = harness(1);
    for (let i = 0; i < 5; i++) submit('new', `n${i}`);
    for (let i = 0; i < 5; i++) q.done();
    expect(q.stats().peakQueued).to.equal(4);
    expect(q.queued).to.equal(0);
  });
});
