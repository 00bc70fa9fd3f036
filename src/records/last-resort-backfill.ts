/**
 * Issue 16: when the app starts and then every `intervalMs`, finds the calls the static last
 * resort handled (CDR rows it marked, last `lookbackDays` days) that have no call record, and
 * writes their records through the app's writer (spooled while MySQL is away). A call whose CDR
 * rows are younger than a few seconds waits for the next round: Asterisk may still be inserting
 * its other rows. The GUID comes from the linkedid (last-resort-records.ts): exactly one row.
 */
import type { RowDataPacket } from 'mysql2/promise';
import type { Pool } from '../db/pool';
import type { Logger } from '../log/logger';
import type { CallRecord } from '../domain/call-record';
import { LAST_RESORT_MARK, lastResortRecords, type CdrRow } from './last-resort-records';

const SETTLE_SEC = 2;

export interface RecordSink { write(r: CallRecord): Promise<void> }

export class LastResortBackfill {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(private readonly pool: Pool, private readonly records: RecordSink, private readonly log: Logger, private readonly intervalMs = 15000, private readonly lookbackDays = 2) {}

  start(): void {
    this.timer = setInterval(() => void this.runNow(), this.intervalMs);
    this.timer.unref();
    void this.runNow();
  }

  stop(): Promise<number> | void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return this.running ?? undefined;
  }

  /** One round; resolves with the number of records written. */
  runNow(): Promise<number> {
    this.running ??= this.round().catch((err) => {
      this.log.warn({ err: (err as Error).message }, 'last-resort calls not checked (MySQL unavailable?); next round later');
      return 0;
    }).finally(() => { this.running = null; });
    return this.running;
  }

  private async round(): Promise<number> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      `SELECT calldate, answerdate, hangupdate, src, dst, dstchannel, disposition, billsec, duration, uniqueid, linkedid, userfield,
         TIMESTAMPDIFF(SECOND, COALESCE(hangupdate, calldate), NOW()) AS age
       FROM cdr WHERE linkedid IN (SELECT linkedid FROM cdr WHERE userfield LIKE ? AND calldate >= NOW() - INTERVAL ? DAY) ORDER BY id`,
      [`${LAST_RESORT_MARK}%`, this.lookbackDays]);
    if (!rows.length) return 0;
    const young = new Set(rows.filter((r) => Number(r.age) < SETTLE_SEC).map((r) => String(r.linkedid)));
    // DATETIME text in the server's local time (the pool's dateStrings), as Asterisk wrote it.
    const time = (v: unknown) => (v ? new Date(String(v).replace(' ', 'T')) : null);
    const settled = rows.filter((r) => !young.has(String(r.linkedid))).map((r) => ({
      calldate: time(r.calldate)!, answerdate: time(r.answerdate), hangupdate: time(r.hangupdate), src: String(r.src), dst: String(r.dst), dstchannel: String(r.dstchannel), disposition: String(r.disposition),
      billsec: Number(r.billsec), duration: Number(r.duration), uniqueid: String(r.uniqueid), linkedid: String(r.linkedid), userfield: String(r.userfield),
    }) as CdrRow);
    const built = lastResortRecords(settled);
    if (!built.length) return 0;
    const [known] = await this.pool.query<RowDataPacket[]>('SELECT guid FROM call_records WHERE guid IN (?)', [built.map((r) => r.guid)]);
    const have = new Set(known.map((k) => String(k.guid)));
    const missing = built.filter((r) => !have.has(r.guid));
    for (const r of missing) {
      this.log.warn({ guid: r.guid, caller: r.caller, callee: r.callee, endReason: r.endReason }, 'call handled by the static last resort: record written from the CDR');
      await this.records.write(r);
    }
    return missing.length;
  }
}
