/**
 * Issue 16, 3.2: the demo site's accounts (1001-1004, password secret<ext>, international
 * dialling) are harmless while SIP listens on loopback only. Once SIP faces a network, every one
 * of them is a free line to premium numbers: the processes refuse to start until they are
 * changed. Pure: the bind address and the accounts in, a message (or null) out.
 */
import type { SipAccount } from '../domain';

/** The passwords sql/seed/demo.sql gives 1001-1004. */
export const SEEDED_DEMO_PASSWORDS: readonly string[] = ['secret1001', 'secret1002', 'secret1003', 'secret1004'];

/** A seeded password, or one made the same way (secret + digits, e.g. copied for a new account). */
export function isDemoPassword(password: string | null): boolean {
  return password !== null && (SEEDED_DEMO_PASSWORDS.includes(password) || /^secret[0-9]+$/i.test(password));
}

/** 127.0.0.0/8, ::1 and localhost; 0.0.0.0 and :: (every interface) are not loopback. */
export function isLoopback(address: string): boolean {
  const a = address.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return a === 'localhost' || a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a) || /^::ffff:127\./.test(a);
}

/**
 * Why SIP must not start as configured, or null. Names the setting and the accounts, never a
 * password, and says what to change.
 */
export function demoCredentialsProblem(sipBindAddress: string, accounts: readonly SipAccount[]): string | null {
  if (isLoopback(sipBindAddress)) return null;
  const exposed = accounts.filter((a) => a.enabled && isDemoPassword(a.password)).map((a) => a.extension).sort();
  if (exposed.length === 0) return null;
  return `SIP listens on ${sipBindAddress} (sip.bindAddress), which is not a loopback address, and account(s) ${exposed.join(', ')} `
    + 'still have a demo password (secret<digits>, from the demo site). Refusing to start. Give each its own long password '
    + `(UPDATE sip_accounts SET password = '<new password>' WHERE extension = '${exposed[0]}'), or disable it (enabled = 0), `
    + 'or set sip.bindAddress back to 127.0.0.1 in var/callcenter.json.';
}

export class DemoCredentialsError extends Error {}

/** Throws DemoCredentialsError when demoCredentialsProblem finds one. */
export function refuseExposedDemoCredentials(sipBindAddress: string, accounts: readonly SipAccount[]): void {
  const problem = demoCredentialsProblem(sipBindAddress, accounts);
  if (problem) throw new DemoCredentialsError(problem);
}

/**
 * The accounts with digest passwords in a rendered pjsip_generated.conf (what Asterisk will
 * serve), for a check that needs no database: `[1001]` / `type = auth` / `password = ...`.
 */
export function accountsInPjsipConf(text: string): SipAccount[] {
  const out: SipAccount[] = [];
  for (const block of text.split(/\n(?=\[)/)) {
    const head = /^\[([0-9]+)\]\s*\n/.exec(block);
    if (!head || !/^type = auth$/m.test(block)) continue;
    const password = /^password = (.*)$/m.exec(block)?.[1] ?? '';
    out.push({ extension: head[1], password, enabled: true, displayName: '', allowedIp: null, dialContext: '', codecs: [], autoReady: false });
  }
  return out;
}
