/**
 * Issue 21: wrap-up dispositions (disposition_codes, call_dispositions) and an agent's calls of
 * today for the /agent page. Parameterised SQL only.
 */
import type { RowDataPacket } from 'mysql2/promise';
import type { Pool } from './pool';

export interface DispositionCode {
  code: string;
  label: string;
}

export interface Disposition {
  guid: string;
  agent: string;
  code: string;
  note: string;
  at: Date;
}

export interface TodaysCall {
  guid: string;
  direction: string;
  caller: string;
  callee: string;
  group: string | null;
  status: number;
  startedAt: string;
  talkSec: number;
  disposition: string | null;
  note: string | null;
}

export async function listDispositionCodes(pool: Pool): Promise<DispositionCode[]> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT code, label FROM disposition_codes WHERE enabled = 1 ORDER BY sort_order, code');
  return rows.map((r) => ({ code: r.code, label: r.label }));
}

/** One disposition per call and agent: a second one replaces the first (the agent corrected it). */
export async function saveDisposition(pool: Pool, d: Disposition): Promise<void> {
  await pool.execute(
    `INSERT INTO call_dispositions (call_guid, agent, code, note, at) VALUES (?, ?, ?, ?, ?)
     ON DUPLICATE KEY UPDATE code = VALUES(code), note = VALUES(note), at = VALUES(at)`,
    [d.guid, d.agent, d.code, d.note, d.at]);
}

export async function dispositionsOf(pool: Pool, guid: string): Promise<Omit<Disposition, 'guid'>[]> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT agent, code, note, at FROM call_dispositions WHERE call_guid = ? ORDER BY at', [guid]);
  return rows.map((r) => ({ agent: r.agent, code: r.code, note: r.note, at: r.at }));
}

/**
 * The agent's calls since `since` (the page passes local midnight): the calls it is the agent of
 * record of, and the calls it gave a disposition for (a call it transferred names the last agent).
 */
export async function todaysCalls(pool: Pool, agent: string, since: Date, limit = 200): Promise<TodaysCall[]> {
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT r.guid, r.direction, r.caller, r.callee, r.group_name, r.status, r.started_at, r.talk_sec, d.code, d.note
       FROM call_records r
       LEFT JOIN call_dispositions d ON d.call_guid = r.guid AND d.agent = ?
      WHERE r.started_at >= ? AND (r.agent = ? OR d.agent IS NOT NULL)
      ORDER BY r.started_at DESC
      LIMIT ?`,
    [agent, since, agent, limit]);
  return rows.map((r) => ({
    guid: r.guid, direction: r.direction, caller: r.caller, callee: r.callee, group: r.group_name, status: Number(r.status),
    startedAt: new Date(r.started_at).toISOString(), talkSec: Number(r.talk_sec), disposition: r.code ?? null, note: r.note ?? null,
  }));
}
