/**
 * Issue 16, 3.2: the demo accounts (secret<ext>) are fine on loopback, but neither the app nor
 * `asterisk.js start` starts when SIP is bound to another address while an account still has a
 * demo password; the message says what to change.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import pino from 'pino';
import type { RowDataPacket } from 'mysql2/promise';
import type { Config } from '../../src/config';
import { startApp } from '../../src/app';
import { createLogger } from '../../src/log/logger';
import { site } from './harness/site';
import { TEST_DB } from './harness/product';
import { changeConfig } from './harness/contact-center';

const run = promisify(execFile);
const PUBLIC = '192.0.2.10';

describe('demo passwords on an exposed SIP address (issue 16, 3.2)', function () {
  this.timeout(30000);

  it(`given sip.bindAddress ${PUBLIC} and the seeded accounts then the app refuses to start, naming the setting and the accounts`, async () => {
    const base = site.product.config;
    // Another Stasis app name and HTTP port: were the app to start after all, it would not take the test site's calls.
    const exposed = { ...base, sip: { ...base.sip, bindAddress: PUBLIC }, http: { ...base.http, port: base.http.port + 17 }, asterisk: { ...base.asterisk, app: 'callcenter-refused' } } as Config;
    const log = createLogger('error', pino.destination({ dest: '/dev/null', sync: true }));
    const started = await startApp(exposed, log).then(async (app) => { await app.stop(); return null; }, (err: Error) => err);
    expect(started, 'the app started with demo passwords on a public address').to.be.instanceOf(Error);
    const msg = started!.message;
    expect(msg).to.contain('sip.bindAddress').and.to.contain(PUBLIC).and.to.contain('1001, 1002, 1003, 1004');
    expect(msg).to.contain('UPDATE sip_accounts SET password');
    expect(msg).to.not.match(/secret100\d/);
  });

  it(`given sip.bindAddress ${PUBLIC} then "asterisk.js start" exits with the same message and starts nothing`, async () => {
    const cli = resolve(__dirname, '../../src/cli/asterisk.js');
    const env = { ...process.env, CC_DB_NAME: TEST_DB, CC_ASTERISK_INSTANCE: 'test', CC_SIP_BIND: PUBLIC };
    const res = await run('node', [cli, 'start'], { env, timeout: 20000 }).then((r) => ({ code: 0, out: r.stdout + r.stderr }), (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` }));
    expect(res.code, res.out).to.equal(1);
    expect(res.out).to.contain('sip.bindAddress').and.to.contain('1001, 1002, 1003, 1004');
    expect(res.out).to.not.contain('starting Asterisk');
  });

  it('given a new account inserted without a class of service then it may make internal calls only; the demo agents keep international', async () => {
    const pool = site.product.app.pool;
    await changeConfig("INSERT INTO sip_accounts (extension, password, display_name) VALUES ('1099', 'a-generated-password-1099', 'new agent')");
    try {
      const [rows] = await pool.query<RowDataPacket[]>("SELECT extension, call_class FROM sip_accounts WHERE extension IN ('1001', '1004', '1099') ORDER BY extension");
      expect(rows.map((r) => [r.extension, r.call_class])).to.deep.equal([['1001', 'international'], ['1004', 'international'], ['1099', 'internal']]);
    } finally {
      await changeConfig("DELETE FROM sip_accounts WHERE extension = '1099'");
    }
  });
});
