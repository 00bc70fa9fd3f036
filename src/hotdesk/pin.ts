/**
 * Agent PINs stored as scrypt hashes (`scrypt$<salt>$<hash>`, Node's crypto, no package) and
 * checked in constant time. A PIN is 4-12 digits: short, so the hash is slow on purpose and
 * wrong PINs count against the phone's address like wrong SIP passwords (when wired).
 */
import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { PIN } from './seating';

const KEY_LEN = 32;

export function hashPin(pin: string, salt = randomBytes(16)): string {
  if (!PIN.test(pin)) throw new Error('a PIN is 4-12 digits');
  return `scrypt$${salt.toString('base64')}$${scryptSync(pin, salt, KEY_LEN).toString('base64')}`;
}

export function pinMatches(pin: string, stored: string): boolean {
  const [kind, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash || !PIN.test(pin)) return false;
  const want = Buffer.from(hash, 'base64');
  if (want.length !== KEY_LEN) return false;
  return timingSafeEqual(scryptSync(pin, Buffer.from(salt, 'base64'), KEY_LEN), want);
}

/** pinMatches without blocking the event loop (scrypt runs on libuv's thread pool): for the app. */
export function pinMatchesAsync(pin: string, stored: string): Promise<boolean> {
  const [kind, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash || !PIN.test(pin)) return Promise.resolve(false);
  const want = Buffer.from(hash, 'base64');
  if (want.length !== KEY_LEN) return Promise.resolve(false);
  return new Promise((resolve, reject) => scrypt(pin, Buffer.from(salt, 'base64'), KEY_LEN, (err, got) => (err ? reject(err) : resolve(timingSafeEqual(got, want)))));
}
