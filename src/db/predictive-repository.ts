/**
 * Live predictive dialling in MySQL (issue 22, migration 056): a campaign's AMD and safe-harbor
 * settings, and the attempts of customer-first calls (the agent is known only once one takes
 * the answered customer). Parameterised statements only.
 */
import type { ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { sqlTime } from './call-record-repository';
import type { Pool } from './pool';

export interface PredictiveSettings {
  amd: boolean;
  /** AMD() arguments, comma separated; '' = defaults. */
  amdParams: string;
  /** Prompts of the safe-harbor message. */
  safeHarbor: string[];
  agentRingSec: number;
}

export const DEFAULT_PREDICTIVE: PredictiveSettings = { amd: false, amdParams: '', safeHarbor: ['im-sorry', 'please-try-call-later'], agentRingSec: 15 };

export async function getSettings(pool: Pool, campaignId: number): Promise<PredictiveSettings> {
  const [rows] = await pool.execute<RowDataPacket[]>('SELECT * FROM campaign_predictive WHERE campaign_id = ?', [campaignId]);
  const r = rows[0];
  if (!r) return DEFAULT_PREDICTIVE;
  return { amd: Boolean(r.amd), amdParams: r.amd_params, safeHarbor: String(r.safe_harbor).split(',').filter(Boolean), agentRingSec: r.agent_ring_sec };
}

export async function putSettings(pool: Pool, campaignId: number, s: PredictiveSettings): Promise<void> {
  await pool.execute(`INSERT INTO campaign_predictive (campaign_id, amd, amd_params, safe_harbor, agent_ring_sec) VALUES (?, ?, ?, ?, ?)
    ON DUPLICATE KEY UPDATE amd = VALUES(amd), amd_params = VALUES(amd_params), safe_harbor = VALUES(safe_harbor), agent_ring_sec = VALUES(agent_ring_sec)`,
  [campaignId, s.amd ? 1 : 0, s.amdParams, s.safeHarbor.join(','), s.agentRingSec]);
}

/** An attempt before any agent: the customer is dialled first. */
export async function insertCustomerFirstAttempt(pool: Pool, a: { guid: string; campaignId: number; listId: number; contactId: number; phone: string }): Promise<void> {
  await pool.execute('INSERT INTO campaign_attempts (call_guid, campaign_id, list_id, contact_id, agent, phone, started_at) VALUES (?, ?, ?, ?, NULL, ?, ?)',
    [a.guid, a.campaignId, a.listId, a.contactId, a.phone, sqlTime(new Date().toISOString())]);
}

/** The agent who took the answered customer. */
export async function setAttemptAgent(pool: Pool, guid: string, agent: string): Promise<void> {
  await pool.execute<ResultSetHeader>('UPDATE campaign_attempts SET agent = ? WHERE call_guid = ?', [agent, guid]);
}
