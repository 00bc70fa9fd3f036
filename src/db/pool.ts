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
