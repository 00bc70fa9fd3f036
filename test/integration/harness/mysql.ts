/**
 * Stops and starts the real MariaDB the product uses (O3 outage tests): shutdown through
 * mariadb-admin, start through the project's own provisioning script. Both wait, bounded, until
 * the app's pool sees the change.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { site } from './site';
import { until } from './wait';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../../../..');
const answers = () => site.product.app.pool.query('SELECT 1').then(() => true, () => false);

export async function stopMysql(): Promise<void> {
  await run('mariadb-admin', ['shutdown'], { timeout: 30000 });
  await until('MySQL down', 15000, async () => !(await answers()), 200);
}

export async function startMysql(): Promise<void> {
  await run('bash', [resolve(ROOT, 'scripts/provision-mariadb.sh')], { timeout: 120000 });
  await until('MySQL answering the app', 20000, answers, 200);
}
