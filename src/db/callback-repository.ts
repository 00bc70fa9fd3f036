/**
 * Queue callbacks in MySQL (issue 22): the groups' callback settings, each request written when
 * it is booked and whenever its state changes (so open callbacks outlive an app restart), and
 * today's figures per group. Parameterised statements only.
 */
import type { RowDataPacket } from 'mysql2/promise';
import type { CallbackFigures, CallbackPolicy, CallbackRequest, CallbackState } from '../callbacks/callback-state';
import { CallStatus } from '../records/status';
import { sqlTime } from './call-record-repository';
import type { Pool } from './pool';

const at = (ms: number) => sqlTime(new Date(ms).toISOString());
/** DATETIME as the pool answers it (dateStrings, local time) -> epoch ms. */
const ms = (s: string) => new Date(String(s).replace(' ', 'T')).getTime();

export async function loadCallbackPolicies(pool: Pool): Promise<Map<string, CallbackPolicy>> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT name, callback_key, callback_dial_prefix, callback_retries, callback_retry_sec FROM agent_groups');
  return new Map(rows.map((r) => [r.name as string, {
    key: (r.callback_key as string | null) || null, dialPrefix: r.callback_dial_prefix as string, retries: Number(r.callback_retries), retrySec: Number(r.callback_retry_sec),
  }]));
}

export async function insertCallback(pool: Pool, r: CallbackRequest, createdBy: string | null, now: number): Promise<void> {
  await pool.execute(`INSERT INTO callbacks (id, group_name, number, origin_guid, agent, entered_at, due_at, state, attempts, last_guid, last_outcome, created_by, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  [r.id, r.group, r.number, r.originGuid, r.agent, at(r.enteredAt), at(r.dueAt), r.state, r.attempts, r.lastGuid, r.lastOutcome, createdBy, at(now), at(now)]);
}

export async function updateCallback(pool: Pool, r: CallbackRequest, now: number): Promise<void> {
  await pool.execute('UPDATE callbacks SET state = ?, attempts = ?, due_at = ?, last_guid = ?, last_outcome = ?, updated_at = ? WHERE id = ?',
    [r.state, r.attempts, at(r.dueAt), r.lastGuid, r.lastOutcome, at(now), r.id]);
}

/** Callbacks not finished yet (a restart puts them back in their queues). */
export async function openCallbacks(pool: Pool): Promise<CallbackRequest[]> {
  const [rows] = await pool.query<RowDataPacket[]>("SELECT * FROM callbacks WHERE state NOT IN ('done', 'failed', 'cancelled') ORDER BY entered_at");
  return rows.map(toRequest);
}

/** Ids of the open callbacks booked by this API user or agent (created_by). */
export async function openCallbackIdsBookedBy(pool: Pool, by: string): Promise<Set<string>> {
  const [rows] = await pool.execute<RowDataPacket[]>("SELECT id FROM callbacks WHERE created_by = ? AND state NOT IN ('done', 'failed', 'cancelled')", [by]);
  return new Set(rows.map((r) => r.id as string));
}

export async function findCallback(pool: Pool, id: string): Promise<CallbackRequest | null> {
  const [rows] = await pool.execute<RowDataPacket[]>('SELECT * FROM callbacks WHERE id = ?', [id]);
  return rows.length ? toRequest(rows[0]) : null;
}

function toRequest(r: RowDataPacket): CallbackRequest {
  return {
    id: r.id, group: r.group_name, number: r.number, originGuid: r.origin_guid, agent: r.agent, enteredAt: ms(r.entered_at), dueAt: ms(r.due_at),
    state: r.state as CallbackState, attempts: Number(r.attempts), servingAgent: null, lastGuid: r.last_guid, lastOutcome: r.last_outcome,
  };
}

/**
 * Today's figures (since local midnight) per group: offered = calls that queued in a group
 * offering a callback key (callback attempts excluded), accepted = keys pressed, scheduled =
 * booked by agents, connected = attempts the customer answered (status 21), failed = callbacks
 * given up after their last attempt. `pending` is the service's (open requests now).
 */
export async function callbackFiguresToday(pool: Pool, groupsWithKey: readonly string[], since: Date): Promise<Map<string, Omit<CallbackFigures, 'pending'>>> {
  const from = sqlTime(since.toISOString());
  const out = new Map<string, Omit<CallbackFigures, 'pending'>>();
  const get = (g: string) => out.get(g) ?? (out.set(g, { offered: 0, accepted: 0, scheduled: 0, connected: 0, failed: 0 }), out.get(g)!);
  const [cb] = await pool.execute<RowDataPacket[]>(`SELECT group_name, SUM(origin_guid IS NOT NULL) AS accepted, SUM(origin_guid IS NULL) AS scheduled,
    SUM(state = 'failed') AS failed FROM callbacks WHERE created_at >= ? GROUP BY group_name`, [from]);
  for (const r of cb) Object.assign(get(r.group_name), { accepted: Number(r.accepted), scheduled: Number(r.scheduled), failed: Number(r.failed) });
  const [cr] = await pool.execute<RowDataPacket[]>(`SELECT group_name, SUM(status = ?) AS connected, SUM(queued_at IS NOT NULL AND status NOT IN (?, ?)) AS queued
    FROM call_records WHERE started_at >= ? AND group_name IS NOT NULL GROUP BY group_name`, [CallStatus.CALLBACK_CONNECTED, CallStatus.CALLBACK_CONNECTED, CallStatus.CALLBACK_NOT_ANSWERED, from]);
  for (const r of cr) Object.assign(get(r.group_name), { connected: Number(r.connected), offered: groupsWithKey.includes(r.group_name) ? Number(r.queued) : 0 });
  return out;
}
