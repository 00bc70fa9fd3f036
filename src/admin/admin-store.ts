/**
 * The admin API's writes and reads over the configuration tables described by EntityDef. Every
 * write runs in one transaction: the change, then the whole configuration read back inside the
 * transaction and validated with the live reload's validators (validate-config.ts), then the
 * audit row; any problem rolls everything back (400 with all problems). The config_version
 * triggers make the committed change live through the usual reload path.
 */
import type { PoolConnection, RowDataPacket, ResultSetHeader } from 'mysql2/promise';
import { inTransaction, type Pool } from '../db/pool';
import { loadRoutingTables } from '../db/routing-repository';
import { loadTelephonyData } from '../db/telephony-repository';
import { ApiError } from '../api/errors';
import { writeAudit, type AuditAction } from './audit';
import { present, toDb, type EntityDef } from './entity';
import { configProblems } from './validate-config';

export interface Actor { name: string; role: string }

type Row = Record<string, unknown>;
type Key = string | number;

/** MySQL's refusals as API errors (a CHECK the schema missed, a duplicate key, a foreign key). */
export function dbError(err: unknown, label: string): never {
  const e = err as { errno?: number; sqlMessage?: string };
  switch (e.errno) {
    case 1062: throw new ApiError(409, 'exists', `this ${label} already exists (duplicate key)`);
    case 1451: throw new ApiError(409, 'in-use', `this ${label} is still used by other rows`, { usedBy: [e.sqlMessage ?? ''] });
    case 1452: throw new ApiError(400, 'invalid-configuration', 'a referenced row does not exist; nothing was changed', { problems: [refProblem(e.sqlMessage)] });
    case 4025: case 3819: throw new ApiError(400, 'invalid-configuration', 'the database refused a value; nothing was changed', { problems: [e.sqlMessage ?? 'check constraint failed'] });
    case 1406: case 1264: case 1265: case 1366: throw new ApiError(400, 'invalid-body', 'a value does not fit its column; nothing was changed', { problems: [e.sqlMessage ?? ''] });
    default: throw err;
  }
}

