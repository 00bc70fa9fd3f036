import { expect } from 'chai';
import { matchFeatureCode, DEFAULT_FEATURE_CODES, type FeatureCodes } from '../../src/agents/feature-codes';

const match = (dialled: string) => matchFeatureCode(dialled, DEFAULT_FEATURE_CODES);

describe('feature codes (matchFeatureCode)', () => {
  it('given the default codes then they are *11, *12, *13, *9 and *7', () => {
    expect(DEFAULT_FEATURE_CODES).to.deep.equal({ login: '*11', ready: '*12', notReady: '*13', logout: '*9', pickup: '*7' });
  });
  it('given *11 then it is a login, with or without a trailing #', () => {
    expect(match('*11')).to.deep.equal({ kind: 'login' });
    expect(match('*11#')).to.deep.equal({ kind: 'login' });
  });
  it('given *12 then it is ready, with or without a trailing #', () => {
    expect(match('*12')).to.deep.equal({ kind: 'ready' });
    expect(match('*12#')).to.deep.equal({ kind: 'ready' });
  });
  it('given *13 alone then it is not ready with reason break', () => {
    expect(match('*13')).to.deep.equal({ kind: 'not-ready', reason: 'break' });
    expect(match('*13#')).to.deep.equal({ kind: 'not-ready', reason: 'break' });
  });
  it('given *13 followed by digits then they are the reason code', () => {
    expect(match('*132')).to.deep.equal({ kind: 'not-ready', reason: '2' });
    expect(match('*132#')).to.deep.equal({ kind: 'not-ready', reason: '2' });
    expect(match('*131234')).to.deep.equal({ kind: 'not-ready', reason: '1234' });
    expect(match('*130')).to.deep.equal({ kind: 'not-ready', reason: '0' });
  });
  it('given a reason code of more than 4 digits or with other keys then it is no feature code', () => {
    expect(match('*1312345')).to.equal(null);
    expect(match('*13*2')).to.equal(null);
    expect(match('*132#5')).to.equal(null);
  });
  it('given *9 then it is a logout, with or without a trailing #', () => {
    expect(match('*9')).to.deep.equal({ kind: 'logout' });
    expect(match('*9#')).to.deep.equal({ kind: 'logout' });
  });
  it('given *7 followed by an extension or a group number then it is a pickup of that target', () => {
    expect(match('*71003#')).to.deep.equal({ kind: 'pickup', target: '1003' });
    expect(match('*7600')).to.deep.equal({ kind: 'pickup', target: '600' });
    expect(match('*71')).to.deep.equal({ kind: 'pickup', target: '1' });
    expect(match('*7' + '1'.repeat(16))).to.deep.equal({ kind: 'pickup', target: '1'.repeat(16) });
  });
  it('given *7 alone, or with a target that is too long or not digits, then it is no feature code', () => {
    expect(match('*7')).to.equal(null);
    expect(match('*7#')).to.equal(null);
    expect(match('*7' + '1'.repeat(17))).to.equal(null);
    expect(match('*7*1003')).to.equal(null);
  });
  it('given a code followed by extra digits where none are allowed then it is no feature code', () => {
    expect(match('*111')).to.equal(null);
    expect(match('*121')).to.equal(null);
    expect(match('*99')).to.equal(null);
    expect(match('*9##')).to.equal(null);
  });
  it('given an ordinary number or an unknown star code then it is no feature code', () => {
    for (const dialled of ['1001', '11', '0', '', '*', '#', '*#', '*1', '*14', '*8', '*0', '#11', '11*', ' *11']) {
      expect(match(dialled), JSON.stringify(dialled)).to.equal(null);
    }
  });
  it('given a number without a leading * then it is never a feature code, even one equal to a code without its star', () => {
    expect(matchFeatureCode('11', { ...DEFAULT_FEATURE_CODES, login: '11' })).to.equal(null);
  });
  describe('custom codes sharing a prefix', () => {
    const codes: FeatureCodes = { login: '*1', ready: '*2', notReady: '*13', logout: '*0', pickup: '*8' };
    it('given login *1 and not ready *13 then *1 is a login and *13 is not ready, not login plus a 3', () => {
      expect(matchFeatureCode('*1', codes)).to.deep.equal({ kind: 'login' });
      expect(matchFeatureCode('*1#', codes)).to.deep.equal({ kind: 'login' });
      expect(matchFeatureCode('*13', codes)).to.deep.equal({ kind: 'not-ready', reason: 'break' });
      expect(matchFeatureCode('*135', codes)).to.deep.equal({ kind: 'not-ready', reason: '5' });
    });
    it('given login *1 then *14 (neither login nor not ready) is no feature code', () => {
      expect(matchFeatureCode('*14', codes)).to.equal(null);
    });
    it('given the custom codes then the default codes no longer match', () => {
      expect(matchFeatureCode('*11', codes)).to.equal(null);
      expect(matchFeatureCode('*9', codes)).to.equal(null);
      expect(matchFeatureCode('*0', codes)).to.deep.equal({ kind: 'logout' });
      expect(matchFeatureCode('*2', codes)).to.deep.equal({ kind: 'ready' });
      expect(matchFeatureCode('*8123', codes)).to.deep.equal({ kind: 'pickup', target: '123' });
    });
    it('given not ready *1 and log out *19 then *19 is a log out, not not-ready with reason 9', () => {
      const c: FeatureCodes = { login: '*11', ready: '*12', notReady: '*1', logout: '*19', pickup: '*7' };
      expect(matchFeatureCode('*19', c)).to.deep.equal({ kind: 'logout' });
      expect(matchFeatureCode('*19#', c)).to.deep.equal({ kind: 'logout' });
      expect(matchFeatureCode('*18', c)).to.deep.equal({ kind: 'not-ready', reason: '8' });
      expect(matchFeatureCode('*1', c)).to.deep.equal({ kind: 'not-ready', reason: 'break' });
    });
    it('given a longer login code listed with a shorter pickup prefix then the longer code wins', () => {
      const c: FeatureCodes = { login: '*71', ready: '*72', notReady: '*73', logout: '*74', pickup: '*7' };
      expect(matchFeatureCode('*71', c)).to.deep.equal({ kind: 'login' });
      expect(matchFeatureCode('*73', c)).to.deep.equal({ kind: 'not-ready', reason: 'break' });
      expect(matchFeatureCode('*75', c)).to.deep.equal({ kind: 'pickup', target: '5' });
      expect(matchFeatureCode('*7100', c)).to.deep.equal({ kind: 'pickup', target: '100' });
    });
  });
});
