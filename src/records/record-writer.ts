/**
 * Writes call records so that none is lost: straight to MySQL when it answers, else appended
 * to a spool file on disk (one JSON line per record) and replayed when MySQL is back. Rows are
 * keyed by call GUID and inserted with INSERT IGNORE, so a replay never writes a call twice.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Pool } from '../db/pool';
import { saveCallRecord, type CallRecord } from '../db/call-record-repository';
import type { Logger } from '../log/logger';

export class RecordWriter {
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly pool: Pool, private readonly spoolFile: string, private readonly log: Logger, private readonly retryMs = 5000) {}

  start(): void {
    this.timer = setInterval(() => void this.replay(), this.retryMs);
    void this.replay();
  }

  stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return this.chain;
  }

  write(record: CallRecord): Promise<void> {
    this.chain = this.chain.then(async () => {
      try {
        await saveCallRecord(this.pool, record);
        this.log.info({ guid: record.guid, status: record.status, agent: record.agent }, 'call record written');
      } catch (err) {
        this.spool(record, err as Error);
      }
    });
    return this.chain;
  }

  /** Resolves when every record handed in so far is in MySQL or on disk. */
  flush(): Promise<void> {
    return this.chain;
  }

  private spool(record: CallRecord, err: Error): void {
    mkdirSync(dirname(this.spoolFile), { recursive: true });
    appendFileSync(this.spoolFile, `${JSON.stringify(record)}\n`, { mode: 0o600 });
    this.log.warn({ guid: record.guid, err: err.message, spool: this.spoolFile }, 'MySQL unavailable: call record spooled to disk');
  }

  private replay(): Promise<void> {
    this.chain = this.chain.then(async () => {
      if (!existsSync(this.spoolFile)) return;
      // Take the file over first, so records spooled meanwhile go to a fresh file.
      const taking = `${this.spoolFile}.replaying`;
      if (!existsSync(taking)) renameSync(this.spoolFile, taking);
      const lines = readFileSync(taking, 'utf8').split('\n').filter(Boolean);
      for (let i = 0; i < lines.length; i++) {
        try {
          await saveCallRecord(this.pool, JSON.parse(lines[i]) as CallRecord);
        } catch (err) {
          // Put the unwritten rest back in front of anything spooled meanwhile.
          const rest = lines.slice(i).join('\n') + '\n';
          const newer = existsSync(this.spoolFile) ? readFileSync(this.spoolFile, 'utf8') : '';
          appendFileSync(`${taking}.tmp`, rest + newer, { mode: 0o600 });
          renameSync(`${taking}.tmp`, this.spoolFile);
          unlinkSync(taking);
          this.log.debug({ err: (err as Error).message, left: lines.length - i }, 'spooled call records still waiting for MySQL');
          return;
        }
      }
      unlinkSync(taking);
      this.log.info({ records: lines.length }, 'spooled call records written to MySQL');
    });
    return this.chain;
  }
}
