/**
 * SIP blocks in MySQL (O4, issue 16 section 4): written when the guard blocks an address or an
 * admin lifts a block, read back when the app starts. Both writes are idempotent (a spool
 * replay writes nothing twice): a block is keyed by (address, blocked_at), and a lift only
 * touches the address's blocks that began before it and are not lifted yet.
 */
import type { RowDataPacket } from 'mysql2/promise';
import type { Block } from '../security/brute-force-guard';
import { sqlTime } from './call-record-repository';
import type { Pool } from './pool';

const at = (ms: number) => sqlTime(new Date(ms).toISOString());
/** DATETIME as the pool answers it (dateStrings, local time) -> epoch ms. */
const ms = (s: string) => new Date(s.replace(' ', 'T')).getTime();

export async function insertSipBlock(pool: Pool, b: Block): Promise<void> {
  await pool.execute('INSERT IGNORE INTO sip_blocks (address, reason, failures, blocked_at, expires_at) VALUES (?, ?, ?, ?, ?)',
    [b.address, b.why.slice(0, 255), b.failures, at(b.since), at(b.until)]);
}

export async function liftSipBlock(pool: Pool, address: string, liftedAt: number): Promise<void> {
  await pool.execute('UPDATE sip_blocks SET lifted_at = ? WHERE address = ? AND lifted_at IS NULL AND blocked_at <= ?', [at(liftedAt), address, at(liftedAt)]);
}

/** Blocks in force at `now`: neither lifted nor expired. */
export async function activeSipBlocks(pool: Pool, now: number): Promise<Block[]> {
  const [rows] = await pool.execute<RowDataPacket[]>(
    'SELECT address, reason, failures, blocked_at, expires_at FROM sip_blocks WHERE lifted_at IS NULL AND expires_at > ? ORDER BY blocked_at', [at(now)]);
  return rows.map((r) => ({ address: r.address, why: r.reason, failures: r.failures, since: ms(r.blocked_at), until: ms(r.expires_at) }));
}
