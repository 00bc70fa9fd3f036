/**
 * Issue 16, 3.3: agent sign-ins to the API (extension + SIP password) are guarded like SIP.
 * Real HTTP requests against the app's HTTP layer, sent from 127.0.0.9 (an attacker) and
 * 127.0.0.1 (the host, never blocked); failures feed the same guard and PJSIP blocklist as SIP.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import pino from 'pino';
import { createHttpApp, listen } from '../../src/api/server';
import { defineRoute } from '../../src/api/route-table';
import type { Credentials } from '../../src/api/auth';
import { SipBlocklist, BLOCKLIST_FILE } from '../../src/security/sip-blocklist';
import type { AmiLink } from '../../src/ami/connection';
import type { InstancePaths } from '../../src/asterisk/instance';

const ATTACKER = '127.0.0.9';
const up = { state: 'up' as const, since: '', lastError: null };
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

/** One GET from `from`; resolves with the status and the Retry-After header. */
function get(port: number, path: string, auth: string | null, from = '127.0.0.1'): Promise<{ status: number; retryAfter: string | undefined; body: string }> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, localAddress: from, headers: auth ? { authorization: auth } : {} }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => done({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('API sign-in guard (issue 16, 3.3)', () => {
  let server: Server;
  let port: number;
  let blocklist: SipBlocklist;
  let etc: string;
  const sip: Record<string, string> = { 1001: 'a-long-sip-secret-1001', 1002: '', 1003: '1234' };

  before(async () => {
    etc = mkdtempSync(join(tmpdir(), 'cc-guard-'));
    const log = pino({ level: 'silent' });
    blocklist = new SipBlocklist({ failures: 3, windowMs: 60000, blockMs: 60000, neverBlock: ['127.0.0.1'] },
      new EventEmitter() as unknown as AmiLink, () => null, { hostEtcDir: etc } as InstancePaths, log);
    const credentials = (): Credentials => ({
      users: [{ name: 'boss', password: 'boss-password-12', role: 'supervisor' }],
      tokens: [],
      agentPassword: (ext) => sip[ext] ?? null,
      guard: blocklist,
    });
    const whoami = defineRoute({ method: 'get', path: '/api/v1/whoami', tag: 'test', role: 'agent', summary: 'who is signed in', handler: ({ principal }) => principal });
    const health = { ari: () => up, ami: () => up, mysql: async () => up, config: () => ({ version: 1, loadedAt: null, error: null }), calls: () => 0 };
    server = await listen(createHttpApp(health, log, { routes: [whoami], credentials }), '127.0.0.1', 0);
    port = (server.address() as { port: number }).port;
  });

  after(async () => {
    blocklist.stop();
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  it('given an agent with its SIP password then it is signed in', async () => {
    const r = await get(port, '/api/v1/whoami', basic('1001', sip[1001]));
    expect(r.status).to.equal(200);
    expect(JSON.parse(r.body)).to.include({ role: 'agent', agent: '1001' });
  });

  it('given an account whose SIP password is empty then an empty password does not sign in', async () => {
    expect((await get(port, '/api/v1/whoami', basic('1002', ''))).status).to.equal(401);
  });

  it('given an account whose SIP password is short then even that password does not sign in', async () => {
    expect((await get(port, '/api/v1/whoami', basic('1003', '1234'))).status).to.equal(401);
  });

  it(`given wrong passwords from ${ATTACKER} then after 3 the address is blocked for the API and for SIP (PJSIP ACL), even with the right password, until an admin lifts it`, async () => {
    for (let i = 0; i < 3; i++) expect((await get(port, '/api/v1/whoami', basic('1001', `guess-${i}`), ATTACKER)).status).to.equal(401);
    const blocked = await get(port, '/api/v1/whoami', basic('1001', sip[1001]), ATTACKER);
    expect(blocked.status, 'blocked: the right password is not even checked').to.equal(429);
    expect(Number(blocked.retryAfter)).to.be.within(1, 60);
    expect(blocklist.blocks().map((b) => b.address)).to.deep.equal([ATTACKER]);
    expect(blocklist.blocks()[0].why).to.contain('API');
    await blocklist.settled();
    expect(readFileSync(join(etc, BLOCKLIST_FILE), 'utf8')).to.contain(`deny = ${ATTACKER}`);

    // The host itself is never blocked; the agent signs in from there.
    expect((await get(port, '/api/v1/whoami', basic('1001', sip[1001]))).status).to.equal(200);

    blocklist.lift(ATTACKER);
    expect((await get(port, '/api/v1/whoami', basic('1001', sip[1001]), ATTACKER)).status).to.equal(200);
  });

  it('given no credentials at all then 401 without counting a failure', async () => {
    for (let i = 0; i < 5; i++) expect((await get(port, '/api/v1/whoami', null, ATTACKER)).status).to.equal(401);
    expect(blocklist.blocks()).to.deep.equal([]);
  });
});
