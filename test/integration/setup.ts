/** Root hooks: the test site starts once before all integration suites and must end clean. */
import { expect } from 'chai';
import { releaseHostLock, takeHostLock } from './harness/host-lock';
import { site } from './harness/site';

export const mochaHooks = {};

before(async function () {
  // Another integration run on this host (the site's SIP addresses are fixed) finishes first.
  this.timeout(40 * 60000 + 120000);
  await takeHostLock(40 * 60000);
  await site.start();
});

/** What each test left behind (unexpected rings, bridges): the run fails at the end, naming the tests. */
const leftovers: string[] = [];

afterEach(async function () {
  this.timeout(20000);
  await site.settle();
  const left = site.takeLeftovers();
  for (const l of left) leftovers.push(`${this.currentTest?.fullTitle() ?? 'a test'}: ${l}`);
  if (left.length) process.stdout.write(`      LEFT BEHIND: ${left.join('; ')}\n`);
});

after(async function () {
  this.timeout(60000);
  try {
    expect(leftovers, 'tests that left rings or bridges behind').to.deep.equal([]);
    // No channel, bridge or call object may outlive the suite.
    const ari = site.product.ari();
    expect(await ari.channels.list(), 'channels left in Asterisk').to.have.length(0);
    expect(await ari.bridges.list(), 'bridges left in Asterisk').to.have.length(0);
    expect(site.product.app.registry.size, 'calls left in the registry').to.equal(0);
    expect(site.product.app.registry.channelCount, 'channel entries left in the registry').to.equal(0);
  } finally {
    await site.stop();
    releaseHostLock();
  }
});
