/**
 * Runs one Asterisk instance (the product's, or a test peer) natively or inside the
 * Debian-unstable chroot: its own config and state directories, started as the asterisk user.
 */
import { execFile, spawn } from 'node:child_process';
import { chmodSync, existsSync, lchownSync, lstatSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface InstancePaths {
  root: string;
  name: string;
  /** Paths as Asterisk sees them (inside the root). */
  etcDir: string;
  varDir: string;
  confFile: string;
  /** The same directories as this process sees them. */
  hostEtcDir: string;
  hostVarDir: string;
}

export function instancePaths(root: string, name: string): InstancePaths {
  const etcDir = `/etc/callcenter/${name}`;
  const varDir = `/var/lib/callcenter/${name}`;
  return { root, name, etcDir, varDir, confFile: `${etcDir}/asterisk.conf`, hostEtcDir: join(root, etcDir), hostVarDir: join(root, varDir) };
}

/** The module directory of the installed Asterisk, read from its packaged asterisk.conf. */
export function moduleDir(root: string): string {
  const conf = join(root, 'etc/asterisk/asterisk.conf');
  const m = existsSync(conf) ? /^astmoddir\s*=>\s*(\S+)/m.exec(readFileSync(conf, 'utf8')) : null;
  return m ? m[1] : '/usr/lib/asterisk/modules';
}

/** The asterisk user's uid and gid inside `root` (the chroot's own /etc/passwd). */
export function asteriskIds(root: string): { uid: number; gid: number } {
  const line = readFileSync(join(root, 'etc/passwd'), 'utf8').split('\n').find((l) => l.startsWith('asterisk:'));
  if (!line) throw new Error(`no asterisk user in ${join(root, 'etc/passwd')}; is Asterisk installed? run "make install"`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Hands one path to the asterisk user; a symbolic link is never followed (nor changed). */
function chownOne(path: string, uid: number, gid: number): boolean {
  const st = lstatSync(path);
  if (st.isSymbolicLink()) return false;
  if (st.uid !== uid || st.gid !== gid) lchownSync(path, uid, gid);
  return st.isDirectory();
}

function chownTree(path: string, uid: number, gid: number): void {
  if (chownOne(path, uid, gid)) for (const f of readdirSync(path)) chownTree(join(path, f), uid, gid);
}

// The fax folders are site-config.ts's FAX_*_DIR (Asterisk writes received faxes, reads sent ones).
export const STATE_DIRS = ['run', 'spool', 'spool/recording', 'spool/fax', 'spool/fax/in', 'spool/fax/out', 'spool/fax/converted', 'spool/voicemail', 'log', 'lib', 'cache', 'prompts'];
/**
 * State folders the app writes or deletes in beside Asterisk (converted faxes, uploaded prompts,
 * retention of recordings, faxes and voicemail): group-writable for Asterisk's group, which the
 * unprivileged app has as a supplementary group; setgid, so what either writes keeps that group.
 */
export const SHARED_DIRS = ['spool/recording', 'spool/fax', 'spool/fax/in', 'spool/fax/out', 'spool/fax/converted', 'spool/voicemail', 'prompts'];

function chmodDir(path: string, mode: number): void {
  const st = lstatSync(path);
  if (st.isDirectory() && (st.mode & 0o7777) !== mode) chmodSync(path, mode);
}

function chmodDirs(path: string, mode: number): void {
  const st = lstatSync(path);
  if (!st.isDirectory()) return;
  chmodDir(path, mode);
  for (const f of readdirSync(path)) chmodDirs(join(path, f), mode);
}

/**
 * Creates the state directories and hands them to the asterisk user: the directories only, not
 * what is in them (recordings, faxes: start-up time must not grow with the archive), and the
 * small config tree. Symbolic links are skipped, never followed.
 * `configOwner`: the product's own instance gives its config tree to the app's service user
 * (issue 16 §2: the app rewrites PJSIP objects and dialplan without root) with Asterisk's group
 * (setgid folders, so every file written later is readable by Asterisk); Asterisk reads it, it
 * cannot change it. Without it (test peers) Asterisk owns its config as before.
 */
export function prepareDirectories(p: InstancePaths, configOwner?: number): void {
  const { uid, gid } = asteriskIds(p.root);
  for (const d of STATE_DIRS) mkdirSync(join(p.hostVarDir, d), { recursive: true });
  mkdirSync(p.hostEtcDir, { recursive: true });
  chownOne(p.hostVarDir, uid, gid);
  for (const d of STATE_DIRS) chownOne(join(p.hostVarDir, d), uid, gid);
  for (const d of SHARED_DIRS) chmodDir(join(p.hostVarDir, d), 0o2770);
  chownTree(p.hostEtcDir, configOwner ?? uid, gid);
  chmodDirs(p.hostEtcDir, 0o2750);
}

function command(p: InstancePaths, args: string[]): [string, string[]] {
  return p.root === '/' ? ['asterisk', args] : ['chroot', [p.root, 'asterisk', ...args]];
}

async function ensureProc(root: string): Promise<void> {
  if (root === '/') return;
  const target = join(root, 'proc');
  const mounted = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').some((l) => l.split(' ')[4] === target);
  if (!mounted) await run('mount', ['--bind', '/proc', target]);
}

export async function cli(p: InstancePaths, cmd: string, timeoutMs = 10000): Promise<string> {
  const [bin, args] = command(p, ['-C', p.confFile, '-rx', cmd]);
  const { stdout } = await run(bin, args, { timeout: timeoutMs });
  return stdout;
}

/** Channels up in the instance, asked over the CLI (works without ARI or the app). */
export async function channelCount(p: InstancePaths): Promise<number> {
  const out = await cli(p, 'core show channels count');
  const m = /(\d+) active channels?/.exec(out);
  if (!m) throw new Error(`unexpected "core show channels count" output: ${out}`);
  return Number(m[1]);
}

export function pid(p: InstancePaths): number | null {
  const file = join(p.hostVarDir, 'run', 'asterisk.pid');
  if (!existsSync(file)) return null;
  const n = Number(readFileSync(file, 'utf8').trim());
  if (!n) return null;
  try {
    process.kill(n, 0);
    return n;
  } catch {
    return null;
  }
}

async function until(what: string, timeoutMs: number, check: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function start(p: InstancePaths, timeoutMs = 30000): Promise<void> {
  if (pid(p)) return;
  await ensureProc(p.root);
  const [bin, args] = command(p, ['-C', p.confFile, '-U', 'asterisk', '-G', 'asterisk']);
  const child = spawn(bin, args, { stdio: 'ignore', detached: true });
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  const code = await exited; // the launcher forks the daemon and exits at once
  if (code !== 0) throw new Error(`asterisk ${p.name} failed to start (exit ${code}); see ${join(p.hostVarDir, 'log', 'messages.log')}`);
  await until(`asterisk ${p.name} to boot`, timeoutMs, async () => {
    try {
      await cli(p, 'core waitfullybooted', 5000);
      return true;
    } catch {
      return false;
    }
  });
}

export async function stop(p: InstancePaths, timeoutMs = 15000): Promise<void> {
  const n = pid(p);
  if (!n) return;
  try {
    await cli(p, 'core stop now', 5000);
  } catch {
    // The console may already be gone; the signal below ends it.
  }
  try {
    await until(`asterisk ${p.name} to stop`, timeoutMs, () => pid(p) === null);
  } catch {
    try { process.kill(n, 'SIGKILL'); } catch { /* already gone */ }
  }
}
