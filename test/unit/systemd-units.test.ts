/** make install-service: the rendered units pass systemd-analyze verify and carry the promised options. */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

describe('systemd units (make install-service)', function () {
  this.timeout(30000);
  let dir: string;
  const install = () => execFileSync('bash', [join(ROOT, 'scripts/install-service.sh')], {
    cwd: ROOT, env: { ...process.env, CC_SYSTEMD_DIR: dir, CC_SERVICE_NO_USER: '1' }, encoding: 'utf8', stdio: 'pipe',
  });
  before(function () {
    if (!existsSync('/usr/bin/systemd-analyze') || !existsSync(join(ROOT, 'var/callcenter.json'))) this.skip();
    dir = mkdtempSync(join(tmpdir(), 'cc-units-'));
    install();
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });
  const unit = (name: string) => readFileSync(join(dir, `${name}.service`), 'utf8');

  it('given the three units then each restarts on failure and forbids new privileges', () => {
    for (const name of ['callcenter-asterisk', 'callcenter-fastagi', 'callcenter-app']) {
      expect(unit(name), name).to.match(/^Restart=on-failure$/m).and.match(/^NoNewPrivileges=yes$/m).and.not.match(/@[A-Z_]+@/);
    }
  });
  it('given FastAGI then it runs as the unprivileged callcenter user with a read-only system', () => {
    expect(unit('callcenter-fastagi')).to.match(/^User=callcenter$/m).and.match(/^ProtectSystem=strict$/m).and.match(/^CapabilityBoundingSet=$/m);
  });
  it('given the app then it runs as callcenter with Asterisk\'s group (numeric), no capabilities and only its folders writable', () => {
    const app = unit('callcenter-app');
    expect(app).to.match(/^User=callcenter$/m).and.match(/^SupplementaryGroups=\d+$/m).and.match(/^CapabilityBoundingSet=$/m).and.match(/^ProtectSystem=strict$/m);
    const rw = /^ReadWritePaths=(.*)$/m.exec(app)?.[1].split(' ') ?? [];
    expect(rw, 'the var folder and the instance\'s config and state folders, not the whole chroot').to.have.length(3);
    expect(rw.some((d) => d.endsWith('/etc/callcenter/main')) && rw.some((d) => d.endsWith('/var/lib/callcenter/main')), rw.join(' ')).to.equal(true);
  });
  it('given the app then it starts after Asterisk and pulls FastAGI in', () => {
    expect(unit('callcenter-app')).to.match(/^After=.*callcenter-asterisk\.service/m).and.match(/^Wants=.*callcenter-fastagi\.service/m);
  });
  it('given a value systemd cannot parse then systemd-analyze reports it (install-service fails on any report)', () => {
    const bad = join(dir, 'callcenter-app.service');
    writeFileSync(bad, unit('callcenter-app').replace('Restart=on-failure', 'Restart=sometimes'));
    const out = execFileSync('bash', ['-c', `cd ${dir} && systemd-analyze verify --man=no callcenter-app.service 2>&1`], { encoding: 'utf8' });
    expect(out, 'systemd-analyze reports the bad value').to.match(/restart specifier/);
    install(); // renders again: the templates themselves are clean
    expect(unit('callcenter-app')).to.match(/^Restart=on-failure$/m);
  });
});
