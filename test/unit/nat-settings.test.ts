import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { parseConfig } from '../../src/config';
import { natSettings, templateVars, TEMPLATE_DIR } from '../../src/asterisk/site-config';
import { instancePaths } from '../../src/asterisk/instance';
import { renderTemplate } from '../../src/asterisk/render-templates';

const minimal = { asterisk: { ariPassword: 'a'.repeat(20), amiSecret: 'b'.repeat(20) }, db: { password: 'p', adminPassword: 'q' } };
const render = (sip: object, file: string) => {
  const config = parseConfig({ ...minimal, sip });
  return renderTemplate(readFileSync(`${TEMPLATE_DIR}/${file}`, 'utf8'), templateVars(config, instancePaths('/', 'main')), file);
};

describe('NAT, keep-alive and RTP settings from the site config (S6)', () => {
  it('given no external address then the transport carries none', () => {
    expect(natSettings(parseConfig(minimal))).to.match(/^; no external address/);
  });
  it('given an external address and local nets then signalling and media use it outside the local nets', () => {
    expect(natSettings(parseConfig({ ...minimal, sip: { externalAddress: '203.0.113.7', localNets: ['10.0.0.0/8', '192.168.0.0/16'] } }))).to.equal(
      'external_media_address = 203.0.113.7\nexternal_signaling_address = 203.0.113.7\nlocal_net = 10.0.0.0/8\nlocal_net = 192.168.0.0/16');
  });
  it('given a separate media address then SDP carries it and headers the signalling address', () => {
    expect(natSettings(parseConfig({ ...minimal, sip: { externalAddress: '203.0.113.7', externalMediaAddress: '203.0.113.8' } }))).to.equal(
      'external_media_address = 203.0.113.8\nexternal_signaling_address = 203.0.113.7');
  });
  it('given the defaults then the phone template has rport, symmetric RTP, contact rewrite and 30 s qualify', () => {
    const text = render({}, 'pjsip.conf');
    expect(text).to.contain('[cc-phone](!)\nforce_rport = yes\nrtp_symmetric = yes\nrewrite_contact = yes\nrtp_keepalive = 0');
    expect(text).to.contain('[cc-phone-aor](!)\nqualify_frequency = 30');
    expect(text).to.contain('[cc-trunk-aor](!)\nqualify_frequency = 30');
  });
  it('given NAT options switched off and other intervals then the templates follow', () => {
    const text = render({ forceRport: false, rewriteContact: false, qualifyFrequency: 15, trunkQualifyFrequency: 60, rtpKeepaliveSec: 20 }, 'pjsip.conf');
    expect(text).to.contain('[cc-phone](!)\nforce_rport = no\nrtp_symmetric = yes\nrewrite_contact = no\nrtp_keepalive = 20');
    expect(text).to.contain('[cc-phone-aor](!)\nqualify_frequency = 15');
    expect(text).to.contain('[cc-trunk-aor](!)\nqualify_frequency = 60');
  });
  it('given an RTP port range then rtp.conf uses it', () => {
    expect(render({ rtpStart: 30000, rtpEnd: 30999 }, 'rtp.conf')).to.contain('rtpstart = 30000\nrtpend = 30999');
  });
});
