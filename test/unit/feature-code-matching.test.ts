import { expect } from 'chai';
import { DEFAULT_FEATURE_CODES, matchFeatureCode } from '../../src/agents/feature-codes';

describe('phone feature codes', () => {
  const cases: [string, unknown][] = [
    ['*11', { kind: 'login' }], ['*12', { kind: 'ready' }], ['*13', { kind: 'not-ready', reason: 'break' }], ['*132', { kind: 'not-ready', reason: '2' }],
    ['*9', { kind: 'logout' }], ['*9#', { kind: 'logout' }], ['*71003#', { kind: 'pickup', target: '1003' }], ['*7600', { kind: 'pickup', target: '600' }],
    ['*7', null], ['*7#', null], ['1001', null], ['*99', null], ['*11x', null], ['9*11', null], ['*1312345', null],
  ];
  for (const [dialled, expected] of cases) {
    it(`given ${dialled} then ${JSON.stringify(expected)}`, () => expect(matchFeatureCode(dialled, DEFAULT_FEATURE_CODES)).to.deep.equal(expected));
  }
  it('given codes that share a prefix then the longest code wins', () => {
    const codes = { ...DEFAULT_FEATURE_CODES, login: '*1', notReady: '*13' };
    expect(matchFeatureCode('*1', codes)).to.deep.equal({ kind: 'login' });
    expect(matchFeatureCode('*13', codes)).to.deep.equal({ kind: 'not-ready', reason: 'break' });
  });
});
