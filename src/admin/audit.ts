/** The admin audit log (admin_audit, migration 047): one row per write, in the write's transaction. */
import type { RowDataPacket } from 'mysql2/promise';
import type { PoolConnection } from 'mysql2/promise';
import type { Pool } from '../db/pool';

export type AuditAction = 'create' | 'update' | 'delete' | 'publish' | 'rollback' | 'import';

export interface AuditEntry {
  actor: string;
  role: string;
  action: AuditAction;
  entity: string;
  key: string;
  before: unknown;
  after: unknown;
}

export async function writeAudit(conn: PoolConnection, e: AuditEntry): Promise<void> {
  await conn.execute(
    'INSERT INTO admin_audit (actor, role, action, entity, entity_key, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [e.actor, e.role, e.action, e.entity, e.key, e.before === null ? null : JSON.stringify(e.before), e.after === null ? null : JSON.stringify(e.after)],
  );
}

export interface AuditQuery { entity?: string; key?: string; actor?: string; since?: string; limit: number; offset: number }

export async function listAudit(pool: Pool, q: AuditQuery): Promise<{ items: object[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.entity) { where.push('entity = ?'); params.push(q.entity); }
  if (q.key) { where.push('entity_key = ?'); params.push(q.key); }
  if (q.actor) { where.push('actor = ?'); params.push(q.actor); }
  if (q.since) { where.push('at >= ?'); params.push(q.since); }
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const [[count]] = await pool.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM admin_audit ${w}`, params);
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT id, at, actor, role, action, entity, entity_key, before_json, after_json FROM admin_audit ${w} ORDER BY id DESC LIMIT ? OFFSET ?`,
    [...params, q.limit, q.offset],
  );
  const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v ?? null);
  return {
    total: Number(count.n),
    items: rows.map((r) => ({ id: Number(r.id), at: r.at, actor: r.actor, role: r.role, action: r.action, entity: r.entity, key: r.entity_key, before: json(r.before_json), after: json(r.after_json) })),
  };
}
