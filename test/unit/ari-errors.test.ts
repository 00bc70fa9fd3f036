import { expect } from 'chai';
import { ifStillThere, isAllocationFailure, isGone } from '../../src/ari/errors';

describe('ARI error classification', () => {
  it('given a 404 or 422 status then the channel is gone', () => {
    expect(isGone(Object.assign(new Error('x'), { status: 404 }))).to.equal(true);
    expect(isGone(Object.assign(new Error('x'), { status: 422 }))).to.equal(true);
    expect(isGone(Object.assign(new Error('x'), { status: 500 }))).to.equal(false);
  });
  it('given ari-client errors without a status then ARI\'s documented bodies decide', () => {
    expect(isGone(new Error('{"message":"Channel not found"}'))).to.equal(true);
    expect(isGone(new Error('{"message":"Channel not in Stasis application"}'))).to.equal(true);
    expect(isGone(new Error('{"message":"Allocation failed"}'))).to.equal(false);
    expect(isGone(null)).to.equal(false);
  });
  it('given a gone channel then ifStillThere resolves false; other errors still throw', async () => {
    expect(await ifStillThere(() => Promise.reject(new Error('{"message":"Bridge not found"}')))).to.equal(false);
    expect(await ifStillThere(() => Promise.resolve())).to.equal(true);
    let thrown = false;
    await ifStillThere(() => Promise.reject(new Error('boom'))).catch(() => { thrown = true; });
    expect(thrown).to.equal(true);
  });
  it('given ARI refused an originate with "Allocation failed" then the endpoint is unreachable; other failures are not', () => {
    expect(isAllocationFailure(new Error('{"error":"Allocation failed"}'))).to.equal(true);
    expect(isAllocationFailure(new Error('ARI link is down'))).to.equal(false);
    expect(isAllocationFailure(null)).to.equal(false);
  });
});
