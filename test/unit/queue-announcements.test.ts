import { expect } from 'chai';
import { numberPrompts, positionPrompts } from '../../src/acd/announcements';

describe('queue position announcements', () => {
  it('given the first position then the caller hears "you are next"', () => {
    expect(positionPrompts(1)).to.deep.equal(['queue-youarenext']);
  });
  it('given position 4 then the caller hears that 3 calls wait ahead', () => {
    expect(positionPrompts(4)).to.deep.equal(['queue-thereare', 'digits/3', 'queue-callswaiting']);
  });
  it('given numbers then they are said with the sounds Asterisk ships', () => {
    expect(numberPrompts(0)).to.deep.equal(['digits/0']);
    expect(numberPrompts(20)).to.deep.equal(['digits/20']);
    expect(numberPrompts(21)).to.deep.equal(['digits/20', 'digits/1']);
    expect(numberPrompts(90)).to.deep.equal(['digits/90']);
    expect(numberPrompts(100)).to.deep.equal(['digits/1', 'digits/hundred']);
    expect(numberPrompts(345)).to.deep.equal(['digits/3', 'digits/hundred', 'digits/40', 'digits/5']);
  });
  it('given a number it cannot say then it refuses', () => {
    expect(() => numberPrompts(1000)).to.throw(RangeError);
    expect(() => numberPrompts(-1)).to.throw(RangeError);
    expect(() => numberPrompts(1.5)).to.throw(RangeError);
  });
});
