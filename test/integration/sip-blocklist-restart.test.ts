/**
 * O4: blocks live in the app's memory, the ACL in a file Asterisk keeps loaded. An app that
 * restarts alone (Asterisk keeps running) must not leave the previous run's blocks in Asterisk,
 * where nobody could see, expire or lift them.
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
const app = () => site.product.app;

/** SIPp from the attacker's address: `calls` REGISTERs answering the challenge with a wrong password; how many were challenged. */
async function attack(calls: number): Promise<number> {
  const { bindAddress, port } = site.product.config.sip;
  const out = await run('sipp', [`${bindAddress}:${port}`, '-sf', SCENARIO, '-i', ATTACKER, '-p', '5099', '-m', String(calls), '-r', '20', '-recv_timeout', '1500', '-timeout', '60s', '-nostdin'], { timeout: 90000 })
    .then((r) => r.stdout + r.stderr, (err: { stdout?: string; stderr?: string }) => `${err.stdout ?? ''}${err.stderr ?? ''}`);
  return Number(/Successful call\s+\|\s+\d+\s+\|\s+(\d+)/.exec(out)?.[1] ?? 0);
}

describe('SIP blocklist across an app restart (O4)', function () {
  this.timeout(120000);

  after(async () => {
    if (app().blocklist.blocks().length) await api('DELETE', `/api/v1/security/blocks/${ATTACKER}`, undefined, 'admin');
  });

  it('given 127.0.0.9 is blocked when the app restarts alone then Asterisk stops refusing it too', async () => {
    await attack(12);
    await until(`${ATTACKER} blocked`, 10000, () => app().blocklist.blocks().some((b) => b.address === ATTACKER), 100);
    await app().blocklist.settled();
    expect(await attack(1), 'blocked: no challenge').to.equal(0);

    await site.product.restartApp();
    expect(app().blocklist.blocks(), 'the new app knows no block').to.deep.equal([]);
    await until(`${ATTACKER} challenged again`, 30000, async () => (await attack(1)) === 1, 500);
  });
});
