/**
 * Issue 16, 3.7: a value refused by a validator never appears in the error (which goes to the log
 * and the open /api/v1/health): the message names the field and the rule, not the value.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { renderPjsipObjects } from '../../src/asterisk/pjsip-objects';
import { renderOoh323Peers } from '../../src/asterisk/ooh323-config';
import { renderRadiusFiles } from '../../src/asterisk/radius-config';
import { odbcDsnEntries } from '../../src/asterisk/odbc';
import { renderFaxDialplan } from '../../src/asterisk/fax-dialplan';
import { loadConfig, parseConfig } from '../../src/config';
import type { SipAccount, TrunkConfig } from '../../src/domain';

const SECRET = 'Pa55;[word]';
const account = (over: Partial<SipAccount> = {}): SipAccount => ({ extension: '1001', password: 'secret-pw-1001', enabled: true, displayName: 'Agent 1001', allowedIp: null, dialContext: 'agents', codecs: ['ulaw'], autoReady: false, ...over });
const trunk = (over: Partial<TrunkConfig> = {}): TrunkConfig => ({ name: 'carrier-a', technology: 'pjsip', host: '127.0.0.2', port: 5060, username: '02566668888', password: 'carrierpass', register: true, registrationExpiry: 3600, inboundContext: 'from-carrier', codecs: ['ulaw'], enabled: true, noAnswerTimeout: 0, ...over });
const opts = { transport: 'transport-udp', context: 'callcenter-in' };

/** The message of what `fn` throws; fails when it does not throw. */
function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return expect.fail('expected an error');
}

describe('validator messages never carry the refused value (issue 16, 3.7)', () => {
  it('given an account password with ; [ or ] then the error names the account and the field, not the password', () => {
    for (const password of [SECRET, 'abc;def', 'abc[def', 'abc]def', 'line\nbreak']) {
      const msg = messageOf(() => renderPjsipObjects({ accounts: [account({ password })], trunks: [] }, opts));
      expect(msg).to.contain('account 1001').and.to.contain('password');
      expect(msg, msg).to.not.contain(password);
      expect(msg, msg).to.not.contain(JSON.stringify(password).slice(1, -1));
    }
  });

  it('given a trunk password or user with a forbidden character then the error names the trunk and the field only', () => {
    const pw = messageOf(() => renderPjsipObjects({ accounts: [], trunks: [trunk({ password: SECRET })] }, opts));
    expect(pw).to.contain('trunk carrier-a').and.to.contain('password').and.not.to.contain(SECRET);
    const user = messageOf(() => renderPjsipObjects({ accounts: [], trunks: [trunk({ username: SECRET })] }, opts));
    expect(user).to.contain('trunk carrier-a').and.not.to.contain(SECRET);
    const name = messageOf(() => renderPjsipObjects({ accounts: [account({ displayName: SECRET })], trunks: [] }, opts));
    expect(name).to.contain('account 1001').and.not.to.contain(SECRET);
  });

  it('given H.323, RADIUS, ODBC and fax values that are refused then no message carries the value', () => {
    const h323 = messageOf(() => renderOoh323Peers([trunk({ technology: 'ooh323', host: `10.0.0.1${SECRET}` })], 'k'.repeat(64)));
    expect(h323).to.not.contain(SECRET);
    const radius = messageOf(() => renderRadiusFiles({ server: '127.0.0.1', authPort: 1812, acctPort: 1813, secret: `a ${SECRET}`, timeoutSec: 5, retries: 3 }, '/x'));
    expect(radius).to.contain('radius.secret').and.not.to.contain(SECRET);
    const odbc = messageOf(() => odbcDsnEntries({ host: `db${SECRET}`, port: 3306, user: 'u', password: 'p', database: 'callcenter', adminUser: 'a', adminPassword: 'b', asteriskUser: 'c', asteriskPassword: null }));
    expect(odbc).to.contain('db.host').and.not.to.contain(SECRET);
    const fax = messageOf(() => renderFaxDialplan([{ number: `1${SECRET}`, enabled: true }]));
    expect(fax).to.not.contain(SECRET);
  });

  it('given a config file that is not JSON or an env number that is not a number then the error does not quote the file or the value', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-config-'));
    const file = join(dir, 'callcenter.json');
    writeFileSync(file, `{"db": {"password": ${SECRET}}}`);
    const msg = messageOf(() => loadConfig({ CC_CONFIG: file }));
    expect(msg).to.contain('not valid JSON').and.not.to.contain('Pa55');
    const env = messageOf(() => parseConfig({}, { CC_DB_PORT: `33${SECRET}` }));
    expect(env).to.contain('CC_DB_PORT').and.not.to.contain('Pa55');
  });
});
