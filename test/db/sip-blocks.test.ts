/**
 * Issue 16 section 4: SIP blocks kept in MySQL (sip_blocks) through MysqlBlockStore: read back
 * in force only, lifts kept, writes idempotent, and a block made while MySQL cannot be reached
 * waits in the spool file and is written by the next store (the next run of the app).
 * Own database callcenter_test_sip_blocks.
 */
import { expect } from 'chai';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { createPool, type Pool } from '../../src/db/pool';
import { MysqlBlockStore } from '../../src/security/block-store';
import type { Block } from '../../src/security/brute-force-guard';
import { dbTestConfig, freshDatabase, quietLog } from './db-harness';

const DB = 'callcenter_test_sip_blocks';
const block = (address: string, since: number, until: number): Block => ({ address, since, until, failures: 10, why: 'InvalidPassword (PJSIP account 1001)' });

describe('SIP blocks in MySQL (issue 16 section 4)', function () {
  this.timeout(30000);
  let pool: Pool;
  let dir: string;
  const now = Date.now();

  before(async () => {
    pool = await freshDatabase(dbTestConfig(DB));
    dir = mkdtempSync(join(tmpdir(), 'cc-sip-blocks-'));
  });
  after(async () => {
    await pool?.end();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('given blocks, an expired one and a lift then only the blocks in force are read back, with their times to the millisecond', async () => {
    const store = new MysqlBlockStore(pool, join(dir, 'a.jsonl'), quietLog);
    const kept = block('192.0.2.1', now - 1234, now + 600321);
    await store.blocked(kept);
    await store.blocked(kept); // a replayed write
    await store.blocked(block('192.0.2.2', now - 900000, now - 1));
    await store.blocked(block('192.0.2.3', now - 1000, now + 600000));
    await store.lifted('192.0.2.3', now);
    expect(await store.load(now)).to.deep.equal([kept]);
    expect((await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM sip_blocks'))[0][0].n, 'each block once').to.equal(3);
    await store.stop();
  });

  it('given the address blocked again after a lift then the new block is in force (a lift touches only earlier blocks)', async () => {
    const store = new MysqlBlockStore(pool, join(dir, 'b.jsonl'), quietLog);
    await store.blocked(block('192.0.2.3', now + 10, now + 700000));
    await store.lifted('192.0.2.3', now); // the earlier lift replayed
    expect((await store.load(now + 20)).map((b) => b.address)).to.deep.equal(['192.0.2.1', '192.0.2.3']);
    await store.stop();
  });

  it('given MySQL unreachable when a block is made then it waits in the spool and the next store writes and reads it', async () => {
    const spool = join(dir, 'outage.jsonl');
    const config = dbTestConfig(DB);
    const down = createPool({ ...config.db, port: 1 }); // nothing listens there
    const during = new MysqlBlockStore(down, spool, quietLog, 60000);
    const b = block('192.0.2.9', now, now + 800000);
    await during.blocked(b);
    expect(existsSync(spool), 'spooled').to.equal(true);
    let refused: Error | null = null;
    await during.load(now).catch((err: Error) => { refused = err; });
    expect(refused, 'nothing to read while MySQL is away').to.not.equal(null);
    await during.stop();
    await down.end();

    const next = new MysqlBlockStore(pool, spool, quietLog, 60000);
    expect((await next.load(now)).map((x) => x.address)).to.include('192.0.2.9');
    expect(existsSync(spool), 'spool written and removed').to.equal(false);
    await next.stop();
  });
});
