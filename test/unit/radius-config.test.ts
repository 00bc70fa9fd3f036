import { expect } from 'chai';
import { renderRadiusFiles } from '../../src/asterisk/radius-config';
import { parseConfig, ConfigError } from '../../src/config';
import { templateVars } from '../../src/asterisk/site-config';
import { instancePaths } from '../../src/asterisk/instance';

const settings = { server: '10.1.2.3', authPort: 1812, acctPort: 1813, secret: 's3cret', timeoutSec: 5, retries: 3 };
const minimal = { asterisk: { ariPassword: 'a'.repeat(20), amiSecret: 'b'.repeat(20) }, db: { password: 'p', adminPassword: 'q' } };

describe('RADIUS client files for cdr_radius (S9)', () => {
  it('given a server then radcli points at it with the secret in its own servers file', () => {
    const f = renderRadiusFiles(settings, '/etc/callcenter/main');
    expect(f['radiusclient.conf']).to.contain('authserver 10.1.2.3:1812\nacctserver 10.1.2.3:1813\nservers /etc/callcenter/main/radius-servers\ndictionary /etc/callcenter/main/radius-dictionary\nradius_timeout 5\nradius_retries 3');
    expect(f['radius-servers']).to.match(/\n10\.1\.2\.3 s3cret\n$/);
  });
  it('given the dictionary then it includes radcli\'s and defines the Digium attributes cdr_radius sends', () => {
    const d = renderRadiusFiles(settings, '/x')['radius-dictionary'];
    expect(d).to.contain('$INCLUDE /etc/radcli/dictionary\nVENDOR Digium 22736\nATTRIBUTE Asterisk-Acc-Code 101 string Digium');
    expect(d).to.contain('ATTRIBUTE Asterisk-Duration 113 integer Digium');
    expect(d).to.contain('ATTRIBUTE Asterisk-User-Field 118 string Digium');
  });
  it('given a secret with a space then it is refused', () => {
    expect(() => renderRadiusFiles({ ...settings, secret: 'a b' }, '/x')).to.throw(/radius.secret/);
  });
  it('given the site config then RADIUS is off by default and needs a secret when on', () => {
    expect(parseConfig(minimal).radius.enabled).to.equal(false);
    expect(() => parseConfig({ ...minimal, radius: { enabled: true } })).to.throw(ConfigError, /radius\.secret/);
  });
  it('given RADIUS on then cdr_radius stays unloaded unless radius.asteriskCdr asks for Asterisk\'s own records', () => {
    const p = instancePaths('/', 'main');
    const on = parseConfig({ ...minimal, radius: { enabled: true, secret: 's' } });
    expect(on.radius.asteriskCdr).to.equal(false);
    expect(templateVars(on, p).radiusModules).to.equal('noload = cdr_radius.so');
    const cdr = parseConfig({ ...minimal, radius: { enabled: true, secret: 's', asteriskCdr: true } });
    expect(templateVars(cdr, p).radiusModules).to.match(/^; cdr_radius: loaded/);
    expect(templateVars(parseConfig({ ...minimal, radius: { asteriskCdr: true } }), p).radiusModules).to.equal('noload = cdr_radius.so');
  });
});
