/**
 * Issue 16, 3.1: trunks are recognised by their address only. An INVITE from 127.0.0.9 (SIPp)
 * whose From user is a trunk's name, for a number that rings an agent, is challenged or refused
 * (401/403) and rings nobody; the same number called by the real carrier still rings the agent.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { site } from './harness/site';
import { changeConfig } from './harness/contact-center';

const run = promisify(execFile);
const SCENARIO = resolve(__dirname, '../../../test/sipp/invite-as-trunk.xml');
const { phones, carrierB, product } = site;
const app = () => product.app;
const IMPOSTOR = '127.0.0.9';
/** A test DID of the carriers' inbound context that rings agent 1003 directly (no IVR in between). */
const DID = '02566660950';

/** One INVITE from the impostor claiming `trunk`; resolves with SIPp's verdict and what it printed. */
async function impersonate(trunk: string, number: string): Promise<{ refused: boolean; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-sipp-'));
  const csv = join(dir, 'as.csv');
  writeFileSync(csv, `SEQUENTIAL\n${trunk};${number};\n`);
  const { bindAddress, port } = product.config.sip;
  const args = [`${bindAddress}:${port}`, '-sf', SCENARIO, '-inf', csv, '-i', IMPOSTOR, '-p', '5098', '-m', '1', '-recv_timeout', '4000', '-timeout', '20s', '-nostdin'];
  return run('sipp', args, { timeout: 30000 }).then(
    (r) => ({ refused: true, out: r.stdout + r.stderr }),
    (err: { stdout?: string; stderr?: string }) => ({ refused: false, out: `${err.stdout ?? ''}${err.stderr ?? ''}` }),
  );
}

/** Resolves true when a call for `exten` reaches the phones within `ms`. */
async function rings(exten: string, ms: number): Promise<boolean> {
  try {
    const c = await phones.waitForCall((x) => x.exten === exten, ms);
    await phones.hangup(c.id);
    return true;
  } catch {
    return false;
  }
}

describe('trunk impersonation (issue 16, 3.1)', function () {
  this.timeout(60000);

  before(async () => {
    await changeConfig("INSERT INTO dial_rules (id, context, pattern, route_type, target, description) VALUES (950, 'from-carrier', ?, 'extension', '1003', 'test DID: agent 1003')", [`_${DID}`]);
  });

  after(async () => {
    await changeConfig('DELETE FROM dial_rules WHERE id = 950');
    // The impostor's challenged INVITEs count as failures: leave no block for later suites.
    if (app().blocklist.blocks().some((b) => b.address === IMPOSTOR)) app().blocklist.lift(IMPOSTOR);
    app().blocklist.guard.lift(IMPOSTOR);
    await app().blocklist.settled();
  });

  it('given the real carrier-b calls the test DID then agent 1003 rings (the number does ring an agent)', async () => {
    const caller = await carrierB.call(`PJSIP/${DID}@product`, { callerId: '<13900000950>' });
    const ring = await phones.waitForCall((c) => c.exten === '1003', 10000);
    expect(ring.callerNumber, 'the carrier\'s caller ID is trusted').to.equal('13900000950');
    await carrierB.hangup(caller);
    await phones.waitForEnd(ring.id, 10000);
  });

  for (const [trunk, number, agent] of [['carrier-a', DID, '1003'], ['carrier-b', DID, '1003'], ['site2', '1002', '1002']] as const) {
    it(`given an INVITE from ${IMPOSTOR} with ${trunk} as From user then it gets 401/403 and ${agent} never rings`, async () => {
      const ringing = rings(agent, 6000);
      const { refused, out } = await impersonate(trunk, number);
      expect(await ringing, `agent ${agent} rang for an impostor claiming ${trunk}`).to.equal(false);
      expect(refused, `SIPp expected 401 or 403 for the impostor:\n${out.slice(-1500)}`).to.equal(true);
    });
  }
});
