/**
 * Issue 16 section 4: the retention job prunes received faxes and converted TIFFs older than
 * jobs.retention.faxesDays, marks their fax records (file_purged_at), and never follows a
 * symbolic link. Own database callcenter_test_fax_retention.
 */
import { expect } from 'chai';
import { existsSync, lutimesSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import type { Pool } from '../../src/db/pool';
import { retentionJob, type RetentionSettings } from '../../src/jobs/retention-job';
import { dbTestConfig, freshDatabase, quietLog } from './db-harness';

const DB = 'callcenter_test_fax_retention';
/** The fax folders as Asterisk sees them (the paths fax_records.file holds). */
const AST_IN = '/var/lib/callcenter/test/spool/fax/in';
const AST_CONVERTED = '/var/lib/callcenter/test/spool/fax/converted';

describe('retention of fax files (issue 16 section 4)', function () {
  this.timeout(30000);
  const now = new Date();
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86400000);
  let pool: Pool;
  let dir: string;
  let inDir: string;
  let convDir: string;
  let settings: RetentionSettings;

  /** A file `age` days old (mtime), and its fax record when `row` says so. */
  const fax = async (folder: string, astFolder: string, name: string, age: number, row: 'in' | 'out' | null) => {
    const path = join(folder, name);
    writeFileSync(path, 'II*\0');
    utimesSync(path, daysAgo(age), daysAgo(age));
    if (!row) return;
    await pool.execute(`INSERT INTO fax_records (guid, direction, caller, callee, file, started_at, ended_at, result)
      VALUES (UUID(), ?, '0299', '0256', ?, ?, ?, 'success')`, [row, join(astFolder, name), daysAgo(age), daysAgo(age)]);
  };
  const purged = async () => (await pool.query<RowDataPacket[]>('SELECT file FROM fax_records WHERE file_purged_at IS NOT NULL ORDER BY file'))[0].map((r) => r.file);

  before(async () => {
    pool = await freshDatabase(dbTestConfig(DB));
    dir = mkdtempSync(join(tmpdir(), 'cc-fax-retention-'));
    inDir = join(dir, 'in');
    convDir = join(dir, 'converted');
    mkdirSync(inDir);
    mkdirSync(convDir);
    settings = {
      recordingsDays: 30, logsDays: 30, batchSize: 2, recordingDir: join(dir, 'recording'),
      faxesDays: 30, faxFolders: [{ dir: inDir, asteriskDir: AST_IN }, { dir: convDir, asteriskDir: AST_CONVERTED }],
    };
    await fax(inDir, AST_IN, '20250101-120000-1.tif', 40, 'in'); // old received fax: goes, row marked
    await fax(inDir, AST_IN, '20250102-120000-2.tif', 45, 'in'); // old received fax: goes, row marked
    await fax(inDir, AST_IN, '20250103-120000-3.tif', 10, 'in'); // young: stays
    await fax(convDir, AST_CONVERTED, '00000000-0000-4000-9000-000000000001.tif', 40, 'out'); // old converted TIFF: goes
    await fax(convDir, AST_CONVERTED, 'left-by-a-crash.tif.part', 40, null); // old, no record: goes
    // Never followed: an old file outside, reached through a link in the folder, and a sub-folder.
    writeFileSync(join(dir, 'outside.tif'), 'II*\0');
    utimesSync(join(dir, 'outside.tif'), daysAgo(40), daysAgo(40));
    symlinkSync(join(dir, 'outside.tif'), join(inDir, 'link.tif'));
    lutimesSync(join(inDir, 'link.tif'), daysAgo(40), daysAgo(40));
    mkdirSync(join(inDir, 'sub'));
    await fax(join(inDir, 'sub'), join(AST_IN, 'sub'), 'deep.tif', 40, null);
    utimesSync(join(inDir, 'sub'), daysAgo(40), daysAgo(40));
  });
  after(async () => {
    await pool?.end();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('given received and converted fax files of several ages then exactly the old regular files go and their records say so', async () => {
    const summary = await retentionJob(pool, settings, quietLog)(now);
    expect(summary).to.match(/fax files deleted 4, kept \(not deletable\) 0/);
    expect(existsSync(join(inDir, '20250101-120000-1.tif'))).to.equal(false);
    expect(existsSync(join(inDir, '20250102-120000-2.tif'))).to.equal(false);
    expect(existsSync(join(convDir, '00000000-0000-4000-9000-000000000001.tif'))).to.equal(false);
    expect(existsSync(join(convDir, 'left-by-a-crash.tif.part'))).to.equal(false);
    expect(existsSync(join(inDir, '20250103-120000-3.tif')), 'young fax').to.equal(true);
    expect(existsSync(join(inDir, 'link.tif')), 'the link').to.equal(true);
    expect(existsSync(join(dir, 'outside.tif')), 'the file behind the link').to.equal(true);
    expect(existsSync(join(inDir, 'sub', 'deep.tif')), 'a file in a sub-folder').to.equal(true);
    expect(await purged()).to.deep.equal([join(AST_CONVERTED, '00000000-0000-4000-9000-000000000001.tif'), join(AST_IN, '20250101-120000-1.tif'), join(AST_IN, '20250102-120000-2.tif')]);
    expect((await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM fax_records'))[0][0].n, 'the fax records themselves are kept').to.equal(4);
  });

  it('given a second run then nothing more is deleted', async () => {
    expect(await retentionJob(pool, settings, quietLog)(now)).to.match(/fax files deleted 0, kept \(not deletable\) 0/);
    expect(await purged()).to.have.length(3);
  });

  it('given a fax folder that is itself a symbolic link then nothing behind it is deleted', async () => {
    const real = join(dir, 'elsewhere');
    mkdirSync(real);
    writeFileSync(join(real, 'old.tif'), 'II*\0');
    utimesSync(join(real, 'old.tif'), daysAgo(40), daysAgo(40));
    symlinkSync(real, join(dir, 'linked-in'));
    const job = retentionJob(pool, { ...settings, faxFolders: [{ dir: join(dir, 'linked-in'), asteriskDir: AST_IN }] }, quietLog);
    expect(await job(now)).to.match(/fax files deleted 0/);
    expect(existsSync(join(real, 'old.tif'))).to.equal(true);
  });
});
