/**
 * `make run`'s process supervisor: runs the app and FastAGI, restarts either when it dies (the
 * other and Asterisk stay up), stops both on SIGINT/SIGTERM. Its own pid: <run dir>/supervisor.pid.
 * CC_RUN_DIR (default var/) holds the pid files.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createLogger } from '../log/logger';
import { Supervisor } from '../supervisor/supervisor';

const root = resolve(__dirname, '../../..');
const runDir = process.env.CC_RUN_DIR ?? join(root, 'var');
mkdirSync(runDir, { recursive: true });
const log = createLogger(process.env.CC_LOG_LEVEL ?? 'info').child({ process: 'supervisor' });
const supervisor = new Supervisor([
  { name: 'fastagi', script: join(root, 'dist/src/agi/main.js') },
  { name: 'app', script: join(root, 'dist/src/main.js') },
], runDir, log);

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
