/**
 * Writes call records so that none is lost: straight to MySQL when it answers, else spooled to
 * disk and replayed (DurableWriter). Rows are keyed by call GUID and inserted with INSERT
 * IGNORE, so a replay never writes a call twice.
 */
import type { Pool } from '../db/pool';
import { saveCallRecord, saveCallRecords, type CallRecord } from '../db/call-record-repository';
import { BATCH_LINGER_MS, DurableWriter } from '../db/durable-writer';
import type { Logger } from '../log/logger';

export class RecordWriter {
  private readonly writer: DurableWriter<CallRecord>;
  private readonly listeners = new Set<(r: CallRecord) => void>();
  private readonly transforms: ((r: CallRecord) => CallRecord)[] = [];

  constructor(pool: Pool, spoolFile: string, log: Logger, retryMs = 5000) {
    const written = (r: CallRecord) => log.debug({ guid: r.guid, status: r.status, agent: r.agent }, 'call record written');
    this.writer = new DurableWriter('call record', spoolFile, async (r) => {
      await saveCallRecord(pool, r);
      written(r);
    }, log, retryMs, (r) => ({ guid: r.guid }), async (rs) => {
      await saveCallRecords(pool, rs);
      rs.forEach(written);
    }, BATCH_LINGER_MS);
  }

  start(): void {
    this.writer.start();
  }

  stop(): Promise<void> {
    return this.writer.stop();
  }

  /** Completes every record before it is written and told (hot-desking adds the agent ID); returns the disposer. */
  useTransform(t: (r: CallRecord) => CallRecord): () => void {
    this.transforms.push(t);
    return () => { const i = this.transforms.indexOf(t); if (i >= 0) this.transforms.splice(i, 1); };
  }

  write(given: CallRecord): Promise<void> {
    const record = this.transforms.reduce((r, t) => t(r), given);
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
