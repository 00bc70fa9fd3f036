/**
 * Writes call records so that none is lost: straight to MySQL when it answers, else spooled to
 * disk and replayed (DurableWriter). Rows are keyed by call GUID and inserted with INSERT
 * IGNORE, so a replay never writes a call twice.
 */
import type { Pool } from '../db/pool';
import { saveCallRecord, type CallRecord } from '../db/call-record-repository';
import { DurableWriter } from '../db/durable-writer';
import type { Logger } from '../log/logger';

export class RecordWriter {
  private readonly writer: DurableWriter<CallRecord>;
  private readonly listeners = new Set<(r: CallRecord) => void>();

  constructor(pool: Pool, spoolFile: string, log: Logger, retryMs = 5000) {
    this.writer = new DurableWriter('call record', spoolFile, async (r) => {
      await saveCallRecord(pool, r);
      log.info({ guid: r.guid, status: r.status, agent: r.agent }, 'call record written');
    }, log, retryMs, (r) => ({ guid: r.guid }));
  }

  start(): void {
    this.writer.start();
  }

  stop(): Promise<void> {
    return this.writer.stop();
  }

  write(record: CallRecord): Promise<void> {
    for (const l of this.listeners) {
      try {
        l(record);
      } catch {
        // a broken listener (RADIUS accounting, S9) must not lose the record
      }
    }
    return this.writer.write(record);
  }

  /** Called with every record as it is written (S9: the RADIUS Stop of the call). */
  onWrite(listener: (r: CallRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }

  replayNow(): Promise<void> {
    return this.writer.replayNow();
  }
}
