/**
 * Keeps SIP blocks in MySQL (issue 16 section 4) so that an app restart lifts none. Blocks and
 * lifts are written in order through a DurableWriter: while MySQL is away they wait in a spool
 * file (the block itself is in force at once, in memory and in Asterisk's ACL) and are written
 * when it is back, even by the next run of the app.
 */
import type { Pool } from '../db/pool';
import { DurableWriter } from '../db/durable-writer';
import { activeSipBlocks, insertSipBlock, liftSipBlock } from '../db/sip-block-repository';
import type { Logger } from '../log/logger';
import type { Block } from './brute-force-guard';

/** What SipBlocklist needs from a store. */
export interface BlockStore {
  /** Writes waiting in the spool first, then answers the blocks in force at `now`; rejects while MySQL is down. */
  load(now: number): Promise<Block[]>;
  /** Never rejects: what MySQL does not take now waits in the spool. */
  blocked(block: Block): Promise<void>;
  lifted(address: string, at: number): Promise<void>;
  stop(): Promise<void>;
}

type Change = { kind: 'block'; block: Block } | { kind: 'lift'; address: string; at: number };

export class MysqlBlockStore implements BlockStore {
  private readonly writer: DurableWriter<Change>;

  constructor(private readonly pool: Pool, spoolFile: string, log: Logger, retryMs = 5000) {
    this.writer = new DurableWriter<Change>('SIP block', spoolFile,
      (c) => (c.kind === 'block' ? insertSipBlock(pool, c.block) : liftSipBlock(pool, c.address, c.at)),
      log, retryMs, (c) => ({ change: c.kind, address: c.kind === 'block' ? c.block.address : c.address }));
    this.writer.start();
  }

  async load(now: number): Promise<Block[]> {
    await this.writer.replayNow();
    return activeSipBlocks(this.pool, now);
  }

  blocked(block: Block): Promise<void> {
    return this.writer.write({ kind: 'block', block });
  }

  lifted(address: string, at: number): Promise<void> {
    return this.writer.write({ kind: 'lift', address, at });
  }

  stop(): Promise<void> {
    return this.writer.stop();
  }
}
