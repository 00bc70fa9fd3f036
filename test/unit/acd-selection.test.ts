import { expect } from 'chai';
import { pickAgent, planOffers, queuePosition, type AgentView, type Member, type WaitingCall } from '../../src/acd/select';

const agents = (...list: [string, boolean, number][]) => new Map<string, AgentView>(list.map(([extension, ready, queuedSince]) => [extension, { extension, ready, queuedSince }]));
const members = (...list: [string, number][]): Member[] => list.map(([extension, priority]) => ({ extension, priority }));
const call = (guid: string, group: string, enteredAt: number, over: Partial<WaitingCall> = {}): WaitingCall => ({ guid, group, enteredAt, tried: new Set(), offering: false, ...over });

describe('ACD selection', () => {
  const sales = members(['1001', 1], ['1002', 1], ['1005', 2]);

  it('given equal priority then the agent idle longest wins', () => {
    expect(pickAgent(sales, agents(['1001', true, 50], ['1002', true, 10], ['1005', true, 0]), new Set())).to.equal('1002');
  });
  it('given a better priority then it beats a longer idle time', () => {
    expect(pickAgent(members(['1001', 2], ['1002', 1]), agents(['1001', true, 0], ['1002', true, 99]), new Set())).to.equal('1002');
  });
  it('given a complete tie then the lower extension wins, whatever the member order', () => {
    const a = agents(['1001', true, 5], ['1002', true, 5]);
    expect(pickAgent(members(['1002', 1], ['1001', 1]), a, new Set())).to.equal('1001');
  });
  it('given agents that are not ready, excluded or unknown then they are skipped; none left gives null', () => {
    expect(pickAgent(sales, agents(['1001', false, 0], ['1002', true, 10]), new Set(['1002']))).to.equal(null);
    expect(pickAgent(sales, agents(['1001', false, 0], ['1002', true, 10], ['1005', true, 1]), new Set(['1002']))).to.equal('1005');
  });
  it('given two calls and one ready agent then only the older call gets an offer', () => {
    const offers = planOffers([call('b', 'sales', 20), call('a', 'sales', 10)], agents(['1001', true, 0]), new Map([['sales', sales]]));
    expect(offers).to.deep.equal([{ guid: 'a', agent: '1001', newRound: false }]);
  });
  it('given two calls and two agents then each call gets its own agent, the older call the longest idle', () => {
    const offers = planOffers([call('a', 'sales', 10), call('b', 'sales', 20)], agents(['1001', true, 5], ['1002', true, 1]), new Map([['sales', sales]]));
    expect(offers).to.deep.equal([{ guid: 'a', agent: '1002', newRound: false }, { guid: 'b', agent: '1001', newRound: false }]);
  });
  it('given a call already ringing an agent then it gets no second offer', () => {
    expect(planOffers([call('a', 'sales', 10, { offering: true })], agents(['1001', true, 0]), new Map([['sales', sales]]))).to.deep.equal([]);
  });
  it('given one agent in two groups then it gets at most one call, the oldest across groups', () => {
    const m = new Map([['sales', members(['1001', 1])], ['support', members(['1001', 1])]]);
    expect(planOffers([call('s', 'sales', 20), call('t', 'support', 10)], agents(['1001', true, 0]), m)).to.deep.equal([{ guid: 't', agent: '1001', newRound: false }]);
  });
  it('given the agent already tried for this call then the next one is offered; when all were tried a new round starts', () => {
    const m = new Map([['sales', members(['1001', 1], ['1002', 1])]]);
    const a = agents(['1001', true, 0], ['1002', true, 5]);
    expect(planOffers([call('a', 'sales', 1, { tried: new Set(['1001']) })], a, m)).to.deep.equal([{ guid: 'a', agent: '1002', newRound: false }]);
    expect(planOffers([call('a', 'sales', 1, { tried: new Set(['1001', '1002']) })], a, m)).to.deep.equal([{ guid: 'a', agent: '1001', newRound: true }]);
  });
  it('given agents change state while a call waits then offers follow the state', () => {
    const m = new Map([['sales', members(['1001', 1])]]);
    const waiting = [call('a', 'sales', 1)];
    expect(planOffers(waiting, agents(['1001', false, 0]), m)).to.deep.equal([]);
    expect(planOffers(waiting, agents(['1001', true, 0]), m)).to.deep.equal([{ guid: 'a', agent: '1001', newRound: false }]);
  });
  it('given an unknown group then no offer is made', () => {
    expect(planOffers([call('a', 'nope', 1)], agents(['1001', true, 0]), new Map())).to.deep.equal([]);
  });
  it('given calls in two groups then the queue position counts only the call\'s own group', () => {
    const w = [call('a', 'sales', 1), call('b', 'support', 2), call('c', 'sales', 3)];
    expect(queuePosition(w, 'a')).to.equal(1);
    expect(queuePosition(w, 'b')).to.equal(1);
    expect(queuePosition(w, 'c')).to.equal(2);
    expect(queuePosition(w, 'zzz')).to.equal(0);
  });
});
