/** Customers for the screen pop (T2): the newest row whose phone matches the caller's number. */
import type { RowDataPacket } from 'mysql2/promise';
import type { Customer } from '../events/cti-events';
import type { Pool } from './pool';

export async function findCustomerByPhone(pool: Pool, phone: string): Promise<Customer | null> {
  const [rows] = await pool.query<RowDataPacket[]>(
    'SELECT id, phone, name, company, address, contact, notes FROM customers WHERE phone = ? ORDER BY updated_at DESC, id DESC LIMIT 1', [phone]);
  const r = rows[0];
  return r ? { id: Number(r.id), phone: r.phone, name: r.name, company: r.company, address: r.address, contact: r.contact, notes: r.notes } : null;
}
