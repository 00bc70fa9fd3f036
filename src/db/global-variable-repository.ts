/** Global variables (manual 002 §3.30 设置全局变量) in MySQL: one row per name. */
import type { RowDataPacket } from 'mysql2/promise';
import type { Pool } from './pool';

export async function listGlobalVariables(pool: Pool): Promise<Record<string, string>> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT name, value FROM global_variables ORDER BY name');
  return Object.fromEntries(rows.map((r) => [String(r.name), String(r.value)]));
}

export async function upsertGlobalVariable(pool: Pool, name: string, value: string): Promise<void> {
  await pool.execute('INSERT INTO global_variables (name, value) VALUES (?, ?) ON DUPLICATE KEY UPDATE value = VALUES(value)', [name, value]);
}

export async function deleteGlobalVariable(pool: Pool, name: string): Promise<boolean> {
  const [res] = await pool.execute('DELETE FROM global_variables WHERE name = ?', [name]);
  return (res as { affectedRows: number }).affectedRows > 0;
}
