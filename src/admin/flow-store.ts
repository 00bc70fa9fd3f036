/**
 * Flows in the admin API: every publish is a new version in flow_versions (migration 048) and
 * the live definition in flows, in one validated, audited transaction (AdminStore.write). Roll
 * back publishes an old version again as the newest, so the history only grows.
 */
import type { PoolConnection, RowDataPacket } from 'mysql2/promise';
import { inTransaction, type Pool } from '../db/pool';
import { ApiError } from '../api/errors';
import { FLOWS } from './entities';
import { AdminStore, validateInTransaction, type Actor } from './admin-store';
import { flowDiff, flowsGoingTo, type FlowDiff } from './flow-diff';

export interface FlowView { name: string; description: string; definition: unknown; layout?: unknown; version: number; publishedAt: string | null; publishedBy: string | null }
export interface FlowVersion { version: number; description: string; publishedAt: string; publishedBy: string; note: string; definition?: unknown; layout?: unknown }

const parse = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);

/** Thrown inside a transaction to roll a dry run back after it validated. */
class DryRun extends Error {}

export class FlowStore {
  constructor(private readonly pool: Pool, private readonly store: AdminStore) {}

  async list(): Promise<FlowView[]> {
    const [rows] = await this.pool.query<RowDataPacket[]>(`SELECT f.name, f.description, v.version, v.published_at, v.published_by
      FROM flows f LEFT JOIN flow_versions v ON v.flow_name = f.name AND v.version = (SELECT MAX(version) FROM flow_versions WHERE flow_name = f.name)
      ORDER BY f.name`);
    return rows.map((r) => ({ name: r.name, description: r.description, definition: undefined, version: Number(r.version ?? 0), publishedAt: r.published_at ?? null, publishedBy: r.published_by ?? null }));
  }

  async get(name: string, conn: PoolConnection | Pool = this.pool): Promise<FlowView> {
    const [rows] = await conn.query<RowDataPacket[]>(`SELECT f.name, f.description, f.definition, v.version, v.published_at, v.published_by, v.layout
      FROM flows f LEFT JOIN flow_versions v ON v.flow_name = f.name AND v.version = (SELECT MAX(version) FROM flow_versions WHERE flow_name = f.name)
      WHERE f.name = ?`, [name]);
    if (!rows.length) throw new ApiError(404, 'not-found', `no flow ${name}`);
    const r = rows[0];
    return { name: r.name, description: r.description, definition: parse(r.definition), layout: r.layout ? parse(r.layout) : null, version: Number(r.version ?? 0), publishedAt: r.published_at ?? null, publishedBy: r.published_by ?? null };
  }

  /** Creates (version 1) or publishes a new version of a flow. */
  async publish(name: string, input: { definition: object; description?: string; note?: string; layout?: object }, actor: Actor, mode: 'create' | 'update'): Promise<FlowView> {
    await this.store.write(FLOWS, actor, mode === 'create' ? 'create' : 'publish', async (conn) => {
      const [cur] = await conn.query<RowDataPacket[]>('SELECT name, description, definition FROM flows WHERE name = ? FOR UPDATE', [name]);
      if (mode === 'create' && cur.length) throw new ApiError(409, 'exists', `flow ${name} already exists`);
      if (mode === 'update' && !cur.length) throw new ApiError(404, 'not-found', `no flow ${name}`);
      await this.writeVersion(conn, name, input, actor);
      return { key: name, before: cur.length ? { ...cur[0] } : null };
    });
    return this.get(name);
  }

  /** Publishes an old version again as the newest. */
  async rollback(name: string, version: number, actor: Actor): Promise<FlowView> {
    await this.store.write(FLOWS, actor, 'rollback', async (conn) => {
      const [cur] = await conn.query<RowDataPacket[]>('SELECT name, description, definition FROM flows WHERE name = ? FOR UPDATE', [name]);
      if (!cur.length) throw new ApiError(404, 'not-found', `no flow ${name}`);
      const old = await this.version(name, version, conn);
      await this.writeVersion(conn, name, { definition: old.definition as object, description: old.description, layout: old.layout as object | undefined, note: `roll back to version ${version}` }, actor);
      return { key: name, before: { ...cur[0] } };
    });
    return this.get(name);
  }

