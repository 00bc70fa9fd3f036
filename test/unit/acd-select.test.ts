import { expect } from 'chai';
import { pickAgent, planOffers, queuePosition, type AgentView, type Member, type WaitingCall } from '../../src/acd/select';

const agents = (...list: [string, boolean, number][]) => new Map<string, AgentView>(list.map(([extension, ready, queuedSince]) => [extension, { extension, ready, queuedSince }]));
const members = (...list: [string, number][]): Member[] => list.map(([extension, priority]) => ({ extension, priority }));
const call = (guid: string, group: string, enteredAt: number, over: Partial<WaitingCall> = {}): WaitingCall => ({ guid, group, enteredAt, tried: new Set(), offering: false, ...over });
const none = new Set<string>();

describe('ACD select', () => {
  describe('pickAgent', () => {
    it('given equal priority and equal idle time then the lower extension wins, whatever the member order', () => {
      const a = agents(['1001', true, 5], ['1002', true, 5], ['1003', true, 5]);
      expect(pickAgent(members(['1003', 1], ['1002', 1], ['1001', 1]), a, none)).to.equal('1001');
      expect(pickAgent(members(['1001', 1], ['1003', 1], ['1002', 1]), a, none)).to.equal('1001');
    });
    it('given extensions of different lengths in a tie then they are compared as numbers (999 before 1010)', () => {
      expect(pickAgent(members(['1010', 1], ['999', 1]), agents(['1010', true, 5], ['999', true, 5]), none)).to.equal('999');
    });
    it('given a better (lower) priority then it beats a longer idle time and a lower extension', () => {
      const a = agents(['1001', true, 0], ['1002', true, 1_000]);
      expect(pickAgent(members(['1001', 2], ['1002', 1]), a, none)).to.equal('1002');
    });
    it('given equal priority then the agent idle longest (smallest queuedSince) wins over a lower extension', () => {
      const a = agents(['1001', true, 300], ['1002', true, 100], ['1003', true, 200]);
      expect(pickAgent(members(['1001', 1], ['1002', 1], ['1003', 1]), a, none)).to.equal('1002');
    });
    it('given an idle tie among the best priority then the lower extension of that priority wins', () => {
      const a = agents(['1001', true, 0], ['1002', true, 50], ['1003', true, 50]);
      expect(pickAgent(members(['1001', 5], ['1003', 1], ['1002', 1]), a, none)).to.equal('1002');
    });
    it('given the best agents are not ready then they are skipped', () => {
      const a = agents(['1001', false, 0], ['1002', true, 50], ['1003', true, 10]);
      expect(pickAgent(members(['1001', 1], ['1002', 2], ['1003', 3]), a, none)).to.equal('1002');
    });
    it('given an excluded agent then it is skipped even when it would be best', () => {
      const a = agents(['1001', true, 0], ['1002', true, 50]);
      expect(pickAgent(members(['1001', 1], ['1002', 1]), a, new Set(['1001']))).to.equal('1002');
    });
    it('given a member without a known agent then it is skipped', () => {
      expect(pickAgent(members(['9999', 0], ['1002', 1]), agents(['1002', true, 50]), none)).to.equal('1002');
    });
    it('given no candidate is ready, known and not excluded then the result is null', () => {
      expect(pickAgent([], agents(['1001', true, 0]), none)).to.equal(null);
      expect(pickAgent(members(['1001', 1], ['1002', 1]), agents(['1001', false, 0], ['1002', true, 0]), new Set(['1002']))).to.equal(null);
      expect(pickAgent(members(['1001', 1]), new Map(), none)).to.equal(null);
    });
  });

  describe('planOffers', () => {
    const sales = members(['1001', 1], ['1002', 1], ['1003', 2]);
    const groups = new Map<string, readonly Member[]>([['sales', sales]]);

    it('given one waiting call and ready agents then the best agent gets an offer in the first round', () => {
      expect(planOffers([call('c1', 'sales', 10)], agents(['1001', true, 50], ['1002', true, 20], ['1003', true, 0]), groups))
        .to.deep.equal([{ guid: 'c1', agent: '1002', newRound: false }]);
    });
    it('given no waiting call then there are no offers', () => {
      expect(planOffers([], agents(['1001', true, 0]), groups)).to.deep.equal([]);
    });
    it('given two calls and one ready agent then only the oldest call gets an offer, whatever the list order', () => {
      const a = agents(['1001', true, 0]);
      expect(planOffers([call('young', 'sales', 20), call('old', 'sales', 10)], a, groups)).to.deep.equal([{ guid: 'old', agent: '1001', newRound: false }]);
      expect(planOffers([call('old', 'sales', 10), call('young', 'sales', 20)], a, groups)).to.deep.equal([{ guid: 'old', agent: '1001', newRound: false }]);
    });
    it('given two calls that entered at the same time then the lower guid is served first', () => {
      expect(planOffers([call('b', 'sales', 10), call('a', 'sales', 10)], agents(['1001', true, 0]), groups)).to.deep.equal([{ guid: 'a', agent: '1001', newRound: false }]);
    });
    it('given three calls and two ready agents then the two oldest calls get one agent each, the oldest the best agent', () => {
      const offers = planOffers([call('c3', 'sales', 30), call('c1', 'sales', 10), call('c2', 'sales', 20)], agents(['1001', true, 5], ['1002', true, 1]), groups);
      expect(offers).to.deep.equal([{ guid: 'c1', agent: '1002', newRound: false }, { guid: 'c2', agent: '1001', newRound: false }]);
    });
    it('given a call already offering then it gets no second offer and the agent goes to the next call', () => {
      const offers = planOffers([call('c1', 'sales', 10, { offering: true }), call('c2', 'sales', 20)], agents(['1001', true, 0], ['1002', false, 0]), groups);
      expect(offers).to.deep.equal([{ guid: 'c2', agent: '1001', newRound: false }]);
    });
    it('given the only call is offering then there are no offers even with agents ready', () => {
      expect(planOffers([call('c1', 'sales', 10, { offering: true })], agents(['1001', true, 0], ['1002', true, 0]), groups)).to.deep.equal([]);
    });
    it('given agents already tried for the call then the best untried ready agent is offered, still in the same round', () => {
      const offers = planOffers([call('c1', 'sales', 10, { tried: new Set(['1001', '1002']) })], agents(['1001', true, 0], ['1002', true, 0], ['1003', true, 99]), groups);
      expect(offers).to.deep.equal([{ guid: 'c1', agent: '1003', newRound: false }]);
    });
    it('given every ready member was tried then a new round starts with the best agent by the usual rules', () => {
      const offers = planOffers([call('c1', 'sales', 10, { tried: new Set(['1001', '1002', '1003']) })], agents(['1001', true, 30], ['1002', true, 20], ['1003', true, 0]), groups);
      expect(offers).to.deep.equal([{ guid: 'c1', agent: '1002', newRound: true }]);
    });
    it('given the only untried members are not ready then a new round starts among the ready ones', () => {
      const offers = planOffers([call('c1', 'sales', 10, { tried: new Set(['1003']) })], agents(['1001', false, 0], ['1002', false, 0], ['1003', true, 0]), groups);
      expect(offers).to.deep.equal([{ guid: 'c1', agent: '1003', newRound: true }]);
    });
    it('given no ready member at all then there is no offer and no new round, tried or not', () => {
      const a = agents(['1001', false, 0], ['1002', false, 0], ['1003', false, 0]);
      expect(planOffers([call('c1', 'sales', 10)], a, groups)).to.deep.equal([]);
      expect(planOffers([call('c2', 'sales', 10, { tried: new Set(['1001']) })], a, groups)).to.deep.equal([]);
    });
    it('given a call for a group without members then it gets no offer and other calls are still served', () => {
      const offers = planOffers([call('c1', 'nobody', 5), call('c2', 'sales', 10)], agents(['1001', true, 0]), groups);
      expect(offers).to.deep.equal([{ guid: 'c2', agent: '1001', newRound: false }]);
    });
    it('given one agent in two groups with a call waiting in each then it gets at most one call, the older one', () => {
      const both = new Map<string, readonly Member[]>([['sales', members(['1001', 1])], ['support', members(['1001', 1])]]);
      const offers = planOffers([call('s1', 'support', 20), call('s2', 'sales', 30), call('o1', 'sales', 25)], agents(['1001', true, 0]), both);
      expect(offers).to.deep.equal([{ guid: 's1', agent: '1001', newRound: false }]);
    });
    it('given a shared agent taken by an older call in another group then the younger call gets another member of its group', () => {
      const g = new Map<string, readonly Member[]>([['sales', members(['1001', 1])], ['support', members(['1001', 1], ['2001', 5])]]);
      const offers = planOffers([call('sup', 'support', 20), call('sal', 'sales', 10)], agents(['1001', true, 0], ['2001', true, 0]), g);
      expect(offers).to.deep.equal([{ guid: 'sal', agent: '1001', newRound: false }, { guid: 'sup', agent: '2001', newRound: false }]);
    });
    it('given a shared agent with a new-round call and an untried younger call then the agent still gets only one call', () => {
      const offers = planOffers([call('c1', 'sales', 10, { tried: new Set(['1001']) }), call('c2', 'sales', 20)], agents(['1001', true, 0]), new Map([['sales', members(['1001', 1])]]));
      expect(offers).to.deep.equal([{ guid: 'c1', agent: '1001', newRound: true }]);
    });
    it('given two calls that both tried the only agent then only the older gets it in a new round', () => {
      const tried = new Set(['1001']);
      const offers = planOffers([call('c2', 'sales', 20, { tried }), call('c1', 'sales', 10, { tried })], agents(['1001', true, 0]), new Map([['sales', members(['1001', 1])]]));
      expect(offers).to.deep.equal([{ guid: 'c1', agent: '1001', newRound: true }]);
    });
    it('given an agent that becomes not ready while a call waits then the next plan makes no offer, and when it is ready again it does', () => {
      const waiting = [call('c1', 'sales', 10)];
      const g = new Map([['sales', members(['1001', 1])]]);
      expect(planOffers(waiting, agents(['1001', true, 0]), g)).to.deep.equal([{ guid: 'c1', agent: '1001', newRound: false }]);
      expect(planOffers(waiting, agents(['1001', false, 0]), g)).to.deep.equal([]);
      expect(planOffers(waiting, agents(['1001', true, 500]), g)).to.deep.equal([{ guid: 'c1', agent: '1001', newRound: false }]);
    });
    it('given an agent whose call ended between two plans then it moved to the back of the line and another agent is chosen', () => {
      const waiting = [call('c1', 'sales', 10)];
      expect(planOffers(waiting, agents(['1001', true, 0], ['1002', true, 5]), groups)[0].agent).to.equal('1001');
      expect(planOffers(waiting, agents(['1001', true, 900], ['1002', true, 5]), groups)[0].agent).to.equal('1002');
    });
    it('given the waiting list then planning leaves it in its original order', () => {
      const waiting = [call('c2', 'sales', 20), call('c1', 'sales', 10)];
      planOffers(waiting, agents(['1001', true, 0]), groups);
      expect(waiting.map((w) => w.guid)).to.deep.equal(['c2', 'c1']);
    });
  });

  describe('queuePosition', () => {
    const waiting = [
      call('s2', 'sales', 20),
      call('p1', 'support', 5),
      call('s1', 'sales', 10),
      call('p2', 'support', 15, { offering: true }),
      call('s3', 'sales', 30),
    ];
    it('given calls in two groups then each call is counted only among the calls of its own group, oldest first', () => {
      expect(['s1', 's2', 's3'].map((g) => queuePosition(waiting, g))).to.deep.equal([1, 2, 3]);
      expect(['p1', 'p2'].map((g) => queuePosition(waiting, g))).to.deep.equal([1, 2]);
    });
    it('given an unknown call then its position is 0', () => {
      expect(queuePosition(waiting, 'nope')).to.equal(0);
      expect(queuePosition([], 'nope')).to.equal(0);
    });
    it('given calls that entered at the same time then the lower guid is ahead, as in planOffers', () => {
      const same = [call('b', 'sales', 10), call('a', 'sales', 10)];
      expect(queuePosition(same, 'a')).to.equal(1);
      expect(queuePosition(same, 'b')).to.equal(2);
    });
  });
});
