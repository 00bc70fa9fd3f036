/**
 * Retention of fax files (issue 16 section 4): received faxes and converted TIFFs whose file is
 * older (mtime) than the cut-off are deleted; their fax records stay and get file_purged_at.
 * Like recordings: (1) mark the records, (2) delete the files - one already gone counts as
 * deleted, (3) a file that cannot be deleted unmarks its record. A crash after (1) leaves a
 * marked record whose old file the next run deletes. Nothing is ever followed: a folder that is
 * a symbolic link is skipped, and only regular files directly in the folder are considered
 * (lstat: links and sub-folders stay).
 */
import type { Dirent } from 'node:fs';
import { lstat, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pool } from '../db/pool';
import type { Logger } from '../log/logger';

export interface FaxFolder { dir: string; asteriskDir: string }

export interface FaxPruneResult { deleted: number; kept: number }

/** Old regular files directly in `dir` (none when `dir` is missing or not a real directory). */
async function oldFiles(dir: string, cutoffMs: number, log: Logger): Promise<string[]> {
  try {
    const st = await lstat(dir);
    if (!st.isDirectory()) {
      log.warn({ folder: dir }, 'retention: fax folder is not a directory (a symbolic link?); nothing in it deleted');
      return [];
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const names: string[] = [];
  const entries: Dirent[] = await readdir(dir, { withFileTypes: true });
  for (const e of entries) {
    if (!e.isFile()) continue;
    const st = await lstat(join(dir, e.name)).catch(() => null);
    if (st?.isFile() && st.mtimeMs < cutoffMs) names.push(e.name);
  }
  return names.sort();
}

export async function pruneFaxFiles(pool: Pool, folders: readonly FaxFolder[], cutoff: Date, batchSize: number, log: Logger): Promise<FaxPruneResult> {
  const result: FaxPruneResult = { deleted: 0, kept: 0 };
  for (const folder of folders) {
    const names = await oldFiles(folder.dir, cutoff.getTime(), log);
    for (let i = 0; i < names.length; i += batchSize) {
      const batch = names.slice(i, i + batchSize);
      await pool.query('UPDATE fax_records SET file_purged_at = NOW(3) WHERE file IN (?) AND file_purged_at IS NULL', [batch.map((n) => join(folder.asteriskDir, n))]);
      const failed: string[] = [];
      for (const name of batch) {
        try {
          await unlink(join(folder.dir, name)); // unlink never follows a link: at worst it removes one
          result.deleted++;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
            result.deleted++;
          } else {
            log.warn({ file: join(folder.dir, name), err: (err as Error).message }, 'retention: fax file not deleted; its record kept as it was');
            failed.push(join(folder.asteriskDir, name));
            result.kept++;
          }
        }
      }
      if (failed.length) await pool.query('UPDATE fax_records SET file_purged_at = NULL WHERE file IN (?)', [failed]);
    }
  }
  return result;
}
