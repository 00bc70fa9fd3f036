/**
 * Voicemail messages (issue 19): `recordings` rows of kind 'voicemail' with their call record's
 * group and agent (the mailbox) and what was done with them (`voicemail_state`). Parameterised.
 */
import type { RowDataPacket } from 'mysql2/promise';
import { inTransaction, type Pool } from './pool';

/** A mailbox: a group's (`group:sales`), an agent's (`agent:1001`) or `general`. */
export type Mailbox = { kind: 'group'; name: string } | { kind: 'agent'; name: string } | { kind: 'general' };

export function mailboxId(m: Mailbox): string {
  return m.kind === 'general' ? 'general' : `${m.kind}:${m.name}`;
}

export function parseMailbox(id: string): Mailbox | null {
  if (id === 'general') return { kind: 'general' };
  const m = /^(group|agent):([A-Za-z0-9_-]{1,32})$/.exec(id);
  return m ? { kind: m[1] as 'group' | 'agent', name: m[2] } : null;
}

/** The mailbox of a voicemail call, pure: the group it queued to, else its agent, else general. */
export function mailboxOf(group: string | null, agent: string | null): Mailbox {
  if (group) return { kind: 'group', name: group };
  if (agent) return { kind: 'agent', name: agent };
  return { kind: 'general' };
}

export interface VoicemailMessage {
  guid: string;
  mailbox: string;
  caller: string;
  callee: string;
  receivedAt: Date;
  durationSec: number;
  heard: boolean;
  heardAt: Date | null;
  path: string;
}

const SELECT = `SELECT r.call_guid, r.caller, r.callee, r.started_at, r.duration_sec, r.path, c.group_name, c.agent, v.heard_at
  FROM recordings r JOIN call_records c ON c.guid = r.call_guid LEFT JOIN voicemail_state v ON v.call_guid = r.call_guid
  WHERE r.kind = 'voicemail' AND r.purge_started_at IS NULL AND v.deleted_at IS NULL`;

function toMessage(r: RowDataPacket): VoicemailMessage {
  return {
    guid: r.call_guid, mailbox: mailboxId(mailboxOf(r.group_name || null, r.agent || null)), caller: r.caller, callee: r.callee,
    receivedAt: r.started_at, durationSec: Number(r.duration_sec), heard: r.heard_at !== null, heardAt: r.heard_at, path: r.path,
  };
}

function mailboxWhere(m: Mailbox): [string, string[]] {
  if (m.kind === 'group') return ['c.group_name = ?', [m.name]];
  if (m.kind === 'agent') return ["COALESCE(c.group_name, '') = '' AND c.agent = ?", [m.name]];
  return ["COALESCE(c.group_name, '') = '' AND COALESCE(c.agent, '') = ''", []];
}

/** Messages of some mailboxes (all when `boxes` is null), newest first. */
export async function listVoicemail(pool: Pool, boxes: Mailbox[] | null, q: { unheardOnly?: boolean; limit?: number } = {}): Promise<VoicemailMessage[]> {
  if (boxes && boxes.length === 0) return [];
  const parts = (boxes ?? []).map(mailboxWhere);
  const where = [parts.length ? `(${parts.map(([w]) => `(${w})`).join(' OR ')})` : '', q.unheardOnly ? 'v.heard_at IS NULL' : ''].filter(Boolean);
  const limit = Math.min(Math.max(q.limit ?? 100, 1), 1000);
  const [rows] = await pool.query<RowDataPacket[]>(`${SELECT}${where.map((w) => ` AND ${w}`).join('')} ORDER BY r.started_at DESC LIMIT ${limit}`,
    parts.flatMap(([, a]) => a));
  return rows.map(toMessage);
}

export async function getVoicemail(pool: Pool, guid: string): Promise<VoicemailMessage | null> {
  const [rows] = await pool.query<RowDataPacket[]>(`${SELECT} AND r.call_guid = ?`, [guid]);
  return rows.length ? toMessage(rows[0]) : null;
}

export async function markHeard(pool: Pool, guid: string, by: string, heard: boolean): Promise<void> {
  await pool.query(`INSERT INTO voicemail_state (call_guid, heard_at, heard_by) VALUES (?, ${heard ? 'NOW(3)' : 'NULL'}, ?)
    ON DUPLICATE KEY UPDATE heard_at = VALUES(heard_at), heard_by = VALUES(heard_by)`, [guid, heard ? by : null]);
}

/**
 * Deletes a message the way the retention job deletes recordings (src/jobs/retention-job.ts),
 * so a crash at any step leaves nothing half done for good: mark the row (hidden from lists and
 * searches at once; an interrupted delete is finished by the next retention run), remove the
 * file (already gone counts as removed; another failure unmarks the row and throws), then drop
 * the row and the call record's recording_path together. Who deleted it stays in voicemail_state.
 */
export async function deleteVoicemail(pool: Pool, m: VoicemailMessage, by: string, removeFile: (path: string) => void): Promise<void> {
  await pool.query(`INSERT INTO voicemail_state (call_guid, deleted_at, deleted_by) VALUES (?, NOW(3), ?)
    ON DUPLICATE KEY UPDATE deleted_at = VALUES(deleted_at), deleted_by = VALUES(deleted_by)`, [m.guid, by]);
  await pool.query("UPDATE recordings SET purge_started_at = NOW(3) WHERE call_guid = ? AND kind = 'voicemail'", [m.guid]);
  try {
    removeFile(m.path);
  } catch (err) {
    await pool.query("UPDATE recordings SET purge_started_at = NULL WHERE call_guid = ? AND kind = 'voicemail'", [m.guid]);
    await pool.query('UPDATE voicemail_state SET deleted_at = NULL, deleted_by = NULL WHERE call_guid = ?', [m.guid]);
    throw err;
  }
  await inTransaction(pool, async (conn) => {
    await conn.query("DELETE FROM recordings WHERE call_guid = ? AND kind = 'voicemail'", [m.guid]);
    await conn.execute('UPDATE call_records SET recording_path = NULL WHERE guid = ? AND recording_path = ?', [m.guid, m.path]);
  });
}

/** New (unheard) and old (heard) message counts per mailbox (for the message-waiting lamp). */
export async function mailboxCounts(pool: Pool): Promise<Map<string, { new: number; old: number }>> {
  const [rows] = await pool.query<RowDataPacket[]>(`SELECT c.group_name, c.agent, SUM(v.heard_at IS NULL) AS unheard, SUM(v.heard_at IS NOT NULL) AS heard
    FROM recordings r JOIN call_records c ON c.guid = r.call_guid LEFT JOIN voicemail_state v ON v.call_guid = r.call_guid
    WHERE r.kind = 'voicemail' AND r.purge_started_at IS NULL AND v.deleted_at IS NULL GROUP BY c.group_name, c.agent`);
  const out = new Map<string, { new: number; old: number }>();
  for (const r of rows) {
    const id = mailboxId(mailboxOf(r.group_name || null, r.agent || null));
    const c = out.get(id) ?? { new: 0, old: 0 };
    c.new += Number(r.unheard);
    c.old += Number(r.heard);
    out.set(id, c);
  }
  return out;
}
