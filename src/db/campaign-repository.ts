/**
 * Outbound campaigns in MySQL (issue 22): campaigns, their lists and contacts, attempts and the
 * do-not-call numbers. Parameterised statements only; contact claims are atomic (a contact is
 * dialled by one attempt at a time even if two ticks raced).
 */
import type { ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { ContactRow } from '../campaigns/list-import';
import type { CampaignState } from '../campaigns/campaign-state';
import type { DialMode } from '../campaigns/pacing';
import type { RetryRules } from '../campaigns/retry';
import { sqlTime } from './call-record-repository';
import { inTransaction, type Pool } from './pool';

export interface CampaignRow {
  id: number;
  name: string;
  group: string;
  mode: DialMode;
  state: CampaignState;
  dialPrefix: string;
  window: { startMin: number; endMin: number; days: number[] };
  timezone: string;
  maxAttempts: number;
  retryRules: RetryRules;
  abandonCapPct: number;
  maxLines: number;
}

export type NewCampaign = Omit<CampaignRow, 'id' | 'state'>;

export interface ContactRecord {
  id: number;
  campaignId: number;
  listId: number;
  phone: string;
  name: string;
  timezone: string | null;
  data: Record<string, string>;
  state: 'pending' | 'dialling' | 'done';
  attempts: number;
  nextAt: number | null;
  result: string | null;
}

const now = () => sqlTime(new Date().toISOString());

function campaignOf(r: RowDataPacket): CampaignRow {
  return {
    id: r.id, name: r.name, group: r.group_name, mode: r.mode, state: r.state, dialPrefix: r.dial_prefix,
    window: { startMin: r.window_start_min, endMin: r.window_end_min, days: String(r.window_days).split(',').filter(Boolean).map(Number) },
    timezone: r.timezone, maxAttempts: r.max_attempts, retryRules: JSON.parse(r.retry_rules), abandonCapPct: Number(r.abandon_cap_pct),
    maxLines: r.max_lines,
  };
}

function contactOf(r: RowDataPacket): ContactRecord {
  return {
    id: Number(r.id), campaignId: r.campaign_id, listId: r.list_id, phone: r.phone, name: r.name, timezone: r.timezone,
    data: r.data ? JSON.parse(r.data) : {}, state: r.state, attempts: r.attempts, nextAt: r.next_at === null ? null : Number(r.next_at), result: r.result,
  };
}

export async function listCampaigns(pool: Pool): Promise<CampaignRow[]> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT * FROM campaigns ORDER BY id');
  return rows.map(campaignOf);
}

export async function getCampaign(pool: Pool, id: number): Promise<CampaignRow | null> {
  const [rows] = await pool.execute<RowDataPacket[]>('SELECT * FROM campaigns WHERE id = ?', [id]);
  return rows[0] ? campaignOf(rows[0]) : null;
}

