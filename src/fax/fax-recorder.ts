/** C8: writes a fax record for every fax the dialplan reports over AMI. */
import type { Pool } from '../db/pool';
import type { Logger } from '../log/logger';
import { faxRecordFromEvent, type FaxRecord } from './fax-record';

export async function insertFaxRecord(pool: Pool, r: FaxRecord): Promise<void> {
  await pool.execute(
    `INSERT IGNORE INTO fax_records (guid, direction, caller, callee, agent, file, started_at, ended_at, result, status, error, pages, remote_station)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [r.guid, r.direction, r.caller, r.callee, r.agent, r.file, r.startedAt, r.endedAt, r.result, r.status, r.error, r.pages, r.remoteStation],
  );
}

/** An AMI event listener (AmiLink 'event'). */
export function faxRecorder(pool: Pool, log: Logger): (e: Record<string, string>) => void {
  return (e) => {
    const record = faxRecordFromEvent(e, new Date());
    if (!record) return;
    insertFaxRecord(pool, record)
      .then(() => log.info({ guid: record.guid, direction: record.direction, caller: record.caller, callee: record.callee, result: record.result, pages: record.pages }, 'fax record written'))
      .catch((err) => log.error({ guid: record.guid, err: (err as Error).message, record }, 'fax record not written'));
  };
}
