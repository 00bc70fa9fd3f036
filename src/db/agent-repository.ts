/** Agent state persistence (A1): the current state per agent and the log of every change. */
import type { RowDataPacket } from 'mysql2/promise';
import { inTransaction, type Pool } from './pool';

export interface SavedAgentState { extension: string; state: string; reason: string | null; since: Date }

export interface AgentChange {
  agent: string;
  /** The agent ID (工号) seated at the phone `agent` when it changed; absent: the extension itself (hot-desking, 051). */
  agentId?: string;
  from: string;
  to: string;
  reason: string | null;
  callGuid: string | null;
  at: Date;
  /** Made when the change happened: a replayed change is not logged twice. */
  key?: string;
  /** agent_status.since when the state began before `at` (a state restored after a restart); Date or ISO text. */
  since?: Date;
  /** Logged in agent_state_log only; agent_status keeps the agent's state (the app-down marker). */
  logOnly?: boolean;
}

/** DATETIME as the pool hands it over (dateStrings: local time text), or a Date. */
function since(v: unknown): Date {
  return v instanceof Date ? v : new Date(String(v).replace(' ', 'T'));
}

export async function loadAgentStates(pool: Pool): Promise<SavedAgentState[]> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT extension, state, reason, since FROM agent_status');
  return rows.map((r) => ({ extension: r.extension, state: r.state, reason: r.reason, since: since(r.since) }));
}

/** Logs a change and sets the agent's current state; `at` may be a Date or (from the spool) its ISO text. */
export function saveAgentChange(pool: Pool, c: AgentChange): Promise<void> {
  return saveAgentChanges(pool, [c]);
}

/** Many changes in one transaction (the durable writer's batches); the last change of an agent sets its state. */
export async function saveAgentChanges(pool: Pool, changes: AgentChange[]): Promise<void> {
  if (changes.length === 0) return;
  const rows = changes.map((c) => ({ ...c, at: new Date(c.at), since: c.since === undefined ? new Date(c.at) : new Date(c.since) }));
  const states = rows.filter((c) => !c.logOnly);
  await inTransaction(pool, async (conn) => {
    await conn.query('INSERT IGNORE INTO agent_state_log (extension, agent_id, from_state, to_state, reason, call_guid, at, row_key) VALUES ?',
      [rows.map((c) => [c.agent, c.agentId ?? c.agent, c.from, c.to, c.reason, c.callGuid, c.at, c.key ?? null])]);
    if (states.length === 0) return;
    await conn.query(`INSERT INTO agent_status (extension, state, reason, since) VALUES ?
      ON DUPLICATE KEY UPDATE state = VALUES(state), reason = VALUES(reason), since = VALUES(since)`, [states.map((c) => [c.agent, c.to, c.reason, c.since])]);
  });
}
