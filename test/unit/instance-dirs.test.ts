import { expect } from 'chai';
import { chownSync, mkdirSync, mkdtempSync, rmSync, statSync, lstatSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { instancePaths, prepareDirectories, SHARED_DIRS, STATE_DIRS } from '../../src/asterisk/instance';

describe('preparing an Asterisk instance\'s directories (start-up)', () => {
  const isRoot = process.getuid?.() === 0;
  let root: string;
  // The asterisk user of this fake root is uid/gid 4242; files owned by 777 must keep their owner.
  beforeEach(function () {
    if (!isRoot) this.skip();
    root = mkdtempSync(join(tmpdir(), 'cc-instance-'));
    mkdirSync(join(root, 'etc'), { recursive: true });
    writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0::/root:/bin/sh\nasterisk:x:4242:4242::/var/lib/asterisk:/bin/false\n');
  });
  afterEach(() => { if (root) rmSync(root, { recursive: true, force: true }); });

  it('given recordings already in the spool then only the directories change owner, not the archive', () => {
    const p = instancePaths(root, 'main');
    mkdirSync(join(p.hostVarDir, 'spool/recording'), { recursive: true });
    const rec = join(p.hostVarDir, 'spool/recording/old-call.wav');
    writeFileSync(rec, 'RIFF');
    chownSync(rec, 777, 777);
    prepareDirectories(p);
    for (const d of STATE_DIRS) expect(statSync(join(p.hostVarDir, d)).uid, d).to.equal(4242);
    expect(statSync(rec).uid, 'the recording keeps its owner').to.equal(777);
  });

  it('given a symbolic link in the config folder then neither it nor its target changes owner', () => {
    const p = instancePaths(root, 'main');
    mkdirSync(p.hostEtcDir, { recursive: true });
    const outside = join(root, 'outside-secret');
    writeFileSync(outside, 'x');
    chownSync(outside, 0, 0);
    symlinkSync(outside, join(p.hostEtcDir, 'evil.conf'));
    writeFileSync(join(p.hostEtcDir, 'pjsip.conf'), '');
    prepareDirectories(p);
    expect(statSync(outside).uid, 'the link\'s target').to.equal(0);
    expect(lstatSync(join(p.hostEtcDir, 'evil.conf')).uid, 'the link itself').to.equal(0);
    expect(statSync(join(p.hostEtcDir, 'pjsip.conf')).uid, 'a real config file').to.equal(4242);
  });

  it('given the app\'s service user then it owns the config tree with Asterisk\'s group, setgid, and the shared spool folders are group-writable', () => {
    const p = instancePaths(root, 'main');
    mkdirSync(p.hostEtcDir, { recursive: true });
    writeFileSync(join(p.hostEtcDir, 'pjsip.conf'), '', { mode: 0o640 });
    prepareDirectories(p, 998);
    const etc = statSync(p.hostEtcDir);
    expect([etc.uid, etc.gid, etc.mode & 0o7777], 'config folder').to.deep.equal([998, 4242, 0o2750]);
    const file = statSync(join(p.hostEtcDir, 'pjsip.conf'));
    expect([file.uid, file.gid], 'config file').to.deep.equal([998, 4242]);
    for (const d of SHARED_DIRS) expect(statSync(join(p.hostVarDir, d)).mode & 0o7777, d).to.equal(0o2770);
    expect(statSync(join(p.hostVarDir, 'run')).mode & 0o7777, 'Asterisk\'s own run folder stays private to it').to.not.equal(0o2770);
    // A file written later by anyone (root or the service user) gets Asterisk's group from the folder.
    writeFileSync(join(p.hostEtcDir, 'late.conf'), '');
    expect(statSync(join(p.hostEtcDir, 'late.conf')).gid).to.equal(4242);
  });
});
