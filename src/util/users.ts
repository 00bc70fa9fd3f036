/**
 * The product's unprivileged service user (issue 16, least privilege): `make install` creates the
 * system user `callcenter`; the app and FastAGI run as it, with Asterisk's group as a
 * supplementary group (numeric: in a chroot, Asterisk's gid may have another name on the host).
 */
import { existsSync, readFileSync } from 'node:fs';

export const APP_USER = 'callcenter';

export interface UserIds { uid: number; gid: number }

/** The uid and gid of `name` in an /etc/passwd text; null when absent. Pure. */
export function parsePasswd(text: string, name: string): UserIds | null {
  const line = text.split('\n').find((l) => l.split(':')[0] === name);
  if (!line) return null;
  const [, , uid, gid] = line.split(':');
  const ids = { uid: Number(uid), gid: Number(gid) };
  return Number.isInteger(ids.uid) && Number.isInteger(ids.gid) ? ids : null;
}

/** A user of this host (not of the Asterisk chroot), or null. */
export function hostUser(name: string, passwd = '/etc/passwd'): UserIds | null {
  return existsSync(passwd) ? parsePasswd(readFileSync(passwd, 'utf8'), name) : null;
}
