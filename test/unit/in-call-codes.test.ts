import { expect } from 'chai';
import { InCallKeys, type InCallRequest } from '../../src/calls/in-call-codes';

const CODES = { transfer: '*5', transferToGroup: '*6', consult: '*8' };

function keys(seq: string, reader = new InCallKeys(CODES), start = 0, stepMs = 100): (InCallRequest | null)[] {
  return [...seq].map((d, i) => reader.feed(d, start + i * stepMs));
}

const last = (seq: string, reader?: InCallKeys) => keys(seq, reader).filter((r) => r !== null);

describe('in-call feature codes (InCallKeys)', () => {
  it('given *58001# then it asks for a blind transfer to 8001, only once the # is keyed', () => {
    const out = keys('*58001#');
    expect(out.slice(0, -1).every((r) => r === null)).to.equal(true);
    expect(out.at(-1)).to.deep.equal({ kind: 'transfer', target: '8001' });
  });

  it('given *62# then it asks for a transfer to group 2', () => {
    expect(last('*62#')).to.deep.equal([{ kind: 'transfer-group', group: '2' }]);
  });

  it('given *8, a number and # then consult starts at once and the number is dialled at #', () => {
    const out = keys('*81003#');
    expect(out[1]).to.deep.equal({ kind: 'consult' });
    expect(out.at(-1)).to.deep.equal({ kind: 'consult-dial', number: '1003' });
    expect(out.filter((r) => r !== null)).to.have.length(2);
  });

  it('given *8 while consulting then the consult is cancelled; a new *8 afterwards starts a new one', () => {
    const r = new InCallKeys(CODES);
    expect(last('*81003#', r)).to.have.length(2);
    expect(last('*8', r)).to.deep.equal([{ kind: 'consult-cancel' }]);
    expect(last('*8', r)).to.deep.equal([{ kind: 'consult' }]);
  });

  it('given *8 and then * 8 before any number then the consult is cancelled (back to the caller)', () => {
    expect(last('*8*8')).to.deep.equal([{ kind: 'consult' }, { kind: 'consult-cancel' }]);
  });

  it('given plain digits, *5# without a target, or an unknown code then nothing is asked', () => {
    expect(last('12345#')).to.deep.equal([]);
    expect(last('*5#')).to.deep.equal([]);
    expect(last('*4123#')).to.deep.equal([]);
    expect(last('*5abc#')).to.deep.equal([]);
  });

  it('given a pause longer than the gap inside a code then the keys before it are forgotten', () => {
    const r = new InCallKeys(CODES, 1000);
    expect(r.feed('*', 0)).to.equal(null);
    expect(r.feed('5', 5000)).to.equal(null);
    expect(keys('8001#', r, 5100)).to.deep.equal([null, null, null, null, null]);
  });

  it('given junk before a code then the code still works after it', () => {
    expect(last('77*51002#')).to.deep.equal([{ kind: 'transfer', target: '1002' }]);
  });

  it('given a transfer code during a consult then it is ignored (finish or cancel the consult first)', () => {
    const r = new InCallKeys(CODES);
    last('*81003#', r);
    expect(last('*51004#', r)).to.deep.equal([]);
  });

  it('given a target longer than 16 digits then no transfer is asked', () => {
    expect(last(`*5${'1'.repeat(17)}#`)).to.deep.equal([]);
  });
});
