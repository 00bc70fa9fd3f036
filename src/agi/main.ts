/**
 * The FastAGI fallback process (O2): its own process, so a crash of the Stasis app does not
 * take it down. It reads the same configuration from MySQL (cached: calls still route while
 * MySQL is away) and writes call records through the same spool-backed writer.
 */
import { resolve } from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { ConfigError, loadConfig } from '../config';
import { createPool } from '../db/pool';
import { createLogger } from '../log/logger';
import { RecordWriter } from '../records/record-writer';
import { LiveConfig } from '../sync/live-config';
import { startAgiServer } from './server';

export const AGI_SPOOL = resolve(__dirname, '../../../var/spool/agi-call-records.jsonl');

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`ERROR: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.log.level).child({ process: 'fastagi' });
  const pool = createPool(config.db);
  const live = new LiveConfig(pool, null, () => null, log, config.routing.reloadIntervalMs);
  let lastStates = new Map<string, string>();
  const refreshStates = async () => {
    try {
      const [rows] = await pool.query<RowDataPacket[]>('SELECT extension, state FROM agent_status');
      lastStates = new Map(rows.map((r) => [String(r.extension), String(r.state)]));
    } catch {
      // keep the last known states while MySQL is away
    }
  };
  await live.start();
  await refreshStates();
  const statesTimer = setInterval(() => void refreshStates(), 5000);
  const records = new RecordWriter(pool, config.agi.spoolFile ?? AGI_SPOOL, log);
  records.start();
  const server = await startAgiServer(config.agi.host, config.agi.port, {
    config: () => live.current, lastStates: () => lastStates, records, log, ringTimeoutSec: config.routing.ringTimeout,
  }, log);
  const stop = async (signal: string) => {
    log.info({ signal }, 'FastAGI stopping');
    clearInterval(statesTimer);
    live.stop();
    await server.stop();
    await records.stop();
    await pool.end();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection (kept running)'));
}

main().catch((err) => {
  console.error(`ERROR: ${(err as Error).message}`);
  process.exit(1);
});
