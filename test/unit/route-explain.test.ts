/** The route explanation (R10) behind `npm run route` and GET /api/v1/routing/explain. */
import { expect } from 'chai';
import { DEFAULT_FEATURE_CODES } from '../../src/agents/feature-codes';
import { exitCodeOf, explainRoute, knownContexts, type ExplainSource } from '../../src/calls/route-explain';
import type { SipAccount, TrunkConfig } from '../../src/domain';
import { compileTables } from '../../src/routing';
import { demoTables } from '../fixtures/demo-routing';

const account = (extension: string, more: Partial<SipAccount> = {}): SipAccount => ({
  extension, password: null, enabled: true, displayName: '', allowedIp: null, dialContext: 'agents', codecs: [], autoReady: true, callClass: 'international', ...more,
});
const trunk = (name: string, inboundContext: string): TrunkConfig => ({
  name, technology: 'pjsip', host: '127.0.0.2', port: 5060, username: null, password: null, register: false, registrationExpiry: 120, inboundContext, codecs: [], enabled: true, noAnswerTimeout: 60,
});

function source(): ExplainSource {
  const raw = demoTables();
  raw.rules = raw.rules.map((r) => (r.id === 3 ? { ...r, callClass: 'local' as const } : r)); // as the demo seed: 9N is local
  return {
    tables: compileTables(raw),
    accounts: new Map([['1001', account('1001')], ['1002', account('1002', { callClass: 'local' })]]),
    trunks: new Map([['carrier-a', trunk('carrier-a', 'from-carrier')], ['site2', trunk('site2', 'from-site2')]]),
    features: { ...DEFAULT_FEATURE_CODES, transfer: '*5', transferToGroup: '*6', consult: '*8' },
  };
}

describe('route explanation (explainRoute)', () => {
  it('given an agent dials 9 and a number then the trace ends at the local trunk and the permission line names its class of service', () => {
    const e = explainRoute({ from: '1001', number: '9057188888888' }, source());
    expect(e.outcome).to.equal('routed');
    expect(e.lines[0]).to.equal('caller 1001, context agents, dialled "9057188888888"');
    expect(e.lines).to.include("  permit   local call allowed (1001's class of service is international, which includes local calls)");
    expect(e.lines.at(-1)).to.equal('  result   trunk carrier-a (group local) dial 057188888888, caller id 02566668888');
    const local = explainRoute({ from: '1002', number: '9057188888888' }, source());
    expect(local.lines).to.include("  permit   local call allowed (1002's class of service is local)");
  });

  it('given an agent dials *11 then it is named a feature code the app handles, not a rejected route', () => {
    const e = explainRoute({ from: '1001', number: '*11' }, source());
    expect(e.outcome).to.equal('feature-code');
    expect(exitCodeOf(e.outcome)).to.equal(0);
    expect(e.lines.join('\n')).to.contain('*11 is a feature code: log in').and.contain('the app handles it').and.not.contain('REJECT');
    expect(explainRoute({ from: '1001', number: '*1321#' }, source()).lines[1]).to.contain('not ready (reason 21)');
    expect(explainRoute({ from: '1001', number: '*7600#' }, source()).lines[1]).to.contain('pick up a ringing call 600');
  });

  it('given an in-call code dialled on its own then a note says so before the routing', () => {
    const e = explainRoute({ from: '1001', number: '*51003#' }, source());
    expect(e.lines[0]).to.contain('*5 is an in-call code (transfer)');
    expect(e.outcome).to.equal('rejected');
  });

  it('given a call from a trunk without --caller then the caller is anonymous with a note, never the trunk\'s name', () => {
    const e = explainRoute({ from: 'site2', number: '1001' }, source());
    expect(e.lines[0]).to.contain('no --caller given');
    expect(e.lines[1]).to.equal('caller anonymous, context from-site2, dialled "1001"');
    expect(e.lines.join('\n')).not.to.contain('caller id site2');
    expect(explainRoute({ from: 'carrier-a', caller: '13900000000', number: '02566668888' }, source()).lines.at(-1)).to.equal('  result   group sales, caller id 13900000000');
  });

  it('given an unknown context, an unknown caller or a context that contradicts --from then nothing is routed and the input is flagged', () => {
    const ctx = explainRoute({ context: 'nosuch', number: '1001' }, source());
    expect(ctx).to.deep.equal({ outcome: 'bad-input', problem: 'unknown-context', lines: ['unknown context "nosuch": the configuration knows agents, from-carrier, from-site2'] });
    expect(exitCodeOf(ctx.outcome)).to.equal(2);
    expect(explainRoute({ from: '9999', number: '1001' }, source()).problem).to.equal('unknown-caller');
    expect(explainRoute({ from: '1001', context: 'from-carrier', number: '1001' }, source()).problem).to.equal('context-conflict');
    expect(explainRoute({ from: '1001', context: 'agents', number: '1001' }, source()).outcome, 'the same context is fine').to.equal('routed');
  });

  it('given a context with no rules but named by an account then it is known (and the explanation says no rule matches)', () => {
    const s = source();
    (s.accounts as Map<string, SipAccount>).set('1003', account('1003', { dialContext: 'lobby' }));
    expect(knownContexts(s)).to.include('lobby');
    const e = explainRoute({ context: 'lobby', number: '1001' }, s);
    expect(e.outcome).to.equal('rejected');
    expect(exitCodeOf(e.outcome)).to.equal(1);
  });
});
