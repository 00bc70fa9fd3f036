/**
 * C8: writes a fax record for every fax the dialplan reports over AMI, and loses none (O3):
 * while MySQL is away the records wait in a spool file (DurableWriter) and are written when it
 * is back. Each record carries its GUID from the moment it is made (an inbound fax gets it
 * here, an outbound one has the GUID the API answered) and is inserted with INSERT IGNORE on
 * that GUID, so a replay never writes a fax twice.
 */
import type { ResultSetHeader } from 'mysql2/promise';
import type { Pool } from '../db/pool';
import { sqlTime } from '../db/call-record-repository';
import { DurableWriter } from '../db/durable-writer';
import type { Logger } from '../log/logger';
import { faxRecordFromEvent, type FaxRecord } from './fax-record';

/**
 * Idempotent: writing the same record twice leaves one row (fax_records_guid is unique).
 * Answers false when the row was already there.
 */
export async function insertFaxRecord(pool: Pool, r: FaxRecord): Promise<boolean> {
  const [res] = await pool.execute<ResultSetHeader>(
    `INSERT IGNORE INTO fax_records (guid, direction, caller, callee, agent, file, started_at, ended_at, result, status, error, pages, remote_station)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [r.guid, r.direction, r.caller, r.callee, r.agent, r.file, sqlTime(r.startedAt), sqlTime(r.endedAt), r.result, r.status, r.error, r.pages, r.remoteStation],
  );
  return res.affectedRows > 0;
}

export class FaxRecordWriter {
  private readonly writer: DurableWriter<FaxRecord>;

  constructor(pool: Pool, spoolFile: string, private readonly log: Logger, retryMs = 5000) {
    this.writer = new DurableWriter<FaxRecord>('fax record', spoolFile, async (r) => {
      const fields = { guid: r.guid, direction: r.direction, caller: r.caller, callee: r.callee, result: r.result, pages: r.pages };
      if (await insertFaxRecord(pool, r)) log.info(fields, 'fax record written');
      else log.info(fields, 'fax record already in MySQL (replayed), not written again');
    }, log, retryMs, (r) => ({ guid: r.guid, direction: r.direction }));
  }

  start(): void {
    this.writer.start();
  }

  stop(): Promise<void> {
    return this.writer.stop();
  }

  write(record: FaxRecord): Promise<void> {
    return this.writer.write(record);
  }

  /** Resolves when every record handed in so far is in MySQL or on disk. */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  replayNow(): Promise<void> {
    return this.writer.replayNow();
  }

  /** An AMI event listener (AmiLink 'event'); `onRecord` hears of each fax (the CTI event fax.result). */
  listener(onRecord?: (r: FaxRecord) => void): (e: Record<string, string>) => void {
    return (e) => {
      const record = faxRecordFromEvent(e, new Date());
      if (record) onRecord?.(record);
      if (record) this.write(record).catch((err) => this.log.error({ guid: record.guid, err: (err as Error).message, record }, 'fax record neither written nor spooled'));
    };
  }
}
