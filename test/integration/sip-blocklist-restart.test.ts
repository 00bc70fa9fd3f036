/**
 * O4, issue 16 section 4: SIP blocks are kept in MySQL (sip_blocks) with their expiry. An app
 * that restarts alone (Asterisk keeps running) reads them back: the API lists them, Asterisk
 * keeps refusing the address, the block ends when it was due to, and an admin can still lift it.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { site } from './harness/site';
import { until } from './harness/wait';
import { api } from './harness/api-client';

const run = promisify(execFile);
const SCENARIO = resolve(__dirname, '../../../test/sipp/register-wrong-password.xml');
const ATTACKER = '127.0.0.9';
const BLOCK_SEC = 20;
const app = () => site.product.app;
/** A new app (this file's block for BLOCK_SEC: the expiry is seen within the test), once its AMI and ARI links are up. */
async function restart(blockSec: number | null = BLOCK_SEC): Promise<void> {
  await site.product.restartApp(blockSec === null ? {} : { security: { ...site.product.config.security, blockSec } });
  await app().ami.whenUp(15000);
  await until('the new app\'s ARI link', 15000, () => !!app().ari.current, 50);
}

interface BlockView { address: string; since: string; until: string; failures: number; why: string }
const listed = async () => (await api<{ blocks: BlockView[] }>('GET', '/api/v1/security/blocks', undefined, 'admin')).body.blocks;

/** SIPp from the attacker's address: `calls` REGISTERs answering the challenge with a wrong password; how many were challenged. */
async function attack(calls: number): Promise<number> {
  const { bindAddress, port } = site.product.config.sip;
  const out = await run('sipp', [`${bindAddress}:${port}`, '-sf', SCENARIO, '-i', ATTACKER, '-p', '5099', '-m', String(calls), '-r', '20', '-recv_timeout', '1500', '-timeout', '60s', '-nostdin'], { timeout: 90000 })
    .then((r) => r.stdout + r.stderr, (err: { stdout?: string; stderr?: string }) => `${err.stdout ?? ''}${err.stderr ?? ''}`);
  return Number(/Successful call\s+\|\s+\d+\s+\|\s+(\d+)/.exec(out)?.[1] ?? 0);
}

async function blockAttacker(): Promise<BlockView> {
  await attack(12);
  await until(`${ATTACKER} blocked`, 10000, () => app().blocklist.blocks().some((b) => b.address === ATTACKER), 100);
  await app().blocklist.settled();
  expect(await attack(1), 'blocked: no challenge').to.equal(0);
  const block = (await listed()).find((b) => b.address === ATTACKER);
  expect(block, 'listed before the restart').to.not.equal(undefined);
  return block!;
}

describe('SIP blocklist across an app restart (O4, issue 16 section 4)', function () {
  this.timeout(180000);

  before(() => restart());
  afterEach(async () => {
    if (app().blocklist.blocks().some((b) => b.address === ATTACKER)) await api('DELETE', `/api/v1/security/blocks/${ATTACKER}`, undefined, 'admin');
  });
  after(() => restart(null));

  it('given 127.0.0.9 is blocked when the app restarts alone then the block and its expiry survive: listed, still refused, ended on time', async () => {
    const before = await blockAttacker();

    await restart();
    const after = (await listed()).find((b) => b.address === ATTACKER);
    expect(after, 'the new app lists the block').to.deep.equal(before);
    await app().blocklist.settled();
    expect(await attack(1), 'Asterisk still refuses it after the restart').to.equal(0);

    const due = Date.parse(before.until);
    expect(Date.now(), 'the test reached this point before the block was due to end').to.be.below(due - 2000);
    await until(`${ATTACKER} challenged again after ${before.until}`, BLOCK_SEC * 1000 + 15000, async () => (await attack(1)) === 1, 500);
    expect(Date.now(), 'not lifted before its expiry').to.be.at.least(due);
    expect((await listed()).some((b) => b.address === ATTACKER), 'no longer listed').to.equal(false);
  });

  it('given a block read back after a restart when an admin lifts it then Asterisk challenges the address again and the next restart does not bring it back', async () => {
    await blockAttacker();
    await restart();
    expect((await listed()).some((b) => b.address === ATTACKER), 'restored').to.equal(true);

    expect((await api('DELETE', `/api/v1/security/blocks/${ATTACKER}`, undefined, 'admin')).status).to.equal(200);
    await until(`${ATTACKER} challenged again`, 15000, async () => (await attack(1)) === 1, 500);

    await restart();
    expect(app().blocklist.blocks(), 'the lifted block stays lifted').to.deep.equal([]);
    expect(await attack(1), 'challenged after the second restart').to.equal(1);
  });
});
