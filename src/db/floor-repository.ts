/** Today's ended queue calls, so the dashboard's counters survive an app restart. */
import type { RowDataPacket } from 'mysql2/promise';
import type { Pool } from './pool';

export interface TodaysQueueCall {
  group: string;
  status: number;
  waitSec: number;
  /** When the call ended (ms), so it lands in its interval of the dashboard's charts. */
  endedAt: number;
}

export async function loadTodaysQueueCalls(pool: Pool): Promise<TodaysQueueCall[]> {
  const [rows] = await pool.query<RowDataPacket[]>(
    'SELECT group_name, status, wait_sec, ended_at FROM call_records WHERE ended_at >= CURDATE() AND group_name IS NOT NULL AND queued_at IS NOT NULL');
  // dateStrings: 'YYYY-MM-DD HH:MM:SS[.fff]' in the server's local time, which Date reads as local time with a T.
  return rows.map((r) => ({ group: String(r.group_name), status: Number(r.status), waitSec: Number(r.wait_sec), endedAt: Date.parse(String(r.ended_at).replace(' ', 'T')) }));
}
