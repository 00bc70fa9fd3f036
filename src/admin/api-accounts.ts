/**
 * API users and tokens kept in MySQL (migration 049) and edited through the admin API: their
 * hashes, and the cache the HTTP authentication checks (no database query per request).
 */
import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { RowDataPacket } from 'mysql2/promise';
import type { Pool } from '../db/pool';
import type { Logger } from '../log/logger';

export type ApiRole = 'crm' | 'supervisor' | 'admin';

const N = 16384;

/** scrypt$N$r$p$salt$hash: a password as stored. */
export function hashPassword(password: string, salt = randomBytes(16)): string {
  const hash = scryptSync(password, salt, 32, { N, r: 8, p: 1 });
  return `scrypt$${N}$8$1$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const want = Buffer.from(hash, 'base64');
  const got = scryptSync(password, Buffer.from(salt, 'base64'), want.length, { N: Number(n), r: Number(r), p: Number(p) });
  return got.length === want.length && timingSafeEqual(got, want);
}

export const tokenSha256 = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A new token: 32 random bytes, URL-safe. */
export const newToken = (): string => randomBytes(32).toString('base64url');

/**
 * The enabled API users and tokens of the database, re-read on demand and every few seconds.
 * A successful password check is remembered for a minute (scrypt is deliberately slow).
 */
export class ApiAccounts {
  private users = new Map<string, { hash: string; role: ApiRole }>();
  private tokens = new Map<string, { name: string; role: ApiRole }>();
  private readonly verified = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly pool: Pool, private readonly log: Logger) {}

  async refresh(): Promise<void> {
    try {
      const [[users], [tokens]] = await Promise.all([
        this.pool.query<RowDataPacket[]>('SELECT name, password_hash, role FROM api_users WHERE enabled = 1'),
        this.pool.query<RowDataPacket[]>('SELECT name, token_sha256, role FROM api_tokens WHERE enabled = 1'),
      ]);
      this.users = new Map(users.map((u) => [u.name as string, { hash: u.password_hash as string, role: u.role as ApiRole }]));
      this.tokens = new Map(tokens.map((t) => [t.token_sha256 as string, { name: t.name as string, role: t.role as ApiRole }]));
      this.verified.clear();
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'API users not re-read; keeping the last ones');
    }
  }

  start(intervalMs = 5000): void {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** The role of a user name and password, or null. */
  user(name: string, password: string): ApiRole | null {
    const u = this.users.get(name);
    if (!u) return null;
    const key = tokenSha256(`${name}\0${password}\0${u.hash}`);
    const until = this.verified.get(key);
    if (until !== undefined && until > Date.now()) return u.role;
    if (!verifyPassword(password, u.hash)) return null;
    if (this.verified.size > 1000) this.verified.clear();
    this.verified.set(key, Date.now() + 60_000);
    return u.role;
  }

  token(token: string): { name: string; role: ApiRole } | null {
    return this.tokens.get(tokenSha256(token)) ?? null;
  }
}
