import { expect } from 'chai';
import { lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileNoFollow } from '../../src/util/safe-write';

describe('writing generated files into folders another user owns', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'cc-safe-write-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('given a symbolic link where the file goes then the link is replaced and its target untouched', () => {
    const victim = join(dir, 'shadow');
    writeFileSync(victim, 'secret');
    symlinkSync(victim, join(dir, 'pjsip_generated.conf'));
    writeFileNoFollow(join(dir, 'pjsip_generated.conf'), '[1001]\n', 0o640);
    expect(readFileSync(victim, 'utf8')).to.equal('secret');
    expect(lstatSync(join(dir, 'pjsip_generated.conf')).isSymbolicLink()).to.equal(false);
    expect(readFileSync(join(dir, 'pjsip_generated.conf'), 'utf8')).to.equal('[1001]\n');
    expect(lstatSync(join(dir, 'pjsip_generated.conf')).mode & 0o777).to.equal(0o640);
  });

  it('given an existing file then it is replaced whole and no temporary file is left', () => {
    writeFileSync(join(dir, 'a.conf'), 'old');
    writeFileNoFollow(join(dir, 'a.conf'), 'new');
    expect(readFileSync(join(dir, 'a.conf'), 'utf8')).to.equal('new');
    expect(readdirSync(dir)).to.deep.equal(['a.conf']);
  });
});
