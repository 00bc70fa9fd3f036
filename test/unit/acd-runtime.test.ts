import { expect } from 'chai';
import pino from 'pino';
import { Acd, RETRY_ROUND_MS, type QueuedCall } from '../../src/acd/acd';
import { AgentService } from '../../src/agents/agent-service';
import type { Pool } from '../../src/db/pool';
import type { GroupConfig } from '../../src/domain';

const log = pino({ level: 'silent' });
/** No database: every write fails and is only logged, as when MySQL is down. */
const noDb = { query: () => Promise.reject(new Error('no database')), getConnection: () => Promise.reject(new Error('no database')) } as unknown as Pool;

const group = (name: string, members: string[], over: Partial<GroupConfig> = {}): GroupConfig => ({
  name, number: null, ringTimeoutSec: 15, wrapupSec: 0, maxWaitSec: 0, overflowGroup: null, overflowFlow: null, announcePosition: false,
  mohClass: 'default', recordCalls: true, surveyFlow: null, members: members.map((extension) => ({ extension, priority: 1 })), ...over,
});

class FakeCall implements QueuedCall {
  offers: string[] = [];
  withdrawn: string[] = [];
  overflowed = 0;
  constructor(readonly guid: string) {}
  offer(agent: string): void { this.offers.push(agent); }
  withdraw(agent: string): void { this.withdrawn.push(agent); }
  overflow(): void { this.overflowed++; }
}

function setup(groups: GroupConfig[], agents: string[]) {
  let now = 1000;
  let acd: Acd | null = null;
  const service = new AgentService({ pool: noDb, log, cancelOffer: (guid, agent) => acd?.cancelOffer(guid, agent), now: () => now });
  service.sync(agents.map((extension) => ({ extension, enabled: true, autoReady: true })));
  acd = new Acd({ agents: service, groups: () => new Map(groups.map((g) => [g.name, g])), log, noAnswerLogoffMs: 45000, now: () => now });
  return { acd, service, tick: (ms: number) => { now += ms; } };
}

describe('ACD at run time (with AgentService, no telephony)', () => {
  it('given an offered agent logs out while ringing then the offer is withdrawn and the next agent is offered the call', () => {
    const { acd, service, tick } = setup([group('sales', ['1001', '1002'])], ['1001', '1002']);
    const call = new FakeCall('c1');
    tick(1);
    acd.enqueue(call, 'sales');
    expect(call.offers).to.deep.equal(['1001']);
    service.apply('1001', { type: 'logout' });
    expect(call.withdrawn).to.deep.equal(['1001']);
    acd.offerResult('c1', '1001', 'cancelled', 500);
    expect(call.offers).to.deep.equal(['1001', '1002']);
    expect(service.get('1001')!.name).to.equal('logged_out');
  });

  it('given the only agent declines then the call is offered again only after the retry pause', () => {
    const { acd, service, tick } = setup([group('sales', ['1001'])], ['1001']);
    const call = new FakeCall('c1');
    acd.enqueue(call, 'sales');
    acd.offerResult('c1', '1001', 'rejected', 200);
    expect(call.offers).to.deep.equal(['1001']);
    expect(service.get('1001')!.name).to.equal('ready');
    tick(RETRY_ROUND_MS);
    acd.dispatch();
    expect(call.offers).to.deep.equal(['1001', '1001']);
    acd.stop();
  });

  it('given two calls and one agent then the older call is offered first and the second waits until the agent is free', () => {
    const { acd, service, tick } = setup([group('sales', ['1001'])], ['1001']);
    const first = new FakeCall('c1');
    const second = new FakeCall('c2');
    acd.enqueue(first, 'sales');
    tick(10);
    acd.enqueue(second, 'sales');
    expect(first.offers).to.deep.equal(['1001']);
    expect(second.offers).to.deep.equal([]);
    acd.offerResult('c1', '1001', 'answered', 1000);
    expect(acd.isWaiting('c1')).to.equal(false);
    expect(service.get('1001')!.name).to.equal('on_call');
    service.apply('1001', { type: 'call-ended', guid: 'c1', wrapUpMs: 0 });
    expect(second.offers).to.deep.equal(['1001']);
  });

  it('given a not-ready agent becomes ready while a call waits then the call is offered at once', () => {
    const { acd, service } = setup([group('support', ['1003'])], ['1003']);
    service.apply('1003', { type: 'not-ready', reason: 'lunch' });
    const call = new FakeCall('c1');
    acd.enqueue(call, 'support');
    expect(call.offers).to.deep.equal([]);
    expect(acd.position('c1')).to.equal(1);
    service.apply('1003', { type: 'ready' });
    expect(call.offers).to.deep.equal(['1003']);
  });

  it('given the maximum wait passes while nobody is ready then the call overflows and leaves the queue', async () => {
    const { acd, service } = setup([group('sales', ['1001'], { maxWaitSec: 0.05 } as Partial<GroupConfig>)], ['1001']);
    service.apply('1001', { type: 'not-ready', reason: 'lunch' });
    const call = new FakeCall('c1');
    acd.enqueue(call, 'sales');
    const t0 = Date.now();
    while (call.overflowed === 0 && Date.now() - t0 < 2000) await new Promise((r) => setTimeout(r, 10));
    expect(call.overflowed).to.equal(1);
    expect(acd.isWaiting('c1')).to.equal(false);
  });

  it('given an unknown group then enqueue refuses', () => {
    const { acd } = setup([], []);
    expect(() => acd.enqueue(new FakeCall('c1'), 'nope')).to.throw(/no agent group "nope"/);
  });
});
