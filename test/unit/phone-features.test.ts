import { expect } from 'chai';
import {
  applyChange, decideRing, DEFAULT_PHONE_FEATURE_CODES, DEFAULT_PHONE_FEATURES, matchPhoneFeatureCode, validateChange, type PhoneFeatures,
} from '../../src/phone-features/phone-features';

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
