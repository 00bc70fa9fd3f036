import { expect } from 'chai';
import { parseConfig, ConfigError } from '../../src/config';

const minimal = { asterisk: { ariPassword: 'a'.repeat(20), amiSecret: 'b'.repeat(20) }, db: { password: 'p', adminPassword: 'q' } };

describe('configuration', () => {
  it('given the minimal file then demo defaults fill the rest and the result is frozen', () => {
    const c = parseConfig(minimal);
    expect(c.sip).to.include({ bindAddress: '127.0.0.1', port: 5060 });
    expect(c.http.port).to.equal(8080);
    expect(Object.isFrozen(c.sip)).to.equal(true);
  });
  it('given no sip section then NAT-friendly defaults: rport, symmetric RTP, contact rewrite, 30 s keep-alives', () => {
    expect(parseConfig(minimal).sip).to.include({ forceRport: true, rtpSymmetric: true, rewriteContact: true, qualifyFrequency: 30, trunkQualifyFrequency: 30, rtpKeepaliveSec: 0, externalMediaAddress: null });
  });
  it('given env overrides then they win over the file', () => {
    expect(parseConfig(minimal, { CC_DB_NAME: 'other', CC_HTTP_PORT: '9090' })).to.nested.include({ 'db.database': 'other', 'http.port': 9090 });
  });
  it('given bad values then every problem is listed with its path', () => {
    try {
      parseConfig({ ...minimal, asterisk: { ariPassword: 'short', amiSecret: 'b'.repeat(20) }, sip: { port: 70000, bindAddress: 'nope' } });
      expect.fail('should throw');
    } catch (e) {
      expect(e).to.be.instanceOf(ConfigError);
      expect((e as Error).message).to.match(/asterisk\.ariPassword/).and.match(/sip\.port/).and.match(/sip\.bindAddress/);
    }
  });
  it('given an unknown key or a non-integer env value then it is refused', () => {
    expect(() => parseConfig({ ...minimal, sip: { bogus: 1 } })).to.throw(ConfigError);
    expect(() => parseConfig(minimal, { CC_HTTP_PORT: '80a' })).to.throw(ConfigError, /CC_HTTP_PORT/);
  });
});
