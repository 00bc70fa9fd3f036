/**
 * O4: a SIP brute-force attack from 127.0.0.9 (SIPp guessing 1001's password) gets that address
 * blocked by Asterisk itself; the phones on 127.0.0.5 keep registering; an admin lifts the block.
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
const app = () => site.product.app;

/** Runs SIPp from 127.0.0.9: `calls` REGISTER attempts with a wrong password; returns how many got an answer. */
async function attack(calls: number): Promise<{ answered: number; failed: number }> {
  const { host, port } = { host: site.product.config.sip.bindAddress, port: site.product.config.sip.port };
  const out = await run('sipp', [`${host}:${port}`, '-sf', SCENARIO, '-i', '127.0.0.9', '-p', '5099', '-m', String(calls), '-r', '20', '-recv_timeout', '1500', '-timeout', '60s', '-nostdin'], { timeout: 90000 })
    .then((r) => r.stdout + r.stderr, (err: { stdout?: string; stderr?: string }) => `${err.stdout ?? ''}${err.stderr ?? ''}`);
  const successful = /Successful call\s+\|\s+\d+\s+\|\s+(\d+)/.exec(out);
  const failed = /Failed call\s+\|\s+\d+\s+\|\s+(\d+)/.exec(out);
  return { answered: Number(successful?.[1] ?? 0), failed: Number(failed?.[1] ?? 0) };
}

describe('SIP brute force (O4)', function () {
  this.timeout(120000);

  after(async () => {
    if (app().blocklist.blocks().length) await api('DELETE', '/api/v1/security/blocks/127.0.0.9', undefined, 'admin');
  });

  it('given 30 wrong-password REGISTERs from 127.0.0.9 then that address is blocked, the phones are not, and an admin can lift the block', async () => {
    await attack(30);
    await until('127.0.0.9 blocked', 10000, () => app().blocklist.blocks().some((b) => b.address === '127.0.0.9'), 100);
    await app().blocklist.settled();
    const blocks = await api<{ blocks: { address: string; failures: number }[] }>('GET', '/api/v1/security/blocks', undefined, 'admin');
    expect(blocks.body.blocks.map((b) => b.address)).to.deep.equal(['127.0.0.9']);
    expect((await api('GET', '/api/v1/security/blocks', undefined, 'supervisor')).status, 'admins only').to.equal(403);

    // Blocked: Asterisk no longer challenges that address.
    const again = await attack(3);
    expect(again.answered, 'no challenge answered to a blocked address').to.equal(0);

    // The phones on 127.0.0.5 are not affected: a fresh registration succeeds.
    await site.phones.cli('pjsip send register reg-1002');
    await until('1002 registered again', 10000, async () => (await site.phones.registrationStatus('reg-1002')) === 'Registered', 250);

    expect((await api('DELETE', '/api/v1/security/blocks/127.0.0.9', undefined, 'admin')).status).to.equal(200);
    expect((await api('DELETE', '/api/v1/security/blocks/127.0.0.9', undefined, 'admin')).status).to.equal(404);
    expect((await api('DELETE', "/api/v1/security/blocks/1'%20OR%201=1", undefined, 'admin')).status).to.equal(400);
    const lifted = await attack(1);
    expect(lifted.answered, 'the address is challenged again').to.equal(1);
  });
});
