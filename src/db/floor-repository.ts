/** Today's ended queue calls, so the dashboard's counters survive an app restart. */
import type { RowDataPacket } from 'mysql2/promise';
import type { Pool } from './pool';

export async function loadTodaysQueueCalls(pool: Pool): Promise<{ group: string; status: number; waitSec: number }[]> {
  const [rows] = await pool.query<RowDataPacket[]>(
    'SELECT group_name, status, wait_sec FROM call_records WHERE ended_at >= CURDATE() AND group_name IS NOT NULL AND queued_at IS NOT NULL');
  return rows.map((r) => ({ group: String(r.group_name), status: Number(r.status), waitSec: Number(r.wait_sec) }));
}
