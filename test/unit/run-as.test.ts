/** Issue 16 §2: which user the supervised app and FastAGI run as, and the command that makes them so. */
import { expect } from 'chai';
import { commandFor, chooseRunAs, setprivOptions, type RunAs } from '../../src/supervisor/run-as';
import { parsePasswd } from '../../src/util/users';

const cc: RunAs = { user: 'callcenter', uid: 998, gid: 997, groups: [101] };

describe('running the app and FastAGI unprivileged (supervisor)', () => {
  it('given a service user then node runs through setpriv with its ids, Asterisk\'s group only and no new privileges', () => {
    const [cmd, args] = commandFor(cc, '/usr/bin/node', '/p/dist/src/main.js');
    expect(cmd).to.equal('setpriv');
    expect(args).to.deep.equal(['--reuid', '998', '--regid', '997', '--groups', '101', '--no-new-privs', '--inh-caps=-all', '--', '/usr/bin/node', '/p/dist/src/main.js']);
  });
  it('given no Asterisk group then every supplementary group is cleared (root\'s groups are not inherited)', () => {
    expect(setprivOptions({ ...cc, groups: [] })).to.include('--clear-groups').and.not.include('--groups');
  });
  it('given no service user to switch to then node runs directly', () => {
    expect(commandFor(null, 'node', 's.js')).to.deep.equal(['node', ['s.js']]);
  });
  it('given a supervisor that is not root then nothing is dropped and nothing is reported', () => {
    expect(chooseRunAs(undefined, false, 101, () => true, [])).to.deep.equal({ runAs: null, why: null });
  });
  it('given CC_RUN_AS=root then the children stay root on purpose', () => {
    expect(chooseRunAs('root', true, 101, () => true, [])).to.deep.equal({ runAs: null, why: null });
  });
  it('given a user that does not exist then root, with what to do', () => {
    const c = chooseRunAs('no-such-user-cc', true, 101, () => true, []);
    expect(c.runAs).to.equal(null);
    expect(c.runAs === null && c.why).to.match(/does not exist: run "make install"/);
  });
  it('given a project the user cannot read then root, naming the files and the fix', () => {
    const existing = chooseRunAs('nobody', true, 101, () => false, ['/root/cc/dist/src/main.js']);
    expect(existing.runAs === null && existing.why).to.match(/cannot read \/root\/cc\/dist\/src\/main\.js .*\/opt/);
  });
  it('given a readable project and an existing user then its ids with Asterisk\'s group', () => {
    const c = chooseRunAs('nobody', true, 101, () => true, []);
    expect(c.runAs).to.include({ user: 'nobody' });
    expect(c.runAs?.groups).to.deep.equal([101]);
  });
  it('given /etc/passwd text then a user\'s ids are read exactly (no prefix match)', () => {
    const text = 'root:x:0:0::/root:/bin/sh\ncallcenter-old:x:5:5::/:/bin/false\ncallcenter:x:998:997::/var:/usr/sbin/nologin\n';
    expect(parsePasswd(text, 'callcenter')).to.deep.equal({ uid: 998, gid: 997 });
    expect(parsePasswd(text, 'callcent')).to.equal(null);
  });
});
