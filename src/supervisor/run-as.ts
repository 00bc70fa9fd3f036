/**
 * Least privilege for `make run` (issue 16 §2): the supervisor starts as root (it is started by
 * `make run`), prepares what the service user must write, and runs the app and FastAGI through
 * util-linux's setpriv as that user, with Asterisk's group as the only supplementary group (to
 * write Asterisk's generated config and read recordings and faxes) and no way back to privilege
 * (no_new_privs). Node's own spawn({ uid }) clears supplementary groups, hence setpriv.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lchownSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { APP_USER, hostUser } from '../util/users';

export interface RunAs { user: string; uid: number; gid: number; groups: number[] }

/** setpriv's options that become `runAs` for good. Pure. */
export function setprivOptions(runAs: RunAs): string[] {
  const groups = [...new Set(runAs.groups)];
  return [
    '--reuid', String(runAs.uid), '--regid', String(runAs.gid),
    ...(groups.length ? ['--groups', groups.join(',')] : ['--clear-groups']),
    '--no-new-privs', '--inh-caps=-all',
  ];
}

/** The command that runs `node script` as `runAs` (null: as this process). Pure. */
export function commandFor(runAs: RunAs | null, node: string, script: string): [string, string[]] {
  return runAs ? ['setpriv', [...setprivOptions(runAs), '--', node, script]] : [node, [script]];
}

export type RunAsChoice = { runAs: RunAs } | { runAs: null; why: string | null };

/**
 * Which user the children run as. `wanted` is CC_RUN_AS (default callcenter; "root" keeps root).
 * Not root: the children run as this process (nothing to drop). Root but the user is missing or
 * cannot read the project: root, with the reason and what to do.
 */
export function chooseRunAs(wanted: string | undefined, isRoot: boolean, asteriskGid: number | null, readable: (r: RunAs, files: string[]) => boolean, files: string[]): RunAsChoice {
  const user = wanted || APP_USER;
  if (!isRoot || user === 'root') return { runAs: null, why: null };
  const ids = hostUser(user);
  if (!ids) return { runAs: null, why: `the service user ${user} does not exist: run "make install" (it creates it); the app and FastAGI run as root meanwhile` };
  const runAs: RunAs = { user, ...ids, groups: asteriskGid === null ? [] : [asteriskGid] };
  if (!readable(runAs, files)) {
    return { runAs: null, why: `the service user ${user} cannot read ${files.join(', ')} (a private home folder such as /root?): clone the project under /opt or /srv; the app and FastAGI run as root meanwhile` };
  }
  return { runAs };
}

/** Whether `runAs` can read every file, asked of the kernel (setpriv ... test -r). */
export function canRead(runAs: RunAs, files: string[]): boolean {
  return files.every((f) => spawnSync('setpriv', [...setprivOptions(runAs), '--', 'test', '-r', f], { stdio: 'ignore', timeout: 5000 }).status === 0);
}

/** Hands a folder tree to the user (directories and files; symbolic links are never followed nor changed). */
export function giveTree(path: string, uid: number, gid: number): void {
  mkdirSync(path, { recursive: true });
  const walk = (p: string): void => {
    const st = lstatSync(p);
    if (st.isSymbolicLink()) return;
    if (st.uid !== uid || st.gid !== gid) lchownSync(p, uid, gid);
    if (st.isDirectory()) for (const f of readdirSync(p)) walk(join(p, f));
  };
  walk(path);
}

/** The site config holds secrets: owner root, readable by the service user's group only. */
export function shareConfigFile(file: string, gid: number): void {
  if (!existsSync(file)) return;
  const st = lstatSync(file);
  if (st.isSymbolicLink()) throw new Error(`${file} is a symbolic link: replace it with the file itself`);
  if (st.gid !== gid) lchownSync(file, st.uid, gid);
  if ((st.mode & 0o777) !== 0o640) chmodSync(file, 0o640);
}
