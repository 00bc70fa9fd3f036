/**
 * Hot-desking in MySQL (migration 051): agent IDs with their PIN hash and groups, and who sits
 * at which phone. Parameterised queries only.
 */
import type { RowDataPacket } from 'mysql2/promise';
import { inTransaction, type Pool } from './pool';

export interface AgentIdRow {
  agentId: string;
  name: string;
  enabled: boolean;
  groups: { group: string; priority: number }[];
}

export interface SeatRow { agent: string; extension: string; since: Date; seatedBy: string }

/** Every agent ID with its groups (no PIN hash: that is read only when a PIN is checked). */
export async function loadAgentIds(pool: Pool): Promise<AgentIdRow[]> {
  const [ids] = await pool.query<RowDataPacket[]>('SELECT agent_id, name, enabled FROM agent_ids ORDER BY agent_id');
  const [groups] = await pool.query<RowDataPacket[]>('SELECT agent_id, group_name, priority FROM agent_id_groups ORDER BY agent_id, priority, group_name');
  const byId = new Map<string, AgentIdRow>(ids.map((r) => [String(r.agent_id), { agentId: String(r.agent_id), name: String(r.name), enabled: Boolean(r.enabled), groups: [] }]));
  for (const g of groups) byId.get(String(g.agent_id))?.groups.push({ group: String(g.group_name), priority: Number(g.priority) });
  return [...byId.values()];
}

/** The stored PIN hash and whether the agent ID may log in; null when there is no such agent ID. */
export async function loadPinHash(pool: Pool, agentId: string): Promise<{ pinHash: string; enabled: boolean } | null> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT pin_hash, enabled FROM agent_ids WHERE agent_id = ?', [agentId]);
  return rows.length ? { pinHash: String(rows[0].pin_hash), enabled: Boolean(rows[0].enabled) } : null;
}

export async function loadSeats(pool: Pool): Promise<SeatRow[]> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT agent_id, extension, since, seated_by FROM agent_seats ORDER BY since, agent_id');
  return rows.map((r) => ({ agent: String(r.agent_id), extension: String(r.extension), since: r.since instanceof Date ? r.since : new Date(String(r.since).replace(' ', 'T')), seatedBy: String(r.seated_by) }));
}

/** Seats the agent at the phone: whoever sat there and wherever the agent sat before are cleared. */
export async function saveSeat(pool: Pool, agentId: string, extension: string, seatedBy: string, since = new Date()): Promise<void> {
  await inTransaction(pool, async (conn) => {
    await conn.query('DELETE FROM agent_seats WHERE agent_id = ? OR extension = ?', [agentId, extension]);
    await conn.query('INSERT INTO agent_seats (agent_id, extension, since, seated_by) VALUES (?, ?, ?, ?)', [agentId, extension, since, seatedBy]);
  });
}

export async function deleteSeat(pool: Pool, agentId: string): Promise<void> {
  await pool.query('DELETE FROM agent_seats WHERE agent_id = ?', [agentId]);
}
