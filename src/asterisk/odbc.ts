/**
 * D3: the unixODBC data source Asterisk's res_odbc uses for CDR and CEL (cdr_adaptive_odbc,
 * cel_odbc). One DSN per instance, "callcenter-<instance>", in <root>/etc/odbc.ini, pointing at
 * the instance's database; the credentials stay in the instance's res_odbc.conf. Other sections
 * of odbc.ini are kept as they are.
 */
import { existsSync, readFileSync} from 'node:fs';
import { writeFileNoFollow } from '../util/safe-write';
import { join } from 'node:path';
import type { Config } from '../config';
import type { InstancePaths } from './instance';

/** The driver name the Debian package odbc-mariadb registers in odbcinst.ini. */
export const MARIADB_ODBC_DRIVER = 'MariaDB Unicode';

export const odbcDsnName = (instance: string) => `callcenter-${instance}`;

/** Replaces (or appends) one [section] of an ini text. Pure. */
export function upsertIniSection(text: string, section: string, entries: Record<string, string | number>): string {
  const body = `[${section}]\n${Object.entries(entries).map(([k, v]) => `${k} = ${v}`).join('\n')}\n`;
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === `[${section}]`);
  if (start < 0) return `${text}${text && !text.endsWith('\n') ? '\n' : ''}${text.trim() ? '\n' : ''}${body}`;
  let end = lines.findIndex((l, i) => i > start && /^\s*\[/.test(l));
  if (end < 0) end = lines.length;
  const before = lines.slice(0, start).join('\n');
  const after = lines.slice(end).join('\n');
  return `${before ? `${before}\n` : ''}${body}${after ? `\n${after}` : ''}`;
}

export function odbcDsnEntries(db: Config['db']): Record<string, string | number> {
  for (const [field, v] of [['db.host', db.host], ['db.database', db.database]] as const) {
    if (/[\n\r[\]=;]/.test(v)) throw new Error(`${field} cannot go into odbc.ini: it may not hold [ ] = ; or a line break`);
  }
  return { Description: 'callcenter CDR/CEL (written by make install)', Driver: MARIADB_ODBC_DRIVER, Server: db.host, Port: db.port, Database: db.database };
}

/** Writes the instance's DSN into <root>/etc/odbc.ini; returns false when nothing changed. */
export function writeOdbcDsn(p: InstancePaths, db: Config['db']): boolean {
  const file = join(p.root, 'etc', 'odbc.ini');
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const after = upsertIniSection(before, odbcDsnName(p.name), odbcDsnEntries(db));
  if (after === before) return false;
  writeFileNoFollow(file, after, 0o644);
  return true;
}
