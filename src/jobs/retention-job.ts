/**
 * Retention clean-up (D5): recordings (file and row together) and log rows older than N days;
 * received faxes and converted TIFFs (fax-retention.ts, their fax records marked).
 *
 * A recording goes in three steps, so a crash at any point leaves nothing half done for good:
 *   1. mark the row (purge_started_at): from now on it is being deleted (the search hides it);
 *   2. delete the file; a file that is already gone counts as deleted;
 *   3. delete the row (and clear call_records.recording_path) in one transaction.
 * A file that cannot be deleted (permissions, I/O error) unmarks its row: row and file stay.
 * Each run first finishes rows a previous, interrupted run had marked.
 */
import { unlink } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { inTransaction, type Pool } from '../db/pool';
import type { Logger } from '../log/logger';
import { pruneFaxFiles, type FaxFolder } from './fax-retention';

export type { FaxFolder };

export interface RetentionSettings {
  recordingsDays: number; logsDays: number; batchSize: number; recordingDir: string;
  /** Received faxes and converted TIFFs older than faxesDays (fax-retention.ts); none without folders. */
  faxesDays?: number; faxFolders?: FaxFolder[];
}

export interface RetentionResult { recordingsDeleted: number; recordingsKept: number; logRowsDeleted: Record<string, number> }

const cutoff = (now: Date, days: number) => new Date(now.getTime() - days * 86400000);

/** Only files inside the recording folder are ever deleted (a row cannot point us at /etc). */
export function insideFolder(folder: string, path: string): boolean {
  const rel = relative(resolve(folder), resolve(path));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** Log tables: [table, time column]. agent_state_log keeps each agent's latest row (its current state). */
const LOG_TABLES: [string, string][] = [['queue_log', 'time'], ['agent_state_log', 'at'], ['cdr', 'calldate'], ['cel', 'eventtime']];

export function retentionJob(pool: Pool, s: RetentionSettings, log: Logger) {
  async function purge(rows: RowDataPacket[]): Promise<{ deleted: number; kept: number }> {
    const done: RowDataPacket[] = [];
    const failed: number[] = [];
    for (const r of rows) {
      if (!insideFolder(s.recordingDir, r.path)) {
        log.warn({ recording: r.id, path: r.path, folder: s.recordingDir }, 'retention: recording outside the recording folder; row and file kept');
        failed.push(r.id);
        continue;
      }
      try {
        await unlink(r.path);
        done.push(r);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
          done.push(r);
        } else {
          log.warn({ recording: r.id, path: r.path, err: (err as Error).message }, 'retention: recording file not deleted; row kept');
          failed.push(r.id);
        }
      }
    }
    if (failed.length) await pool.query('UPDATE recordings SET purge_started_at = NULL WHERE id IN (?)', [failed]);
    if (done.length) {
      await inTransaction(pool, async (conn) => {
        await conn.query('DELETE FROM recordings WHERE id IN (?)', [done.map((r) => r.id)]);
        for (const r of done) await conn.execute('UPDATE call_records SET recording_path = NULL WHERE guid = ? AND recording_path = ?', [r.call_guid, r.path]);
      });
    }
    return { deleted: done.length, kept: failed.length };
  }

  return async (now: Date): Promise<string> => {
    const result: RetentionResult = { recordingsDeleted: 0, recordingsKept: 0, logRowsDeleted: {} };
    const add = (x: { deleted: number; kept: number }) => { result.recordingsDeleted += x.deleted; result.recordingsKept += x.kept; };

    // Finish what an interrupted run had marked.
    for (;;) {
      const [pending] = await pool.query<RowDataPacket[]>('SELECT id, call_guid, path FROM recordings WHERE purge_started_at IS NOT NULL ORDER BY id LIMIT ?', [s.batchSize]);
      if (!pending.length) break;
      add(await purge(pending));
      if (pending.length < s.batchSize) break;
    }

    const recCutoff = cutoff(now, s.recordingsDays);
    let lastId = 0;
    for (;;) {
      const [batch] = await pool.query<RowDataPacket[]>(
        'SELECT id, call_guid, path FROM recordings WHERE started_at < ? AND purge_started_at IS NULL AND id > ? ORDER BY id LIMIT ?', [recCutoff, lastId, s.batchSize]);
      if (!batch.length) break;
      lastId = batch[batch.length - 1].id;
      await pool.query('UPDATE recordings SET purge_started_at = NOW(3) WHERE id IN (?)', [batch.map((r) => r.id)]);
      add(await purge(batch));
      if (batch.length < s.batchSize) break;
    }

    const logCutoff = cutoff(now, s.logsDays);
    const [latest] = await pool.query<RowDataPacket[]>('SELECT MAX(id) AS id FROM agent_state_log GROUP BY extension');
    const keep = latest.length ? latest.map((r) => r.id) : [0];
    for (const [table, column] of LOG_TABLES) {
      let total = 0;
      for (;;) {
        const extra = table === 'agent_state_log' ? ' AND id NOT IN (?)' : '';
        const [r] = await pool.query<{ affectedRows: number } & RowDataPacket[]>(
          `DELETE FROM ${table} WHERE ${column} < ?${extra} LIMIT ${s.batchSize}`, table === 'agent_state_log' ? [logCutoff, keep] : [logCutoff]);
        total += r.affectedRows;
        if (r.affectedRows < s.batchSize) break;
      }
      result.logRowsDeleted[table] = total;
    }
    const faxes = s.faxFolders?.length ? await pruneFaxFiles(pool, s.faxFolders, cutoff(now, s.faxesDays ?? s.recordingsDays), s.batchSize, log) : { deleted: 0, kept: 0 };
    return `recordings deleted ${result.recordingsDeleted}, kept (file not deletable) ${result.recordingsKept}; log rows deleted ${JSON.stringify(result.logRowsDeleted)}; fax files deleted ${faxes.deleted}, kept (not deletable) ${faxes.kept}`;
  };
}
