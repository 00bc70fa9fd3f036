/** Writes queue_log rows in order; a failed write is logged and does not disturb the call. */
import type { Pool } from '../db/pool';
import type { Logger } from '../log/logger';
import type { QueueLogRow } from './queue-log-events';

export class QueueLogWriter {
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly pool: Pool, private readonly log: Logger) {}

  write(...rows: QueueLogRow[]): void {
    if (rows.length === 0) return;
    this.chain = this.chain.then(async () => {
      const values = rows.map((r) => [r.time, r.callid, r.queuename, r.agent, r.event, ...[0, 1, 2, 3, 4].map((i) => r.data[i] ?? '')]);
      await this.pool.query('INSERT INTO queue_log (time, callid, queuename, agent, event, data1, data2, data3, data4, data5) VALUES ?', [values]);
    }).catch((err) => this.log.warn({ err: (err as Error).message, events: rows.map((r) => r.event) }, 'queue_log rows not written'));
  }

  flush(): Promise<void> {
    return this.chain;
  }
}
