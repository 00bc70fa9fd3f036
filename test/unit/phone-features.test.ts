import { expect } from 'chai';
import {
  applyChange, decideRing, DEFAULT_PHONE_FEATURE_CODES, DEFAULT_PHONE_FEATURES, matchPhoneFeatureCode, validateChange, type PhoneFeatures,
} from '../../src/phone-features/phone-features';
import { groupPickupTarget } from '../../src/phone-features/phone-code';
import { DEFAULT_FEATURE_CODES } from '../../src/agents/feature-codes';
import { explainRoute, type ExplainSource } from '../../src/calls/route-explain';
import { compileTables } from '../../src/routing';
import { demoTables } from '../fixtures/demo-routing';

const f = (p: Partial<PhoneFeatures> = {}): PhoneFeatures => ({ ...DEFAULT_PHONE_FEATURES, ...p });
const match = (d: string) => matchPhoneFeatureCode(d, DEFAULT_PHONE_FEATURE_CODES);

describe('phone features (decideRing)', () => {
  it('given no settings when the phone is free then it rings, no call waiting, no forward on no answer', () => {
    expect(decideRing(f(), false)).to.deep.equal({ kind: 'ring', callWaiting: false, noAnswer: null });
  });
  it('given defaults (call waiting on) when the phone is busy then it rings with the call-waiting tone', () => {
    expect(decideRing(f(), true)).to.deep.equal({ kind: 'ring', callWaiting: true, noAnswer: null });
  });
  it('given call waiting off when the phone is busy then the call is busy', () => {
    expect(decideRing(f({ callWaiting: false }), true)).to.deep.equal({ kind: 'busy', why: 'busy' });
  });
  it('given call waiting off and forward on busy when busy then it forwards (busy)', () => {
    expect(decideRing(f({ callWaiting: false, forwardBusy: '1003' }), true)).to.deep.equal({ kind: 'forward', to: '1003', why: 'busy' });
  });
  it('given forward on busy when the phone is free then it rings', () => {
    expect(decideRing(f({ forwardBusy: '1003' }), false).kind).to.equal('ring');
  });
  it('given an unconditional forward then it forwards whatever the phone does, before DND and busy', () => {
    for (const busy of [false, true]) {
      expect(decideRing(f({ forwardAll: '600', dnd: true, forwardBusy: '1003' }), busy)).to.deep.equal({ kind: 'forward', to: '600', why: 'always' });
    }
  });
  it('given DND then the call is busy, or forwarded on busy when set, even when the phone is free', () => {
    expect(decideRing(f({ dnd: true }), false)).to.deep.equal({ kind: 'busy', why: 'dnd' });
    expect(decideRing(f({ dnd: true, forwardBusy: '9057188888888' }), false)).to.deep.equal({ kind: 'forward', to: '9057188888888', why: 'dnd' });
  });
  it('given forward on no answer then the ring carries where to go and after how long, also as call waiting', () => {
    expect(decideRing(f({ forwardNoAnswer: '1003', noAnswerSec: 8 }), false)).to.deep.equal({ kind: 'ring', callWaiting: false, noAnswer: { to: '1003', afterSec: 8 } });
    expect(decideRing(f({ forwardNoAnswer: '1003', noAnswerSec: 8 }), true)).to.deep.equal({ kind: 'ring', callWaiting: true, noAnswer: { to: '1003', afterSec: 8 } });
  });
});

describe('phone features (validateChange, applyChange)', () => {
  it('given valid settings then there is no problem and they apply over the old ones', () => {
    expect(validateChange({ forwardAll: '1003', noAnswerSec: 30, dnd: true }, '1001')).to.deep.equal([]);
    expect(applyChange(f({ callWaiting: false }), { forwardAll: '1003' })).to.deep.equal(f({ callWaiting: false, forwardAll: '1003' }));
  });
  it('given several bad values then every problem is listed', () => {
    const p = validateChange({ forwardAll: '10a3', forwardBusy: '1001', forwardNoAnswer: '1'.repeat(25), noAnswerSec: 2 }, '1001');
    expect(p).to.have.length(4);
    expect(p.join('\n')).to.match(/forwardAll/).and.match(/itself/).and.match(/forwardNoAnswer/).and.match(/noAnswerSec/);
  });
  it('given null forwards (cancel) then they are valid', () => {
    expect(validateChange({ forwardAll: null, forwardBusy: null, forwardNoAnswer: null }, '1001')).to.deep.equal([]);
  });
  it('given a fractional or too long ring time then it is refused', () => {
    expect(validateChange({ noAnswerSec: 7.5 }, '1001')).to.have.length(1);
    expect(validateChange({ noAnswerSec: 121 }, '1001')).to.have.length(1);
  });
});