/** The new campaign's id, or null when the name is taken. */
export async function insertCampaign(pool: Pool, c: NewCampaign): Promise<number | null> {
  try {
    const [r] = await pool.execute<ResultSetHeader>(`INSERT INTO campaigns (name, group_name, mode, dial_prefix, window_start_min, window_end_min, window_days,
      timezone, max_attempts, retry_rules, abandon_cap_pct, max_lines) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [c.name, c.group, c.mode, c.dialPrefix, c.window.startMin, c.window.endMin, c.window.days.join(','), c.timezone, c.maxAttempts,
      JSON.stringify(c.retryRules), c.abandonCapPct, c.maxLines]);
    return r.insertId;
  } catch (err) {
    if ((err as { code?: string }).code === 'ER_DUP_ENTRY') return null;
    throw err;
  }
}

/** Moves the state only from the expected one (two API calls cannot both win). */
export async function setCampaignState(pool: Pool, id: number, from: CampaignState, to: CampaignState): Promise<boolean> {
  const [r] = await pool.execute<ResultSetHeader>('UPDATE campaigns SET state = ?, state_changed_at = ? WHERE id = ? AND state = ?', [to, now(), id, from]);
  return r.affectedRows === 1;
}

export async function campaignPhones(pool: Pool, campaignId: number): Promise<Set<string>> {
  const [rows] = await pool.execute<RowDataPacket[]>('SELECT phone FROM campaign_contacts WHERE campaign_id = ?', [campaignId]);
  return new Set(rows.map((r) => r.phone as string));
}

/** A list and its rows, in one transaction (rows already deduplicated by list-import.ts). */
export async function insertList(pool: Pool, campaignId: number, name: string, rows: ContactRow[], skipped: number, rejected: number): Promise<number | null> {
  try {
    return await inTransaction(pool, async (conn) => {
      const [r] = await conn.execute<ResultSetHeader>('INSERT INTO campaign_lists (campaign_id, name, imported_at, rows_imported, rows_skipped, rows_rejected) VALUES (?, ?, ?, ?, ?, ?)',
        [campaignId, name, now(), rows.length, skipped, rejected]);
      const listId = r.insertId;
      for (let i = 0; i < rows.length; i += 500) {
        const part = rows.slice(i, i + 500);
        await conn.query('INSERT INTO campaign_contacts (campaign_id, list_id, phone, name, timezone, data) VALUES ?',
          [part.map((c) => [campaignId, listId, c.phone, c.name.slice(0, 255), c.timezone, JSON.stringify(c.data)])]);
      }
      return listId;
    });
  } catch (err) {
    if ((err as { code?: string }).code === 'ER_DUP_ENTRY') return null;
    throw err;
  }
}

/** Pending contacts due by `at`, oldest due first (the compliance filter still decides). */
export async function dueContacts(pool: Pool, campaignId: number, at: number, limit: number): Promise<ContactRecord[]> {
  const [rows] = await pool.query<RowDataPacket[]>(`SELECT * FROM campaign_contacts WHERE campaign_id = ? AND state = 'pending' AND (next_at IS NULL OR next_at <= ?)
    ORDER BY COALESCE(next_at, 0), id LIMIT ?`, [campaignId, at, limit]);
  return rows.map(contactOf);
}

export async function getContact(pool: Pool, id: number): Promise<ContactRecord | null> {
  const [rows] = await pool.execute<RowDataPacket[]>('SELECT * FROM campaign_contacts WHERE id = ?', [id]);
  return rows[0] ? contactOf(rows[0]) : null;
}

export async function pendingCount(pool: Pool, campaignId: number): Promise<number> {
  const [rows] = await pool.execute<RowDataPacket[]>("SELECT COUNT(*) AS n FROM campaign_contacts WHERE campaign_id = ? AND state <> 'done'", [campaignId]);
  return Number(rows[0].n);
}

/** Takes a pending contact for one attempt; false when another attempt took it first. */
export async function claimContact(pool: Pool, id: number): Promise<boolean> {
  const [r] = await pool.execute<ResultSetHeader>("UPDATE campaign_contacts SET state = 'dialling' WHERE id = ? AND state = 'pending'", [id]);
  return r.affectedRows === 1;
}

/** After an attempt: pending again (due at nextAt) or done; `counts` adds one to its attempts. */
export async function settleContact(pool: Pool, id: number, s: { state: 'pending' | 'done'; nextAt: number | null; result: string; counts: boolean }): Promise<void> {
  await pool.execute('UPDATE campaign_contacts SET state = ?, next_at = ?, result = ?, attempts = attempts + ? WHERE id = ?',
    [s.state, s.nextAt, s.result.slice(0, 64), s.counts ? 1 : 0, id]);
}

/** Contacts left 'dialling' by a stopped app go back to pending (their calls ended with it). */
export async function releaseDialling(pool: Pool): Promise<number> {
  const [r] = await pool.execute<ResultSetHeader>("UPDATE campaign_contacts SET state = 'pending' WHERE state = 'dialling'");
  return r.affectedRows;
}

export async function insertAttempt(pool: Pool, a: { guid: string; campaignId: number; listId: number; contactId: number; agent: string; phone: string }): Promise<void> {
  await pool.execute('INSERT INTO campaign_attempts (call_guid, campaign_id, list_id, contact_id, agent, phone, started_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [a.guid, a.campaignId, a.listId, a.contactId, a.agent, a.phone, now()]);
}

export async function endAttempt(pool: Pool, guid: string, outcome: string): Promise<void> {
  await pool.execute('UPDATE campaign_attempts SET ended_at = COALESCE(ended_at, ?), outcome = ? WHERE call_guid = ?', [now(), outcome, guid]);
}

export interface AttemptRecord { guid: string; campaignId: number; contactId: number; agent: string | null; outcome: string | null; disposition: string | null }

export async function getAttempt(pool: Pool, guid: string): Promise<AttemptRecord | null> {
  const [rows] = await pool.execute<RowDataPacket[]>('SELECT call_guid, campaign_id, contact_id, agent, outcome, disposition FROM campaign_attempts WHERE call_guid = ?', [guid]);
  const r = rows[0];
  return r ? { guid: r.call_guid, campaignId: r.campaign_id, contactId: Number(r.contact_id), agent: r.agent, outcome: r.outcome, disposition: r.disposition } : null;
}

/** The disposition is given once: false when the attempt already has one. */
export async function setDisposition(pool: Pool, guid: string, disposition: string): Promise<boolean> {
  const [r] = await pool.execute<ResultSetHeader>('UPDATE campaign_attempts SET disposition = ? WHERE call_guid = ? AND disposition IS NULL', [disposition, guid]);
  return r.affectedRows === 1;
}

/** Answers and abandons of the last `days` days, and all ended dials: the pacing's window. */
export async function abandonWindow(pool: Pool, campaignId: number, days: number): Promise<{ answered: number; abandoned: number; resolved: number }> {
  const since = sqlTime(new Date(Date.now() - days * 86_400_000).toISOString());
  const [rows] = await pool.execute<RowDataPacket[]>(`SELECT SUM(outcome IN ('answered', 'abandoned')) AS answered, SUM(outcome = 'abandoned') AS abandoned,
    SUM(outcome IS NOT NULL AND outcome <> 'agent-missed') AS resolved FROM campaign_attempts WHERE campaign_id = ? AND started_at >= ?`, [campaignId, since]);
  const r = rows[0];
  return { answered: Number(r.answered ?? 0), abandoned: Number(r.abandoned ?? 0), resolved: Number(r.resolved ?? 0) };
}

/** Per list of a campaign: contacts by state, attempts by outcome and disposition. */
export async function campaignReport(pool: Pool, campaignId: number): Promise<RowDataPacket[]> {
  const [rows] = await pool.execute<RowDataPacket[]>(`SELECT l.id AS list_id, l.name AS list, l.imported_at, l.rows_imported, l.rows_skipped, l.rows_rejected,
      (SELECT COUNT(*) FROM campaign_contacts c WHERE c.list_id = l.id) AS contacts,
      (SELECT COUNT(*) FROM campaign_contacts c WHERE c.list_id = l.id AND c.state = 'done') AS contacts_done,
      (SELECT COUNT(*) FROM campaign_attempts a WHERE a.list_id = l.id AND a.outcome <> 'agent-missed') AS dials,
      (SELECT COUNT(*) FROM campaign_attempts a WHERE a.list_id = l.id AND a.outcome = 'answered') AS answered,
      (SELECT COUNT(*) FROM campaign_attempts a WHERE a.list_id = l.id AND a.outcome = 'busy') AS busy,
      (SELECT COUNT(*) FROM campaign_attempts a WHERE a.list_id = l.id AND a.outcome = 'no-answer') AS no_answer,
      (SELECT COUNT(*) FROM campaign_attempts a WHERE a.list_id = l.id AND a.outcome = 'machine') AS machine,
      (SELECT COUNT(*) FROM campaign_attempts a WHERE a.list_id = l.id AND a.outcome = 'failed') AS failed,
      (SELECT COUNT(*) FROM campaign_attempts a WHERE a.list_id = l.id AND a.outcome = 'abandoned') AS abandoned,
      (SELECT COUNT(*) FROM campaign_attempts a WHERE a.list_id = l.id AND a.disposition IS NOT NULL) AS dispositions
    FROM campaign_lists l WHERE l.campaign_id = ? ORDER BY l.id`, [campaignId]);
  return rows;
}

export async function dispositionCounts(pool: Pool, campaignId: number): Promise<Record<string, number>> {
  const [rows] = await pool.execute<RowDataPacket[]>('SELECT disposition, COUNT(*) AS n FROM campaign_attempts WHERE campaign_id = ? AND disposition IS NOT NULL GROUP BY disposition', [campaignId]);
  return Object.fromEntries(rows.map((r) => [r.disposition as string, Number(r.n)]));
}

export type DncSource = 'internal' | 'imported' | 'campaign';

export async function addDnc(pool: Pool, phones: string[], campaignId: number, source: DncSource, note: string): Promise<number> {
  if (phones.length === 0) return 0;
  const [r] = await pool.query<ResultSetHeader>('INSERT IGNORE INTO dnc_numbers (phone, campaign_id, source, note) VALUES ?',
    [phones.map((p) => [p, campaignId, source, note.slice(0, 255)])]);
  return r.affectedRows;
}

export async function removeDnc(pool: Pool, phone: string, campaignId: number): Promise<boolean> {
  const [r] = await pool.execute<ResultSetHeader>('DELETE FROM dnc_numbers WHERE phone = ? AND campaign_id = ?', [phone, campaignId]);
  return r.affectedRows > 0;
}

/** The numbers a campaign must not call: every campaign's (0) and its own. */
export async function dncFor(pool: Pool, campaignId: number): Promise<Set<string>> {
  const [rows] = await pool.execute<RowDataPacket[]>('SELECT phone FROM dnc_numbers WHERE campaign_id IN (0, ?)', [campaignId]);
  return new Set(rows.map((r) => r.phone as string));
}

export async function listDnc(pool: Pool, campaignId: number | null, limit: number): Promise<RowDataPacket[]> {
  const [rows] = campaignId === null
    ? await pool.query<RowDataPacket[]>('SELECT phone, campaign_id, source, note, added_at FROM dnc_numbers ORDER BY added_at DESC LIMIT ?', [limit])
    : await pool.query<RowDataPacket[]>('SELECT phone, campaign_id, source, note, added_at FROM dnc_numbers WHERE campaign_id = ? ORDER BY added_at DESC LIMIT ?', [campaignId, limit]);
  return rows;
}
