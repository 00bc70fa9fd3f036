/** account_features (issue 20, PBX basics): a phone's forwarding, DND and call waiting, read at start, written on every change. */
import type { RowDataPacket } from 'mysql2/promise';
import type { PhoneFeatures } from '../phone-features/phone-features';
import type { Pool } from './pool';

export async function loadPhoneFeatures(pool: Pool): Promise<Map<string, PhoneFeatures>> {
  const [rows] = await pool.query<RowDataPacket[]>(
    'SELECT extension, dnd, call_waiting, forward_all, forward_busy, forward_no_answer, no_answer_sec FROM account_features');
  return new Map(rows.map((r) => [r.extension as string, {
    dnd: !!r.dnd, callWaiting: !!r.call_waiting, forwardAll: r.forward_all, forwardBusy: r.forward_busy,
    forwardNoAnswer: r.forward_no_answer, noAnswerSec: Number(r.no_answer_sec),
  }]));
}

/** Idempotent: the row ends with exactly these settings. */
export async function savePhoneFeatures(pool: Pool, extension: string, f: PhoneFeatures): Promise<void> {
  await pool.execute(`INSERT INTO account_features (extension, dnd, call_waiting, forward_all, forward_busy, forward_no_answer, no_answer_sec)
    VALUES (?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE dnd = VALUES(dnd), call_waiting = VALUES(call_waiting), forward_all = VALUES(forward_all),
    forward_busy = VALUES(forward_busy), forward_no_answer = VALUES(forward_no_answer), no_answer_sec = VALUES(no_answer_sec)`,
  [extension, f.dnd ? 1 : 0, f.callWaiting ? 1 : 0, f.forwardAll, f.forwardBusy, f.forwardNoAnswer, f.noAnswerSec]);
}
