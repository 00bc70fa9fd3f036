/** Database tasks for the Makefile: migrate | seed-demo (only into an empty site) | seed-demo-force */
import { loadConfig } from '../config';
import { adminConnection, loadSeed, migrateDatabase } from '../db/admin';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = (m: string) => console.log(`    ${m}`);
  const task = process.argv[2];
  if (task === 'migrate') return migrateDatabase(config.db, log);
  if (task === 'seed-demo' || task === 'seed-demo-force') {
    const conn = await adminConnection(config.db);
    const [rows] = await conn.query('SELECT COUNT(*) AS n FROM sip_accounts');
    await conn.end();
    const n = Number((rows as { n: number }[])[0].n);
    if (n > 0 && task === 'seed-demo') return log(`site data present (${n} SIP accounts): demo seed skipped`);
    await loadSeed(config.db, 'demo');
    return log('demo site loaded');
  }
  throw new Error('usage: db migrate | seed-demo | seed-demo-force');
}

main().catch((e) => {
  console.error(`ERROR: ${(e as Error).message}`);
  process.exit(1);
});
