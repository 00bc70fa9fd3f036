/**
 * The FastAGI fallback process (O2): its own process, so a crash of the Stasis app does not
 * take it down. It reads the same configuration from MySQL (cached: calls still route while
 * MySQL is away) and writes call records through the same spool-backed writer.
 */
import { resolve } from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { createPool } from '../db/pool';
import { RecordWriter } from '../records/record-writer';
import { LiveConfig } from '../sync/live-config';
import { runProcess } from '../util/process-main';
import { startAgiServer } from './server';
import { durableCallAccounting } from '../radius/call-accounting';

export const AGI_SPOOL = resolve(__dirname, '../../../var/spool/agi-call-records.jsonl');

runProcess('fastagi', async (config, log) => {
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
  const spoolFile = config.agi.spoolFile ?? AGI_SPOOL;
  const records = new RecordWriter(pool, spoolFile, log);
  records.start();
  // RADIUS accounting of the calls it routes, with its own spool file next to its call records'.
  const r = config.radius;
  const accounting = r.enabled && r.secret ? durableCallAccounting({ ...r, secret: r.secret }, `${spoolFile.replace(/\.jsonl$/, '')}.radius.jsonl`, log) : null;
  const server = await startAgiServer(config.agi.host, config.agi.port, {
    config: () => live.current, lastStates: () => lastStates, records, log, ringTimeoutSec: config.routing.ringTimeout, accounting,
  }, log);
  return {
    async stop() {
      clearInterval(statesTimer);
      live.stop();
      await server.stop();
      await records.stop();
      await accounting?.close();
      await pool.end();
    },
  };
});
