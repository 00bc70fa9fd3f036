/**
 * Writes items to MySQL so that none is lost (O3): straight to MySQL when it answers, else
 * appended to a spool file on disk (one JSON line per item) and replayed in order when MySQL is
 * back. While older items wait in the spool, newer ones queue behind them, so order is kept.
 * `save` must be idempotent (INSERT IGNORE on a key carried by the item): an item whose write
 * was committed but not acknowledged is replayed harmlessly, so nothing is written twice.
 * With `saveMany` (one transaction for many items), items handed in while a write is on its way,
 * or within `lingerMs` of the first one, go to MySQL together: under load many items cost one
 * round of statements (the app's and MySQL's CPU per call), at the price of that short delay.
 * An item MySQL refuses for its content (SQL state class 22 data exception or 23 integrity
 * constraint: a foreign key to a deleted account, a value too long) would fail on every retry
 * and hold every newer item back for good: it is set aside in `<spool>.rejected` with the
 * reason, logged as an error, and the rest goes on.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../log/logger';

/** MySQL refused the item itself, not the connection: retrying cannot help. */
export function isPermanentRefusal(err: unknown): boolean {
  const state = (err as { sqlState?: unknown } | null)?.sqlState;
  return typeof state === 'string' && (state.startsWith('22') || state.startsWith('23'));
}

/**
 * What the product's batched writers (call records, agent state changes) wait for more items:
 * under load one round of statements covers several calls, and a row reaches MySQL this much later.
 */
export const BATCH_LINGER_MS = 100;

export class DurableWriter<T> {
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly what: string,
    private readonly spoolFile: string,
    private readonly save: (item: T) => Promise<void>,
    private readonly log: Logger,
    private readonly retryMs = 5000,
    private readonly describe: (item: T) => object = () => ({}),
    private readonly saveMany: ((items: T[]) => Promise<void>) | null = null,
    private readonly lingerMs = 0,
    /** Another sink than MySQL (RADIUS accounting): its name in log lines, and what it refuses for good. */
    private readonly sink: { name: string; isPermanent: (err: unknown) => boolean } = { name: 'MySQL', isPermanent: isPermanentRefusal },
  ) {}

  /** Set once neither spool file exists; cleared when an item is spooled (saves two stat calls per write). */
  private spoolKnownEmpty = false;

  /** Items waiting for the next write, and that write (null when none is scheduled). */
  private batch: T[] = [];
  private nextWrite: Promise<void> | null = null;

  start(): void {
    this.timer = setInterval(() => void this.replay(), this.retryMs);
    void this.replay();
  }

  stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return this.chain;
  }

  write(item: T): Promise<void> {
    if (!this.saveMany) {
      this.chain = this.chain.then(() => this.writeOne(item));
      return this.chain;
    }
    this.batch.push(item);
    if (!this.nextWrite) {
      const linger = this.lingerMs;
      this.nextWrite = this.chain = this.chain
        .then(() => (linger > 0 ? new Promise<void>((resolve) => setTimeout(resolve, linger)) : undefined))
        .then(() => this.writeBatch());
    }
    return this.nextWrite;
  }

  private async writeOne(item: T): Promise<void> {
    if (this.pending()) return this.spool(item, null);
    try {
      await this.save(item);
    } catch (err) {
      if (this.sink.isPermanent(err)) this.reject(item, err as Error);
      else this.spool(item, err as Error);
    }
  }

  private reject(item: T, err: Error): void {
    mkdirSync(dirname(this.spoolFile), { recursive: true });
    appendFileSync(`${this.spoolFile}.rejected`, `${JSON.stringify({ item, reason: err.message, at: new Date().toISOString() })}\n`, { mode: 0o600 });
    this.log.error({ ...this.describe(item), err: err.message, file: `${this.spoolFile}.rejected` }, `${this.what} refused by ${this.sink.name}: set aside, not retried`);
  }

  private async writeBatch(): Promise<void> {
    const items = this.batch;
    this.batch = [];
    this.nextWrite = null; // items handed in from now on go in the next write
    if (this.pending()) {
      for (const item of items) this.spool(item, null);
      return;
    }
    try {
      await this.saveMany!(items);
    } catch (err) {
      // One refused item must not take the others with it: one by one, then.
      if (this.sink.isPermanent(err)) for (const item of items) await this.writeOne(item);
      else for (const item of items) this.spool(item, err as Error);
    }
  }

  /** Resolves when every item handed in so far is in MySQL or on disk. */
  flush(): Promise<void> {
    return this.chain;
  }

  /** Tries the spool now (tests, and the moment MySQL is known to be back). */
  replayNow(): Promise<void> {
    return this.replay();
  }

  private pending(): boolean {
    if (this.spoolKnownEmpty) return false;
    const pending = existsSync(this.spoolFile) || existsSync(`${this.spoolFile}.replaying`);
    this.spoolKnownEmpty = !pending;
    return pending;
  }

  private spool(item: T, err: Error | null): void {
    this.spoolKnownEmpty = false;
    mkdirSync(dirname(this.spoolFile), { recursive: true });
    appendFileSync(this.spoolFile, `${JSON.stringify(item)}\n`, { mode: 0o600 });
    this.log.warn({ ...this.describe(item), err: err?.message ?? 'older items still waiting', spool: this.spoolFile }, `${this.what} spooled to disk (${this.sink.name} unavailable)`);
  }

  private replay(): Promise<void> {
    this.chain = this.chain.then(async () => {
      const taking = `${this.spoolFile}.replaying`;
      if (!existsSync(taking)) {
        if (!existsSync(this.spoolFile)) return;
        this.spoolKnownEmpty = false;
        // Take the file over first: items spooled meanwhile go to a fresh file.
        renameSync(this.spoolFile, taking);
      }
      const lines = readFileSync(taking, 'utf8').split('\n').filter(Boolean);
      for (let i = 0; i < lines.length; i++) {
        const item = JSON.parse(lines[i]) as T;
        try {
          await this.save(item);
        } catch (err) {
          if (this.sink.isPermanent(err)) {
            this.reject(item, err as Error);
            continue;
          }
          // Put the unwritten rest back in front of anything spooled meanwhile.
          const rest = `${lines.slice(i).join('\n')}\n`;
          const newer = existsSync(this.spoolFile) ? readFileSync(this.spoolFile, 'utf8') : '';
          appendFileSync(`${taking}.tmp`, rest + newer, { mode: 0o600 });
          renameSync(`${taking}.tmp`, this.spoolFile);
          unlinkSync(taking);
          this.log.debug({ err: (err as Error).message, left: lines.length - i }, `spooled ${this.what} still waiting for ${this.sink.name}`);
          return;
        }
      }
      unlinkSync(taking);
      this.log.info({ items: lines.length }, `spooled ${this.what} written to ${this.sink.name}`);
    });
    return this.chain;
  }
}
