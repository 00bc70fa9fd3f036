/**
 * Writes queue_log rows in order and loses none (D3, O3): while MySQL is away the rows wait in
 * a spool file (DurableWriter) and are written when it is back; each row carries a key made
 * when it happened, so a replay never writes it twice. A call never waits for these writes.
 */
import { randomUUID } from 'node:crypto';
import type { Pool } from '../db/pool';
import { DurableWriter } from '../db/durable-writer';
import type { Logger } from '../log/logger';
import type { QueueLogRow } from './queue-log-events';

type KeyedRow = QueueLogRow & { key: string };

export class QueueLogWriter {
  private readonly writer: DurableWriter<KeyedRow[]>;

  constructor(pool: Pool, log: Logger, spoolFile: string) {
    this.writer = new DurableWriter<KeyedRow[]>('queue_log rows', spoolFile, async (rows) => {
      const values = rows.map((r) => [new Date(r.time), r.callid, r.queuename, r.agent, r.event, ...[0, 1, 2, 3, 4].map((i) => r.data[i] ?? ''), r.key]);
      await pool.query('INSERT IGNORE INTO queue_log (time, callid, queuename, agent, event, data1, data2, data3, data4, data5, row_key) VALUES ?', [values]);
    }, log, 5000, (rows) => ({ events: rows.map((r) => r.event) }));
    this.writer.start();
  }

  write(...rows: QueueLogRow[]): void {
    if (rows.length === 0) return;
    void this.writer.write(rows.map((r) => ({ ...r, key: randomUUID() })));
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }

  stop(): Promise<void> {
    return this.writer.stop();
  }
}
