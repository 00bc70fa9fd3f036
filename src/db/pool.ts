/** The one place that opens MySQL connections. Queries are parameterised everywhere. */
import mysql from 'mysql2/promise';
import type { Config } from '../config';

export type Pool = mysql.Pool;

export function createPool(db: Config['db']): Pool {
  return mysql.createPool({
    host: db.host,
    port: db.port,
    user: db.user,
    password: db.password,
    database: db.database,
    connectionLimit: 10,
    connectTimeout: 5000,
    // Rows come back with JS booleans/numbers; dates as strings avoid time zone surprises.
    dateStrings: true,
    supportBigNumbers: true,
  });
}

/** Runs work in one transaction on one connection: all of it is written, or none. */
export async function inTransaction<T>(pool: Pool, work: (conn: mysql.PoolConnection) => Promise<T>): Promise<T> {
  const conn = await pool.getConnection();
  try {
    await conn.beginTransaction();
    const result = await work(conn);
    await conn.commit();
    return result;
  } catch (err) {
    await conn.rollback().catch(() => {});
    throw err;
  } finally {
    conn.release();
  }
}
