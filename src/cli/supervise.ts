/**
 * `make run`'s process supervisor: runs the app and FastAGI, restarts either when it dies (the
 * other and Asterisk stay up), stops both on SIGINT/SIGTERM. Its own pid: <run dir>/supervisor.pid.
 * CC_RUN_DIR (default var/) holds the pid files.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createLogger } from '../log/logger';
import { Supervisor } from '../supervisor/supervisor';
import { canRead, chooseRunAs, giveTree, shareConfigFile, type RunAs } from '../supervisor/run-as';
import { configPath, loadConfig } from '../config';
import { asteriskIds } from '../asterisk/instance';

const root = resolve(__dirname, '../../..');
const runDir = process.env.CC_RUN_DIR ?? join(root, 'var');
mkdirSync(runDir, { recursive: true });
const log = createLogger(process.env.CC_LOG_LEVEL ?? 'info').child({ process: 'supervisor' });
const scripts = { fastagi: join(root, 'dist/src/agi/main.js'), app: join(root, 'dist/src/main.js') };

/**
 * Issue 16 §2: as root, the children run as the service user (CC_RUN_AS, default callcenter;
 * "root" keeps root). What they write is handed to that user first: the spool and report
 * folders; the site config becomes readable by its group.
 */
function serviceUser(): RunAs | null {
  const config = loadConfig();
  let asteriskGid: number | null = null;
  try { asteriskGid = asteriskIds(config.asterisk.root).gid; } catch { /* no Asterisk installed: no group to share */ }
  const choice = chooseRunAs(process.env.CC_RUN_AS, process.getuid?.() === 0, asteriskGid, canRead, [scripts.app, scripts.fastagi]);
  if (!choice.runAs) {
    if (choice.why) log.warn(choice.why);
    return null;
  }
  const { uid, gid } = choice.runAs;
  // The app's and FastAGI's default spool is var/spool (app.ts DEFAULT_SPOOL_DIR, agi/main.ts AGI_SPOOL).
  const spool = join(root, 'var/spool');
  const folders = [config.spool.dir ? resolve(config.spool.dir) : spool, config.agi.spoolFile ? dirname(resolve(config.agi.spoolFile)) : spool, resolve(root, config.jobs.dailyReport.folder)];
  for (const f of new Set(folders)) giveTree(f, uid, gid);
  shareConfigFile(configPath(), gid);
  log.info({ user: choice.runAs.user, uid, gid, groups: choice.runAs.groups }, `the app and FastAGI run as ${choice.runAs.user}`);
  return choice.runAs;
}

const supervisor = new Supervisor([
  { name: 'fastagi', script: scripts.fastagi },
  { name: 'app', script: scripts.app },
], runDir, log, undefined, undefined, serviceUser());

const pidFile = join(runDir, 'supervisor.pid');
writeFileSync(pidFile, `${process.pid}\n`);
let stopping = false;
async function stop(why: string, code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ why }, 'stopping the app and FastAGI');
  await supervisor.stop();
  rmSync(pidFile, { force: true });
  // Give the logger a moment to flush its last lines.
  setTimeout(() => process.exit(code), 300);
}
process.on('SIGINT', () => void stop('SIGINT', 0));
process.on('SIGTERM', () => void stop('SIGTERM', 0));
supervisor.start((why) => {
  console.error(`ERROR: ${why}`);
  void stop(why, 2);
});
