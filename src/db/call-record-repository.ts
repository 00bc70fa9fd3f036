/** Call records, recordings and survey results (D2, C4, C7): written together, once per call. */
import type { RowDataPacket } from 'mysql2/promise';
import { inTransaction, type Pool } from './pool';
import type { CallRecord } from '../domain/call-record';

// The record's shape is domain data (src/domain/call-record.ts); re-exported for the repository's callers.
export type { CallRecord } from '../domain/call-record';

/** MySQL DATETIME(3) text in the server's local time, from an ISO time. */
export function sqlTime(iso: string): string {
  const d = new Date(iso);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}
const t = (iso: string | null) => (iso ? sqlTime(iso) : null);

/** Idempotent: writing the same record twice leaves one row (spool replays are safe). */
export function saveCallRecord(pool: Pool, r: CallRecord): Promise<void> {
  return saveCallRecords(pool, [r]);
}

/** Many records in one transaction, one multi-row INSERT IGNORE per table (the writer's batches). */
export async function saveCallRecords(pool: Pool, records: CallRecord[]): Promise<void> {
  if (records.length === 0) return;
  await inTransaction(pool, async (conn) => {
    await conn.query(`INSERT IGNORE INTO call_records (guid, direction, caller, callee, flow, group_name, agent, agent_id, trunk, status, started_at, queued_at,
      answered_at, ended_at, ring_sec, wait_sec, talk_sec, hangup_by, end_reason, survey_score, recording_path) VALUES ?`,
    [records.map((r) => [r.guid, r.direction, r.caller, r.callee, r.flow, r.group, r.agent, r.agent === null ? null : (r.agentId ?? r.agent), r.trunk ?? null, r.status, t(r.startedAt), t(r.queuedAt), t(r.answeredAt),
      t(r.endedAt), r.ringSec, r.waitSec, r.talkSec, r.hangupBy, r.endReason, r.surveyScore, r.recording?.path ?? null])]);
    const recorded = records.filter((r) => r.recording);
    if (recorded.length) {
      await conn.query('INSERT IGNORE INTO recordings (call_guid, kind, caller, callee, agent, started_at, duration_sec, path) VALUES ?',
        [recorded.map((r) => [r.guid, r.recording!.kind, r.caller, r.callee, r.agent, t(r.recording!.startedAt), r.recording!.durationSec, r.recording!.path])]);
    }
    const scored = records.filter((r) => r.surveyScore !== null);
    if (scored.length) {
      await conn.query('INSERT IGNORE INTO survey_results (call_guid, agent, group_name, score, at) VALUES ?',
        [scored.map((r) => [r.guid, r.agent, r.group, r.surveyScore, t(r.endedAt)])]);
    }
  });
}

export interface RecordingQuery { caller?: string; callee?: string; agent?: string; from?: string; to?: string; limit?: number }

/** C4 search: every filter optional, parameterised, newest first. */
export async function findRecordings(pool: Pool, q: RecordingQuery): Promise<RowDataPacket[]> {
  const filters: [string, string | undefined][] = [
    ['caller = ?', q.caller], ['callee = ?', q.callee], ['agent = ?', q.agent], ['started_at >= ?', q.from], ['started_at < ?', q.to],
  ];
  const used = filters.filter((f): f is [string, string] => !!f[1]);
  // Rows marked by the retention job are being deleted with their files (src/jobs/retention-job.ts).
  const where = ['purge_started_at IS NULL', ...used.map(([sql]) => sql)];
  const args = used.map(([, value]) => value);
  const limit = Math.min(Math.max(q.limit ?? 100, 1), 1000);
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT call_guid, kind, caller, callee, agent, started_at, duration_sec, path FROM recordings WHERE ${where.join(' AND ')} ORDER BY started_at DESC LIMIT ${limit}`, args);
  return rows;
}
