/**
 * Issue 16, 3.2, the I/O side: before Asterisk or the app starts, the accounts are checked
 * against the SIP bind address (demo-credentials.ts). From the database when it answers, else
 * from the rendered pjsip_generated.conf, which is what Asterisk serves.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config';
import type { Pool } from '../db/pool';
import { loadTelephonyData } from '../db/telephony-repository';
import { pathsFor, PJSIP_GENERATED } from '../asterisk/site-config';
import type { SipAccount } from '../domain';
import { accountsInPjsipConf, isLoopback, refuseExposedDemoCredentials } from './demo-credentials';

/** Throws DemoCredentialsError when SIP faces a network while an account has a demo password. */
export async function refuseExposedDemoAccounts(config: Config, pool: Pool | null): Promise<void> {
  if (isLoopback(config.sip.bindAddress)) return; // the demo as it is: nothing to read
  let accounts: SipAccount[] | null = null;
  if (pool) {
    try {
      accounts = (await loadTelephonyData(pool)).accounts;
    } catch {
      accounts = null; // the database is away: what Asterisk would serve is on disk
    }
  }
  if (!accounts) {
    const file = join(pathsFor(config).hostEtcDir, PJSIP_GENERATED);
    accounts = existsSync(file) ? accountsInPjsipConf(readFileSync(file, 'utf8')) : [];
  }
  refuseExposedDemoCredentials(config.sip.bindAddress, accounts);
}
