/** Issue 16 section 4: blocks kept from an earlier run are taken back by the pure guard. */
import { expect } from 'chai';
import { BruteForceGuard, type Block } from '../../src/security/brute-force-guard';

const rules = { failures: 3, windowMs: 60000, blockMs: 900000, neverBlock: ['127.0.0.1'] };
const block = (address: string, since: number, until: number): Block => ({ address, since, until, failures: 10, why: 'InvalidPassword' });

describe('brute-force guard: restoring kept blocks', () => {
  it('given kept blocks then those in force are blocked until their own end, and expire then', () => {
    const g = new BruteForceGuard(rules);
    const taken = g.restore([block('192.0.2.1', 1000, 50000), block('192.0.2.2', 1000, 9000)], 10000);
    expect(taken.map((b) => b.address), 'the one already over is left out').to.deep.equal(['192.0.2.1']);
    expect(g.isBlocked('192.0.2.1', 49999)).to.equal(true);
    expect(g.isBlocked('192.0.2.2', 10000)).to.equal(false);
    expect(g.expire(49999)).to.deep.equal([]);
    expect(g.expire(50000).map((b) => b.address)).to.deep.equal(['192.0.2.1']);
    expect(g.active(50000)).to.deep.equal([]);
  });

  it('given an address on the never-block list then its kept block is not taken back', () => {
    const g = new BruteForceGuard(rules);
    expect(g.restore([block('127.0.0.1', 1000, 50000)], 2000)).to.deep.equal([]);
    expect(g.isBlocked('127.0.0.1', 2000)).to.equal(false);
  });

  it('given an address already blocked in this run then the later end wins, and a restored block can be lifted', () => {
    const g = new BruteForceGuard(rules);
    for (let i = 0; i < 3; i++) g.failure('192.0.2.3', 'InvalidPassword', 1000);
    expect(g.active(1000)[0].until).to.equal(901000);
    g.restore([block('192.0.2.3', 500, 2000)], 1000);
    expect(g.active(1000)[0].until, 'an earlier end does not shorten it').to.equal(901000);
    g.restore([block('192.0.2.3', 500, 990000)], 1000);
    expect(g.active(1000)[0].until).to.equal(990000);
    expect(g.lift('192.0.2.3')).to.equal(true);
    expect(g.isBlocked('192.0.2.3', 1000)).to.equal(false);
  });
});
