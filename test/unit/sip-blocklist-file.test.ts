import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BLOCKLIST_FILE, writeBlocklist } from '../../src/security/sip-blocklist';
import type { InstancePaths } from '../../src/asterisk/instance';

describe('SIP blocklist file (O4)', () => {
  let dir: string;
  let paths: InstancePaths;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'blocklist-'));
    paths = { hostEtcDir: dir } as InstancePaths;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('given the same addresses twice then the second write reports no change (no needless res_pjsip reload)', () => {
    expect(writeBlocklist(paths, ['127.0.0.9'])).to.equal(true);
    expect(writeBlocklist(paths, ['127.0.0.9'])).to.equal(false);
    expect(readFileSync(join(dir, BLOCKLIST_FILE), 'utf8')).to.contain('deny = 127.0.0.9');
  });

  it('given a file left by an earlier run when the new run writes its own (empty) list then it is a change', () => {
    writeBlocklist(paths, ['127.0.0.9']);
    expect(writeBlocklist(paths, [])).to.equal(true);
    expect(readFileSync(join(dir, BLOCKLIST_FILE), 'utf8')).not.to.contain('deny');
  });
});
