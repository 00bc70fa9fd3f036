/**
 * One test site per host: the site binds 127.0.0.1-5:5060, so a second integration run (another
 * checkout, a benchmark) would steal its packets. The lock is a directory holding the owner's pid;
 * a lock whose owner died is taken over. Waiting is bounded and prints who holds it.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const LOCK_DIR = process.env.CC_TEST_SITE_LOCK ?? '/tmp/cc-test-site.lock';

function ownerPid(): number | undefined {
  try {
    return Number(readFileSync(`${LOCK_DIR}/pid`, 'utf8').trim()) || undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryTake(): boolean {
  try {
    mkdirSync(LOCK_DIR);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const pid = ownerPid();
    // A lock without pid may be one being written right now: only a dead owner is taken over.
    if (pid === undefined || alive(pid)) return false;
    rmSync(LOCK_DIR, { recursive: true, force: true });
    return tryTake();
  }
  writeFileSync(`${LOCK_DIR}/pid`, String(process.pid));
  return true;
}

let held = false;

export async function takeHostLock(maxWaitMs: number): Promise<void> {
  const t0 = Date.now();
  let said = 0;
  while (!tryTake()) {
    const waited = Date.now() - t0;
    if (waited > maxWaitMs) {
      throw new Error(`another test site (pid ${ownerPid()}) holds ${LOCK_DIR} for over ${maxWaitMs / 1000} s: wait for it or stop it`);
    }
    if (waited - said >= 30000 || said === 0) {
      process.stdout.write(`    waiting for the test site lock held by pid ${ownerPid()} (${Math.round(waited / 1000)} s)\n`);
      said = waited || 1;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  held = true;
  process.once('exit', releaseHostLock);
}

export function releaseHostLock(): void {
  if (!held) return;
  held = false;
  if (ownerPid() === process.pid) rmSync(LOCK_DIR, { recursive: true, force: true });
}
