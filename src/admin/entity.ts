/**
 * What the admin API needs to know about a configuration table: its columns with their input
 * shapes, its key, the child rows it owns (replaced as a whole) and what may refer to it. The
 * generic store (admin-store.ts) and routes (src/api/admin-routes.ts) work from this only. Pure.
 */
import { z } from 'zod';

export interface ChildTable {
  /** The field of the entity's JSON (members, trunks, transforms). */
  field: string;
  table: string;
  /** The child's column holding the parent's key. */
  parentColumn: string;
  /** The other child columns, with their input shapes. */
  columns: Record<string, z.ZodType>;
  orderBy: string;
}

/**
 * A query returning what uses a row: each result row's `what` column is a readable line. `refs`
 * name the foreign keys it stands for ("campaigns.group_name"), when there are any: the DB test
 * walks every foreign key into an entity's table and wants it covered (test/db/admin-refs.test.ts).
 */
export interface UsedBy { sql: string; params: (key: string) => unknown[]; refs?: string[] }

export interface EntityDef {
  /** The collection's URL segment and audit entity name. */
  name: string;
  /** Singular, for messages. */
  label: string;
  table: string;
  key: string;
  /** The key is AUTO_INCREMENT (numeric id): not given on create. */
  autoKey?: boolean;
  /** The key is a number given on create (a dial rule id). */
  numericKey?: boolean;
  /** Input shapes of the writable columns (the key included unless autoKey). */
  columns: Record<string, z.ZodType>;
  /** Columns required on create (the others take the table's default). */
  required: string[];
  /** Never sent back: shown as "(set)" or null. */
  secret?: string[];
  children?: ChildTable[];
  /** Text columns searched by ?q=. */
  search: string[];
  /** Columns that may be filtered on exactly (?column=value). */
  filters: string[];
  usedBy?: UsedBy[];
  /**
   * Foreign keys ("table.column", ON DELETE CASCADE) of rows that belong to this row and go with
   * it on delete (an account's current agent state, its phone features): no 409 for them.
   */
  owned?: string[];
  /** A configuration table: writes are validated as a whole configuration before commit. */
  config: boolean;
  /** Reads that go with the row in lists (e.g. a default sort). */
  orderBy: string;
  /** Create and delete are not offered (timers 1-9 always exist). */
  fixedRows?: boolean;
  /** Create has its own route (API tokens: the token is made by the server). */
  customCreate?: boolean;
  /** Turns an input body into columns to store (a password into its hash); `stored` lists the extra columns. */
  toRow?: (body: Record<string, unknown>) => Record<string, unknown>;
  stored?: string[];
}

/** The body of a create: required columns required, children optional, nothing unknown. */
export function createSchema(e: EntityDef): z.ZodObject<z.ZodRawShape> {
  const shape: Record<string, z.ZodType> = {};
  for (const [col, s] of Object.entries(e.columns)) shape[col] = e.required.includes(col) ? s : s.optional();
  for (const c of e.children ?? []) shape[c.field] = z.array(z.object(c.columns).strict()).max(500).optional();
  return z.object(shape).strict();
}

/** The body of an update: any subset of the columns (not the key), children replaced when given. */
export function updateSchema(e: EntityDef): z.ZodObject<z.ZodRawShape> {
  const shape: Record<string, z.ZodType> = {};
  for (const [col, s] of Object.entries(e.columns)) if (col !== e.key) shape[col] = s.optional();
  for (const c of e.children ?? []) shape[c.field] = z.array(z.object(c.columns).strict()).max(500).optional();
  return z.object(shape).strict();
}

/** The key as it comes in a URL, checked by the key column's own shape (numbers for ids). */
export function keySchema(e: EntityDef): z.ZodType<string | number> {
  if (e.autoKey || e.numericKey || e.key === 'id') return z.coerce.number().int().min(1).max(2 ** 31);
  return e.columns[e.key] as z.ZodType<string>;
}

/** List query: paging, a free-text search and exact filters. */
export function listQuerySchema(e: EntityDef): z.ZodObject<z.ZodRawShape> {
  const shape: Record<string, z.ZodType> = {
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    offset: z.coerce.number().int().min(0).default(0),
    q: z.string().max(64).optional(),
  };
  for (const f of e.filters) shape[f] = z.string().max(64).optional();
  return z.object(shape).strict();
}

/** A row as the API shows it: secrets hidden, 0/1 columns of bool shape as booleans. */
export function present(e: EntityDef, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (e.secret?.includes(k)) out[k] = v === null || v === undefined ? null : '(set)';
    else if (isBool(e.columns[k]) && (v === 0 || v === 1)) out[k] = v === 1;
    else out[k] = v;
  }
  return out;
}

function isBool(s: z.ZodType | undefined): boolean {
  let t: unknown = s;
  for (let i = 0; i < 4 && t; i++) {
    const def = (t as { def?: { type?: string; innerType?: unknown } }).def;
    if (def?.type === 'boolean') return true;
    t = def?.innerType;
  }
  return false;
}

/** A value for MySQL: booleans as 0/1, objects as JSON text. */
export function toDb(v: unknown): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return v;
}