  async remove(name: string, actor: Actor): Promise<void> {
    await this.store.write(FLOWS, actor, 'delete', async (conn) => {
      const before = await this.store.read(conn, FLOWS, name, true);
      if (!before) throw new ApiError(404, 'not-found', `no flow ${name}`);
      const [all] = await conn.query<RowDataPacket[]>('SELECT name, definition FROM flows');
      const usedBy = [...await this.store.usedBy(conn, FLOWS, name), ...flowsGoingTo(name, all as { name: string; definition: string }[]).map((f) => `goto in flow ${f}`)];
      if (usedBy.length) throw new ApiError(409, 'in-use', `flow ${name} is in use: ${usedBy.join('; ')}`, { usedBy });
      await conn.query('DELETE FROM flows WHERE name = ?', [name]);
      return { key: name, before };
    });
  }

  /** Validates a draft as if it were published (nothing is written): the editor's check. */
  async check(name: string, definition: object): Promise<{ valid: boolean; problems: string[]; nodes: unknown[] }> {
    try {
      await inTransaction(this.pool, async (conn) => {
        await conn.query('INSERT INTO flows (name, description, definition) VALUES (?, \'\', ?) ON DUPLICATE KEY UPDATE definition = VALUES(definition)', [name, JSON.stringify(definition)]);
        await validateInTransaction(conn);
        throw new DryRun();
      });
    } catch (err) {
      if (err instanceof DryRun) return { valid: true, problems: [], nodes: [] };
      if (err instanceof ApiError && err.id === 'invalid-configuration') {
        return { valid: false, problems: err.details.problems as string[], nodes: err.details.nodes as unknown[] };
      }
      throw err;
    }
    return { valid: true, problems: [], nodes: [] };
  }

  async versions(name: string): Promise<FlowVersion[]> {
    await this.get(name);
    const [rows] = await this.pool.query<RowDataPacket[]>(
      'SELECT version, description, published_at, published_by, note FROM flow_versions WHERE flow_name = ? ORDER BY version DESC', [name]);
    return rows.map((r) => ({ version: Number(r.version), description: r.description, publishedAt: r.published_at, publishedBy: r.published_by, note: r.note }));
  }

  async version(name: string, version: number, conn: PoolConnection | Pool = this.pool): Promise<FlowVersion> {
    const [rows] = await conn.query<RowDataPacket[]>(
      'SELECT version, description, published_at, published_by, note, definition, layout FROM flow_versions WHERE flow_name = ? AND version = ?', [name, version]);
    if (!rows.length) throw new ApiError(404, 'not-found', `flow ${name} has no version ${version}`);
    const r = rows[0];
    return { version: Number(r.version), description: r.description, publishedAt: r.published_at, publishedBy: r.published_by, note: r.note, definition: parse(r.definition), layout: r.layout ? parse(r.layout) : null };
  }

  async diff(name: string, from: number, to: number): Promise<FlowDiff & { from: number; to: number }> {
    const [a, b] = await Promise.all([this.version(name, from), this.version(name, to)]);
    return { from, to, ...flowDiff(a.definition as Record<string, unknown>, b.definition as Record<string, unknown>) };
  }

  private async writeVersion(conn: PoolConnection, name: string, input: { definition: object; description?: string; note?: string; layout?: object }, actor: Actor): Promise<void> {
    const json = JSON.stringify(input.definition);
    const description = input.description;
    const [prev] = await conn.query<RowDataPacket[]>('SELECT definition, description FROM flows WHERE name = ?', [name]);
    const before = prev[0] as { definition: string; description: string } | undefined;
    await conn.query(
      `INSERT INTO flows (name, description, definition) VALUES (?, ?, ?)
       ON DUPLICATE KEY UPDATE definition = VALUES(definition)${description !== undefined ? ', description = VALUES(description)' : ''}`,
      [name, description ?? '', json],
    );
    const [[max]] = await conn.query<RowDataPacket[]>('SELECT COALESCE(MAX(version), 0) AS v FROM flow_versions WHERE flow_name = ? FOR UPDATE', [name]);
    if (Number(max.v) === 0 && before) {
      // A flow written by SQL or a seed after migration 048: what it was becomes version 1, so it can be rolled back to.
      await conn.query('INSERT INTO flow_versions (flow_name, version, definition, description, published_by, note) VALUES (?, 1, ?, ?, ?, ?)',
        [name, before.definition, before.description, actor.name, 'as found before the first publish']);
      max.v = 1;
    }
    const [[row]] = await conn.query<RowDataPacket[]>('SELECT description FROM flows WHERE name = ?', [name]);
    await conn.query('INSERT INTO flow_versions (flow_name, version, definition, description, published_by, note, layout) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [name, Number(max.v) + 1, json, row.description, actor.name, input.note ?? '', input.layout ? JSON.stringify(input.layout) : null]);
  }
}
