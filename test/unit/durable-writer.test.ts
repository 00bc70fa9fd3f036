import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { DurableWriter } from '../../src/db/durable-writer';

const log = pino({ level: 'silent' });

describe('DurableWriter batches (saveMany)', () => {
  const spool = () => join(mkdtempSync(join(tmpdir(), 'dw-')), 'items.jsonl');

  it('writes an item at once when nothing is on its way, and gathers the items handed in meanwhile into the next write', async () => {
    const writes: number[][] = [];
    let release: () => void = () => {};
    const w = new DurableWriter<number>('n', spool(), async () => {}, log, 5000, () => ({}), async (items) => {
      writes.push(items);
      if (writes.length === 1) await new Promise<void>((r) => { release = r; });
    });
    const first = w.write(1);
    await new Promise((r) => setImmediate(r));
    const rest = [w.write(2), w.write(3), w.write(4)];
    release();
    await Promise.all([first, ...rest]);
    expect(writes).to.deep.equal([[1], [2, 3, 4]]);
  });

  it('with a linger, gathers the items handed in within it into one write', async () => {
    const writes: number[][] = [];
    const w = new DurableWriter<number>('n', spool(), async () => {}, log, 5000, () => ({}), async (items) => { writes.push(items); }, 300);
    const first = w.write(1);
    await new Promise((r) => setImmediate(r));
    await Promise.all([first, w.write(2), w.write(3)]);
    await w.write(4);
    expect(writes).to.deep.equal([[1, 2, 3], [4]]);
  });

  it('replays a spool file put there while it runs, then writes new items straight again', async () => {
    const file = spool();
    const saved: number[] = [];
    const w = new DurableWriter<number>('n', file, async (n) => { saved.push(n); }, log);
    await w.write(1);
    writeFileSync(file, '2\n');
    await w.replayNow();
    await w.write(3);
    expect(saved).to.deep.equal([1, 2, 3]);
  });

  it('spools every item of a failed batch, in order, and none twice', async () => {
    const file = spool();
    const w = new DurableWriter<number>('n', file, async () => {}, log, 5000, () => ({}), async () => { throw new Error('MySQL is away'); });
    await Promise.all([w.write(1), w.write(2)]);
    await w.write(3); // older items wait on disk: this one goes behind them
    expect(readFileSync(file, 'utf8').trim().split('\n')).to.deep.equal(['1', '2', '3']);
  });

  const refused = () => Object.assign(new Error('Cannot add or update a child row: a foreign key constraint fails'), { sqlState: '23000' });

  it('sets an item MySQL refuses for its content aside, writes the others of its batch, and keeps no spool', async () => {
    const file = spool();
    const saved: number[] = [];
    const w = new DurableWriter<number>('n', file, async (n) => { if (n === 2) throw refused(); saved.push(n); }, log, 5000, () => ({}),
      async (items) => { if (items.includes(2)) throw refused(); saved.push(...items); });
    await Promise.all([w.write(1), w.write(2), w.write(3)]);
    expect(saved).to.deep.equal([1, 3]);
    expect(existsSync(file), 'nothing waits for a retry').to.equal(false);
    const rejected = readFileSync(`${file}.rejected`, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rejected.map((r) => r.item)).to.deep.equal([2]);
    expect(rejected[0].reason).to.match(/foreign key/);
  });

  it('given a refused item in the spool then the replay sets it aside and writes the items behind it', async () => {
    const file = spool();
    let up = false;
    const saved: number[] = [];
    const w = new DurableWriter<number>('n', file, async (n) => {
      if (!up) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      if (n === 2) throw refused();
      saved.push(n);
    }, log);
    await Promise.all([w.write(1), w.write(2), w.write(3)]);
    expect(readFileSync(file, 'utf8').trim().split('\n')).to.deep.equal(['1', '2', '3']);
    up = true;
    await w.replayNow();
    expect(saved).to.deep.equal([1, 3]);
    expect(existsSync(file)).to.equal(false);
    expect(readFileSync(`${file}.rejected`, 'utf8')).to.match(/"item":2/);
  });

  it('writes items one by one without saveMany', async () => {
    const saved: number[] = [];
    const file = spool();
    const w = new DurableWriter<number>('n', file, async (n) => { saved.push(n); }, log);
    await Promise.all([w.write(1), w.write(2)]);
    expect(saved).to.deep.equal([1, 2]);
    expect(existsSync(file)).to.equal(false);
  });
});