describe('phone feature codes (matchPhoneFeatureCode)', () => {
  it('given *21<number> then it forwards every call there; *21 alone cancels; # optional', () => {
    expect(match('*211003#')).to.deep.equal({ kind: 'change', change: { forwardAll: '1003' } });
    expect(match('*219057188888888')).to.deep.equal({ kind: 'change', change: { forwardAll: '9057188888888' } });
    expect(match('*21')).to.deep.equal({ kind: 'change', change: { forwardAll: null } });
    expect(match('*21#')).to.deep.equal({ kind: 'change', change: { forwardAll: null } });
  });
  it('given *22 then forward on busy', () => {
    expect(match('*22600#')).to.deep.equal({ kind: 'change', change: { forwardBusy: '600' } });
    expect(match('*22#')).to.deep.equal({ kind: 'change', change: { forwardBusy: null } });
  });
  it('given *23<number>*<seconds> then forward on no answer with that ring time', () => {
    expect(match('*231003#')).to.deep.equal({ kind: 'change', change: { forwardNoAnswer: '1003' } });
    expect(match('*231003*10#')).to.deep.equal({ kind: 'change', change: { forwardNoAnswer: '1003', noAnswerSec: 10 } });
    expect(match('*23')).to.deep.equal({ kind: 'change', change: { forwardNoAnswer: null } });
    expect(match('*231003*')).to.equal(null);
    expect(match('*231003*1000')).to.equal(null);
  });
  it('given *31 / *32 then DND on / off; *41 / *42 then call waiting on / off', () => {
    expect(match('*31')).to.deep.equal({ kind: 'change', change: { dnd: true } });
    expect(match('*32#')).to.deep.equal({ kind: 'change', change: { dnd: false } });
    expect(match('*41')).to.deep.equal({ kind: 'change', change: { callWaiting: true } });
    expect(match('*42')).to.deep.equal({ kind: 'change', change: { callWaiting: false } });
    expect(match('*311')).to.equal(null);
  });
  it('given a plain * (or *#) then it is a pickup in the own group', () => {
    expect(match('*')).to.deep.equal({ kind: 'group-pickup' });
    expect(match('*#')).to.deep.equal({ kind: 'group-pickup' });
  });
  it('given agent codes or other digits then it is no phone feature code', () => {
    for (const d of ['*11', '*71003#', '*9', '1001', '*5', '**', '*2', '*21a']) expect(match(d), d).to.equal(null);
  });
  it('given other codes then they are used instead of the defaults', () => {
    const codes = { ...DEFAULT_PHONE_FEATURE_CODES, forwardAll: '*72', groupPickup: '*8' };
    expect(matchPhoneFeatureCode('*721003', codes)).to.deep.equal({ kind: 'change', change: { forwardAll: '1003' } });
    expect(matchPhoneFeatureCode('*8', codes)).to.deep.equal({ kind: 'group-pickup' });
    expect(matchPhoneFeatureCode('*', codes)).to.equal(null);
  });
});

describe('group pickup target (groupPickupTarget)', () => {
  const group = (name: string, members: string[]) => ({
    name, number: null, ringTimeoutSec: 15, wrapupSec: 0, maxWaitSec: 0, overflowGroup: null, overflowFlow: null, announcePosition: false,
    mohClass: 'default', recordCalls: true, surveyFlow: null, members: members.map((extension) => ({ extension, priority: 1 })),
  });
  const groups = [group('sales', ['1001', '1002']), group('support', ['1003', '1004'])];
  const call = (guid: string, extension: string, grp: string | null, since: number) => ({ guid, onChannelEvent: () => undefined, ringing: () => ({ extension, group: grp, since }) });
  it('given calls ringing in several groups then a member takes the oldest one of its own group', () => {
    const calls = [call('b', '1001', 'sales', 20), call('a', '1003', 'support', 10), call('c', '1001', 'sales', 15)];
    expect(groupPickupTarget('1002', calls, groups)?.guid).to.equal('c');
    expect(groupPickupTarget('1004', calls, groups)?.guid).to.equal('a');
  });
  it('given a direct call ringing at a fellow member then it may be picked up; not at a phone of another group', () => {
    expect(groupPickupTarget('1002', [call('d', '1001', null, 1)], groups)?.guid).to.equal('d');
    expect(groupPickupTarget('1003', [call('d', '1001', null, 1)], groups)).to.equal(null);
  });
  it('given the only ringing call rings at the picker itself or the picker is in no group then there is nothing to pick up', () => {
    expect(groupPickupTarget('1001', [call('e', '1001', 'sales', 1)], groups)).to.equal(null);
    expect(groupPickupTarget('1009', [call('e', '1001', 'sales', 1)], groups)).to.equal(null);
  });
});

describe('route explanation of phone feature codes', () => {
  const source = (): ExplainSource => ({
    tables: compileTables(demoTables()),
    accounts: new Map([['1001', { extension: '1001', password: null, enabled: true, displayName: '', allowedIp: null, dialContext: 'agents', codecs: [], autoReady: true }]]),
    trunks: new Map(),
    features: { ...DEFAULT_FEATURE_CODES },
  });
  it('given a phone dials *211003# or * then they are named feature codes the app handles, not routed', () => {
    const fwd = explainRoute({ from: '1001', number: '*211003#' }, source());
    expect(fwd.outcome).to.equal('feature-code');
    expect(fwd.lines.join('\n')).to.match(/phone feature code: phone setting \{"forwardAll":"1003"\}/);
    const pick = explainRoute({ from: '1001', number: '*' }, source());
    expect(pick.outcome).to.equal('feature-code');
    expect(pick.lines.join('\n')).to.match(/pick up the call ringing in the own group/);
  });
  it('given configured codes then they are the ones explained', () => {
    const s = source();
    s.features = { ...s.features, ...{ dndOn: '*55' } } as ExplainSource['features'];
    expect(explainRoute({ from: '1001', number: '*55' }, s).lines.join('\n')).to.match(/"dnd":true/);
  });
});
