/** Issue 21: the agent desktop's pure parts: browser endpoints, the JsSIP wrapper, one session per agent, who answered. */
import { resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { expect } from 'chai';
import { renderPjsipObjects, webrtcCodecs } from '../../src/asterisk/pjsip-objects';
import type { SipAccount } from '../../src/domain';
import { jssipBundle, wrapModules } from '../../src/agent-desktop/browser-bundle';
import { DesktopSessions } from '../../src/agent-desktop/desktop-sessions';
import { AnsweredCalls } from '../../src/agent-desktop/answered-calls';
import { webSocketUrl } from '../../src/agent-desktop/wiring';
import { httpTlsLines, wssUrl } from '../../src/agent-desktop/wss';
import { parseConfig } from '../../src/config';
import { templateVars, TEMPLATE_DIR } from '../../src/asterisk/site-config';
import { instancePaths } from '../../src/asterisk/instance';
import { renderTemplate } from '../../src/asterisk/render-templates';
import { readFileSync } from 'node:fs';
import { compileTables } from '../../src/routing';
import { parseOptions, planDemoCall } from '../../src/demo/demo-plan';
import { demoTables } from '../fixtures/demo-routing';

const account = (over: Partial<SipAccount> = {}): SipAccount => ({ extension: '1005', password: 'web-agent-1005', enabled: true, displayName: 'Web', allowedIp: null, dialContext: 'agents', codecs: ['ulaw', 'alaw'], autoReady: false, ...over });
const minimal = { asterisk: { ariPassword: 'a'.repeat(20), amiSecret: 'b'.repeat(20) }, db: { password: 'p', adminPassword: 'q' } };
const opts = { transport: 'transport-udp', context: 'callcenter-in' };
const endpointOf = (text: string, ext: string) => text.slice(text.indexOf(`[${ext}](cc-phone)\ntype = endpoint`)).split('\n\n')[0];

describe('agent desktop (issue 21)', () => {
  describe('browser endpoints', () => {
    it('given webrtc = 1 then the endpoint has webrtc = yes, no fixed transport, opus then G.711, and a one-contact AOR', () => {
      const text = renderPjsipObjects({ accounts: [account({ webrtc: true })], trunks: [] }, opts);
      const ep = endpointOf(text, '1005');
      expect(ep).to.contain('webrtc = yes');
      expect(ep).to.contain('rewrite_contact = yes');
      expect(ep).to.contain('allow = opus,ulaw,alaw');
      expect(ep).to.contain('dtmf_mode = rfc4733');
      expect(ep).to.not.contain('transport =');
      expect(text).to.contain('[1005](cc-phone-aor)\ntype = aor\nmax_contacts = 1\nremove_existing = yes');
    });
    it('given a desk phone then nothing of WebRTC is written', () => {
      const ep = endpointOf(renderPjsipObjects({ accounts: [account()], trunks: [] }, opts), '1005');
      expect(ep).to.not.contain('webrtc');
      expect(ep).to.contain('transport = transport-udp');
    });
    it('given codecs a browser cannot speak then only G.711 of them is kept, after opus; none: both G.711', () => {
      expect(webrtcCodecs(['g722', 'alaw', 'gsm'])).to.deep.equal(['opus', 'alaw']);
      expect(webrtcCodecs(['g729'])).to.deep.equal(['opus', 'ulaw', 'alaw']);
      expect(webrtcCodecs(['opus', 'ulaw'])).to.deep.equal(['opus', 'ulaw']);
    });
    it('given a browser account without a password then rendering refuses it', () => {
      expect(() => renderPjsipObjects({ accounts: [account({ webrtc: true, password: null, allowedIp: '10.0.0.9' })], trunks: [] }, opts)).to.throw(/browser account needs a password/);
    });
    it('given the ARI URL then browsers register at ws://<same host>/ws, wss for https, or the configured URL', () => {
      expect(webSocketUrl('http://127.0.0.1:8088', null)).to.equal('ws://127.0.0.1:8088/ws');
      expect(webSocketUrl('https://pbx.example.com:8089', null)).to.equal('wss://pbx.example.com:8089/ws');
      expect(webSocketUrl('http://127.0.0.1:8088', 'wss://pbx.example.com:8089/ws')).to.equal('wss://pbx.example.com:8089/ws');
    });
  });

  it('given a browser agent in the demo site then make demo-call never simulates a phone for it', () => {
    const accounts = ['1001', '1002', '1003', '1004'].map((e) => account({ extension: e, password: `secret${e}`, webrtc: e === '1002' }));
    const plan = planDemoCall(parseOptions({}), {
      sip: { bindAddress: '127.0.0.1', port: 5060 }, accounts, agents: ['1001', '1002', '1003', '1004'], tables: compileTables(demoTables()), contacts: [],
      trunks: [{ name: 'carrier-a', technology: 'pjsip', host: '127.0.0.2', port: 5060, username: '02566668888', password: 'carrierpass', register: true, registrationExpiry: 120, inboundContext: 'from-carrier', codecs: ['ulaw'], enabled: true, noAnswerTimeout: 60 }],
    });
    expect(plan.simulated.map((a) => a.extension)).to.deep.equal(['1001', '1003', '1004']);
  });

  describe('wss:// for real sites', () => {
    it('given webrtc.tls off (the default) then http.conf has no TLS listener and browsers use ws://', () => {
      const config = parseConfig(minimal);
      const text = renderTemplate(readFileSync(`${TEMPLATE_DIR}/http.conf`, 'utf8'), templateVars(config, instancePaths('/', 'main')), 'http.conf');
      expect(text).to.not.contain('tlsenable');
      expect(wssUrl(config)).to.equal(null);
    });
    it('given webrtc.tls on then a TLS listener with the certificate under the instance\'s keys and a wss URL with the host name', () => {
      const config = parseConfig({ ...minimal, sip: { bindAddress: '10.0.0.5' }, webrtc: { tls: { enabled: true, hostName: 'pbx.example.com' } } });
      expect(httpTlsLines(config, { etcDir: '/etc/callcenter/main' })).to.equal(
        'tlsenable = yes\ntlsbindaddr = 10.0.0.5:8089\ntlscertfile = /etc/callcenter/main/keys/wss.crt\ntlsprivatekey = /etc/callcenter/main/keys/wss.key');
      expect(wssUrl(config)).to.equal('wss://pbx.example.com:8089/ws');
      expect(wssUrl(parseConfig({ ...minimal, webrtc: { tls: { enabled: true, bindAddress: '192.0.2.7', port: 8443 } } }))).to.equal('wss://192.0.2.7:8443/ws');
    });
  });

  describe('the JsSIP browser script', () => {
    it('given modules with relative requires and JSON then the entry\'s exports are on window, each module run once', () => {
      const script = wrapModules([
        { id: 'a/index.js', source: 'var b = require("./b"); var p = require("../p.json"); module.exports = { sum: b.n + require("./b").n, name: p.name };', deps: { './b': 'a/b.js', '../p.json': 'p.json' } },
        { id: 'a/b.js', source: 'globalThis.loads = (globalThis.loads || 0) + 1; exports.n = 20;', deps: {} },
        { id: 'p.json', source: '{ "name": "pkg" }', deps: {} },
      ], 'Lib');
      const window: Record<string, any> = {};
      const ctx: Record<string, any> = { window };
      runInNewContext(script, ctx);
      expect(window.Lib).to.deep.equal({ sum: 40, name: 'pkg' });
      expect(ctx.loads).to.equal(1);
    });
    it('given a require of a module that is not bundled then it throws naming it', () => {
      const script = wrapModules([{ id: 'a.js', source: 'require("fs");', deps: {} }], 'Lib');
      expect(() => runInNewContext(script, { window: {} })).to.throw(/requires fs, which is not bundled/);
    });
    it('given the installed jssip package then the script defines JsSIP with UA and WebSocketInterface in a browser-like context', () => {
      const script = jssipBundle(resolve(__dirname, '../../../node_modules'));
      const window: Record<string, any> = {};
      runInNewContext(script, { window, navigator: { userAgent: 'test' }, console, setTimeout, clearTimeout });
      expect(window.JsSIP.UA).to.be.a('function');
      expect(window.JsSIP.WebSocketInterface).to.be.a('function');
      expect(window.JsSIP.version).to.match(/^3\./);
    });
  });

  describe('one desktop per agent', () => {
    let n = 0;
    const sessions = () => new DesktopSessions(() => `s${++n}`);
    it('given a second page claims the agent then the first is taken over and the second is current', () => {
      const s = sessions();
      const a = s.claim('1005', 1000);
      expect(a.replaced).to.equal(null);
      const b = s.claim('1005', 2000);
      expect(b.replaced?.session).to.equal(a.claim.session);
      expect(s.check('1005', a.claim.session, 3000)).to.deep.include({ state: 'taken-over' });
      expect(s.check('1005', b.claim.session, 3000)).to.deep.include({ state: 'current' });
      expect(s.current('1005')?.seenAt).to.equal(3000);
    });
    it('given the older page stopped checking (closed without signing out) then the new claim replaces nothing live', () => {
      const s = new DesktopSessions(() => `s${++n}`, 20000);
      const a = s.claim('1005', 0);
      expect(s.claim('1005', 20001).replaced).to.equal(null);
      expect(s.check('1005', a.claim.session, 20002).state).to.equal('taken-over');
    });
    it('given a page signs out then only its own claim goes; an unknown agent is signed out', () => {
      const s = sessions();
      const a = s.claim('1005', 1);
      const b = s.claim('1005', 2);
      expect(s.release('1005', a.claim.session)).to.equal(false);
      expect(s.check('1005', b.claim.session, 3).state).to.equal('current');
      expect(s.release('1005', b.claim.session)).to.equal(true);
      expect(s.check('1005', b.claim.session, 4).state).to.equal('signed-out');
      expect(s.check('1006', 'x', 4).state).to.equal('signed-out');
    });
    it('given agents on separate pages then claims do not touch each other', () => {
      const s = sessions();
      const a = s.claim('1005', 1);
      s.claim('1006', 2);
      expect(s.check('1005', a.claim.session, 3).state).to.equal('current');
    });
  });

  describe('who answered a call', () => {
    it('given an agent answered then it is remembered until keepMs, per call and agent', () => {
      const c = new AnsweredCalls(1000, 10);
      c.note('g1', '1005', 0);
      expect(c.answered('g1', '1005', 999)).to.equal(true);
      expect(c.answered('g1', '1003', 999)).to.equal(false);
      expect(c.answered('g2', '1005', 999)).to.equal(false);
      expect(c.answered('g1', '1005', 1001)).to.equal(false);
    });
    it('given more entries than max or older ones then the oldest are dropped first', () => {
      const c = new AnsweredCalls(1000, 3);
      for (let i = 0; i < 5; i++) c.note(`g${i}`, '1005', i);
      expect(c.size).to.equal(3);
      expect(c.answered('g0', '1005', 10)).to.equal(false);
      expect(c.answered('g4', '1005', 10)).to.equal(true);
      c.note('g9', '1005', 2000);
      expect(c.size).to.equal(1);
    });
  });
});