function refProblem(message: string | undefined): string {
  const m = /FOREIGN KEY \(`([^`]+)`\) REFERENCES `([^`]+)`/.exec(message ?? '');
  return m ? `${m[1]}: no such row in ${m[2]}` : 'a referenced row does not exist';
}

/** Validates the configuration as this transaction sees it; throws 400 with every problem. */
export async function validateInTransaction(conn: PoolConnection): Promise<void> {
  // The repositories read through a pool; a connection answers the same query() calls.
  const db = conn as unknown as Pool;
  const [raw, telephony] = await Promise.all([loadRoutingTables(db), loadTelephonyData(db)]);
  const problems = configProblems(raw, telephony);
  if (problems.length) {
    throw new ApiError(400, 'invalid-configuration', 'the change would make the configuration invalid; nothing was changed', {
      problems: problems.map((p) => p.message),
      nodes: problems.filter((p) => p.node).map((p) => ({ flow: p.flow, node: p.node, message: p.message })),
    });
  }
}

export class AdminStore {
  constructor(private readonly pool: Pool, private readonly committed: () => void = () => {}) {}

  async list(e: EntityDef, q: Record<string, unknown>): Promise<{ items: Row[]; total: number; limit: number; offset: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    for (const f of e.filters) {
      const v = q[f];
      if (v === undefined) continue;
      where.push(`\`${f}\` = ?`);
      params.push(v === 'true' ? 1 : v === 'false' ? 0 : v);
    }
    if (typeof q.q === 'string' && q.q !== '') {
      where.push(`(${e.search.map((c) => `\`${c}\` LIKE ?`).join(' OR ')})`);
      for (const _ of e.search) params.push(`%${q.q.replace(/[\\%_]/g, '\\$&')}%`);
    }
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [[count]] = await this.pool.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM \`${e.table}\` ${w}`, params);
    const [rows] = await this.pool.query<RowDataPacket[]>(`SELECT * FROM \`${e.table}\` ${w} ORDER BY ${e.orderBy} LIMIT ? OFFSET ?`, [...params, q.limit, q.offset]);
    const items: Row[] = [];
    for (const r of rows) items.push(await this.withChildren(this.pool, e, r));
    return { items: items.map((i) => present(e, i)), total: Number(count.n), limit: Number(q.limit), offset: Number(q.offset) };
  }

  async get(e: EntityDef, key: Key): Promise<Row> {
    const row = await this.read(this.pool, e, key);
    if (!row) throw notFound(e, key);
    return present(e, row);
  }

  async create(e: EntityDef, body: Row, actor: Actor): Promise<Row> {
    if (e.fixedRows || e.customCreate) throw new ApiError(405, 'method-not-allowed', `${e.label}s cannot be created here`);
    return this.write(e, actor, 'create', async (conn) => {
      const row = e.toRow ? e.toRow(body) : body;
      const cols = writable(e).filter((c) => row[c] !== undefined);
      let key: Key = body[e.key] as Key;
      if (!e.autoKey && (await this.read(conn, e, key))) throw new ApiError(409, 'exists', `${e.label} ${key} already exists`);
      const [res] = await conn.query<ResultSetHeader>(
        `INSERT INTO \`${e.table}\` (${cols.map((c) => `\`${c}\``).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
        cols.map((c) => toDb(row[c])),
      );
      if (e.autoKey) key = res.insertId;
      await this.replaceChildren(conn, e, key, body);
      return { key, before: null };
    });
  }

  async update(e: EntityDef, key: Key, body: Row, actor: Actor): Promise<Row> {
    return this.write(e, actor, 'update', async (conn) => {
      const before = await this.read(conn, e, key, true);
      if (!before) throw notFound(e, key);
      const row = e.toRow ? e.toRow(body) : body;
      const cols = writable(e).filter((c) => c !== e.key && row[c] !== undefined);
      if (cols.length) {
        await conn.query(`UPDATE \`${e.table}\` SET ${cols.map((c) => `\`${c}\` = ?`).join(', ')} WHERE \`${e.key}\` = ?`, [...cols.map((c) => toDb(row[c])), key]);
      }
      await this.replaceChildren(conn, e, key, body);
      return { key, before };
    });
  }

  async remove(e: EntityDef, key: Key, actor: Actor): Promise<Row> {
    if (e.fixedRows) throw new ApiError(405, 'method-not-allowed', `${e.label}s cannot be deleted`);
    return this.write(e, actor, 'delete', async (conn) => {
      const before = await this.read(conn, e, key, true);
      if (!before) throw notFound(e, key);
      const usedBy = await this.usedBy(conn, e, String(key));
      if (usedBy.length) throw new ApiError(409, 'in-use', `${e.label} ${key} is in use: ${usedBy.join('; ')}`, { usedBy });
      await conn.query(`DELETE FROM \`${e.table}\` WHERE \`${e.key}\` = ?`, [key]);
      return { key, before };
    });
  }

  /** What refers to a row (readable lines); empty when it may go. */
  async usedBy(conn: PoolConnection | Pool, e: EntityDef, key: string): Promise<string[]> {
    const out: string[] = [];
    for (const u of e.usedBy ?? []) {
      const [rows] = await conn.query<RowDataPacket[]>(u.sql, u.params(key));
      out.push(...rows.map((r) => String(r.what)));
    }
    return out;
  }

  /**
   * One audited, validated write. `work` changes the rows and returns the key and the row before;
   * the row after is read back in the transaction.
   */
  async write(e: EntityDef, actor: Actor, action: AuditAction, work: (conn: PoolConnection) => Promise<{ key: Key; before: Row | null }>): Promise<Row> {
    let after: Row | null = null;
    try {
      await inTransaction(this.pool, async (conn) => {
        const { key, before } = await work(conn);
        after = action === 'delete' ? null : await this.read(conn, e, key, true);
        if (e.config) await validateInTransaction(conn);
        await writeAudit(conn, { actor: actor.name, role: actor.role, action, entity: e.name, key: String(key), before: before && present(e, before), after: after && present(e, after) });
        if (action === 'delete') after = before;
      });
    } catch (err) {
      if (err instanceof ApiError) throw err;
      dbError(err, e.label);
    }
    this.committed();
    return present(e, after ?? {});
  }

  async read(conn: PoolConnection | Pool, e: EntityDef, key: Key, lock = false): Promise<Row | null> {
    const [rows] = await conn.query<RowDataPacket[]>(`SELECT * FROM \`${e.table}\` WHERE \`${e.key}\` = ?${lock ? ' FOR UPDATE' : ''}`, [key]);
    return rows.length ? this.withChildren(conn, e, rows[0]) : null;
  }

  private async withChildren(conn: PoolConnection | Pool, e: EntityDef, row: RowDataPacket): Promise<Row> {
    const out: Row = { ...row };
    for (const c of e.children ?? []) {
      const cols = Object.keys(c.columns);
      const [kids] = await conn.query<RowDataPacket[]>(
        `SELECT ${cols.map((x) => `\`${x}\``).join(', ')} FROM \`${c.table}\` WHERE \`${c.parentColumn}\` = ? ORDER BY ${c.orderBy}`, [row[e.key]],
      );
      out[c.field] = kids.map((k) => ({ ...k }));
    }
    return out;
  }

  private async replaceChildren(conn: PoolConnection, e: EntityDef, key: Key, body: Row): Promise<void> {
    for (const c of e.children ?? []) {
      const list = body[c.field] as Row[] | undefined;
      if (!list) continue;
      await conn.query(`DELETE FROM \`${c.table}\` WHERE \`${c.parentColumn}\` = ?`, [key]);
      const cols = Object.keys(c.columns);
      for (const item of list) {
        await conn.query(
          `INSERT INTO \`${c.table}\` (\`${c.parentColumn}\`, ${cols.map((x) => `\`${x}\``).join(', ')}) VALUES (?, ${cols.map(() => '?').join(', ')})`,
          [key, ...cols.map((x) => toDb(item[x]))],
        );
      }
    }
  }
}

/** The columns a write may set: the input columns and those a toRow adds. */
function writable(e: EntityDef): string[] {
  return [...Object.keys(e.columns), ...(e.stored ?? [])];
}

export function notFound(e: EntityDef, key: Key): ApiError {
  return new ApiError(404, 'not-found', `no ${e.label} ${key}`);
}
