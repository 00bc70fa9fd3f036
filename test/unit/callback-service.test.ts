import { expect } from 'chai';
import pino from 'pino';
import { Acd, type QueuedCall } from '../../src/acd/acd';
import { AgentService } from '../../src/agents/agent-service';
import { CallbackService } from '../../src/callbacks/callback-service';
import type { CallbackPolicy, CallbackRequest } from '../../src/callbacks/callback-state';
import type { AgentFirstHooks, AgentFirstRequest } from '../../src/calls/agent-first';
import type { CallSession } from '../../src/calls/session/call-session';
import type { Pool } from '../../src/db/pool';
import type { GroupConfig } from '../../src/domain';

const log = pino({ level: 'silent' });
const noDb = { query: () => Promise.reject(new Error('no database')), getConnection: () => Promise.reject(new Error('no database')) } as unknown as Pool;
const group = (name: string, members: string[]): GroupConfig => ({
  name, number: null, ringTimeoutSec: 15, wrapupSec: 0, maxWaitSec: 0, overflowGroup: null, overflowFlow: null, announcePosition: false,
  mohClass: 'default', recordCalls: true, surveyFlow: null, members: members.map((extension) => ({ extension, priority: 1 })),
});

class LiveCall implements QueuedCall {
  offers: string[] = [];
  constructor(readonly guid: string) {}
  offer(agent: string): void { this.offers.push(agent); }
  withdraw(): void {}
  overflow(): void {}
}

interface Started { request: AgentFirstRequest; hooks: AgentFirstHooks; withdrawn: boolean }

function setup(agents: string[], policy: Partial<CallbackPolicy> = {}, open: CallbackRequest[] = []) {
  let now = 1000;
  let acd: Acd | null = null;
  const service = new AgentService({ pool: noDb, log, cancelOffer: (guid, agent) => acd?.cancelOffer(guid, agent), now: () => now });
  service.sync(agents.map((extension) => ({ extension, enabled: true, autoReady: true })));
  const groups = new Map([['sales', group('sales', agents)]]);
  acd = new Acd({ agents: service, groups: () => groups, log, noAnswerLogoffMs: 0, now: () => now });
  const started: Started[] = [];
  const stored: CallbackRequest[] = [];
  const policies = new Map<string, CallbackPolicy>([['sales', { key: '5', dialPrefix: '9', retries: 1, retrySec: 0.02, ...policy }]]);
  const callbacks = new CallbackService({
    acd, log, policies: () => policies, groupExists: (g) => groups.has(g), ringTimeoutSec: () => 15, now: () => now,
    store: { insert: async (r) => { stored.push({ ...r }); }, update: async () => {}, open: async () => open },
    markUnreachable: (agent) => service.applyIfAllowed(agent, { type: 'not-ready', reason: 'unreachable' }),
    callAgentFirst: (request, hooks) => {
      const s: Started = { request, hooks, withdrawn: false };
      started.push(s);
      return { withdraw: () => { s.withdrawn = true; } };
    },
  });
  return { acd, agents: service, callbacks, started, stored, tick: (ms: number) => { now += ms; }, at: () => now };
}

/** A stand-in for the call session an answered agent-first call creates. */
const fakeSession = () => ({ callback: null, queuedAt: null } as unknown as CallSession);

/** The agent answers, then the customer answers or not, and the call ends. */
function play(s: Started, customer: 'answers' | 'misses', agents: AgentService, agent: string) {
  const session = fakeSession();
  s.hooks.prepare?.(session);
  s.hooks.agentAnswered(session);
  if (customer === 'answers') s.hooks.customerAnswered?.(session);
  agents.apply(agent, { type: 'call-ended', guid: s.request.guid, wrapUpMs: 0 });
  s.hooks.ended({ session, customerAnswered: customer === 'answers', reason: customer === 'answers' ? 'normal' : 'busy', hungUpBy: customer === 'answers' ? 'callee' : 'system' });
  return session;
}

describe('callback service with the ACD (issue 22, no telephony)', () => {
  it('given a live caller before and one after the callback when agents become ready then they are served in queue order: earlier live caller, callback, later caller', async () => {
    const { acd, agents, callbacks, started, tick } = setup(['1001', '1002', '1003']);
    for (const a of ['1001', '1002', '1003']) agents.apply(a, { type: 'not-ready', reason: 'busy' });
    const before = new LiveCall('live-1');
    acd.enqueue(before, 'sales');
    tick(100);
    const askedAt = 1100;
    tick(100);
    const after = new LiveCall('live-2');
    acd.enqueue(after, 'sales');
    expect(await callbacks.request({ group: 'sales', number: '13800138000', originGuid: 'g-asker', enteredAt: askedAt })).to.equal(true);
    agents.apply('1001', { type: 'ready' });
    expect(before.offers).to.deep.equal(['1001']);
    expect(started).to.have.length(0);
    agents.apply('1002', { type: 'ready' });
    expect(started.map((s) => s.request.agent)).to.deep.equal(['1002']);
    expect(after.offers).to.deep.equal([]);
    agents.apply('1003', { type: 'ready' });
    expect(after.offers).to.deep.equal(['1003']);
    expect(started[0].request).to.include({ dial: '913800138000', customerNumber: '13800138000', displayName: 'Callback', group: 'sales' });
    expect(started[0].request.variables).to.include({ callback: '1', callback_origin: 'g-asker' });
    acd.stop();
  });

  it('given more callbacks than ready agents then only as many are being called as agents are ready (agent first)', async () => {
    const { acd, agents, callbacks, started } = setup(['1001', '1002']);
    agents.apply('1002', { type: 'not-ready', reason: 'busy' });
    for (let i = 0; i < 5; i++) await callbacks.request({ group: 'sales', number: `1380013800${i}`, originGuid: `g${i}`, enteredAt: 500 + i });
    expect(started).to.have.length(1);
    play(started[0], 'answers', agents, '1001');
    expect(started).to.have.length(2);
    expect(started.map((s) => s.request.customerNumber)).to.deep.equal(['13800138000', '13800138001']);
    expect(callbacks.list().map((c) => c.state)).to.deep.equal(['ringing-agent', 'waiting', 'waiting', 'waiting']);
    acd.stop();
  });

  it('given the customer does not answer then the callback is called again after the pause, at its own place, then fails when attempts run out', async () => {
    const { acd, agents, callbacks, started } = setup(['1001']);
    await callbacks.request({ group: 'sales', number: '13800138000', originGuid: 'g1', enteredAt: 900 });
    const first = play(started[0], 'misses', agents, '1001');
    expect(first.callback).to.equal('attempt');
    expect(first.queuedAt?.getTime(), 'the wait counts from the caller\'s place').to.equal(900);
    expect(callbacks.list()[0]).to.include({ state: 'retry-wait', attempts: 1, lastOutcome: 'busy' });
    expect(started).to.have.length(1);
    await new Promise((r) => setTimeout(r, 60));
    expect(started).to.have.length(2);
    expect(started[1].request.guid, 'each attempt is a call of its own').to.not.equal(started[0].request.guid);
    play(started[1], 'misses', agents, '1001');
    expect(callbacks.list()).to.deep.equal([]);
    acd.stop();
  });

  it('given an agent who does not answer then the next agent is rung; the agent who hangs up before the customer answers sends it back to the queue', async () => {
    const { acd, agents, callbacks, started, tick } = setup(['1001', '1002']);
    await callbacks.request({ group: 'sales', number: '13800138000', originGuid: 'g1', enteredAt: 900 });
    expect(started[0].request.agent).to.equal('1001');
    tick(15000);
    started[0].hooks.agentMissed('no-answer');
    expect(started[1].request.agent).to.equal('1002');
    const session = fakeSession();
    started[1].hooks.agentAnswered(session);
    agents.apply('1002', { type: 'call-ended', guid: started[1].request.guid, wrapUpMs: 0 });
    started[1].hooks.ended({ session, customerAnswered: false, reason: 'normal', hungUpBy: 'caller' });
    expect(callbacks.list()[0]).to.include({ attempts: 0 });
    expect(started).to.have.length(3);
    acd.stop();
  });

  it('given a callback booked for one agent then only that agent is offered it', async () => {
    const { acd, callbacks, started, at } = setup(['1001', '1002']);
    const cb = await callbacks.schedule({ group: 'sales', number: '13800138000', at: at(), agent: '1002', by: 'test' });
    expect(cb.state).to.equal('scheduled');
    await new Promise((r) => setTimeout(r, 10));
    expect(started.map((s) => s.request.agent)).to.deep.equal(['1002']);
    acd.stop();
  });

  it('given the same number asks twice in a group then the first request (and its place) is kept', async () => {
    const { acd, agents, callbacks, stored } = setup(['1001']);
    agents.apply('1001', { type: 'not-ready', reason: 'busy' });
    await callbacks.request({ group: 'sales', number: '13800138000', originGuid: 'g1', enteredAt: 900 });
    await callbacks.request({ group: 'sales', number: '13800138000', originGuid: 'g2', enteredAt: 950 });
    expect(stored).to.have.length(1);
    expect(callbacks.list()).to.have.length(1);
    expect(acd.queueSummary('sales').waiting).to.equal(1);
    acd.stop();
  });

  it('given a group without a key then a request is refused; cancelling a waiting callback takes it out of the queue', async () => {
    const { acd, agents, callbacks } = setup(['1001'], { key: null });
    agents.apply('1001', { type: 'not-ready', reason: 'busy' });
    expect(await callbacks.request({ group: 'sales', number: '13800138000', originGuid: 'g1', enteredAt: 900 })).to.equal(false);
    const cb = await callbacks.schedule({ group: 'sales', number: '13800138000', at: 0, agent: null, by: 'test' });
    await new Promise((r) => setTimeout(r, 10));
    expect(acd.queueSummary('sales').waiting).to.equal(1);
    await callbacks.cancel(cb.id);
    expect(acd.queueSummary('sales').waiting).to.equal(0);
    acd.stop();
  });

  it('given open callbacks of a previous run then a restart puts waiting and interrupted ones back at their place, and the others on their timers', async () => {
    const row = (id: string, state: CallbackRequest['state'], enteredAt: number, dueAt = enteredAt): CallbackRequest => ({
      id, group: 'sales', number: `1380013800${id}`, originGuid: null, agent: null, enteredAt, dueAt, state, attempts: 0, servingAgent: null, lastGuid: null, lastOutcome: null,
    });
    const { acd, agents, callbacks, started } = setup(['1001'], {}, [
      row('1', 'dialling', 500), row('2', 'waiting', 400), row('3', 'retry-wait', 300, Date.now() + 3_600_000), row('4', 'scheduled', 900, Date.now() + 3_600_000),
    ]);
    agents.apply('1001', { type: 'not-ready', reason: 'busy' });
    expect(await callbacks.restore()).to.equal(4);
    expect(acd.queueSummary('sales').waiting, 'the waiting one and the one cut off while dialling').to.equal(2);
    expect(callbacks.list().map((c) => [c.id, c.state])).to.deep.equal([['3', 'retry-wait'], ['2', 'waiting'], ['1', 'waiting'], ['4', 'scheduled']]);
    agents.apply('1001', { type: 'ready' });
    expect(started.map((s) => s.request.customerNumber), 'oldest place first').to.deep.equal(['13800138002']);
    callbacks.stop();
    acd.stop();
  });

  it('given the agent\'s phone cannot be reached then the agent is set not ready (unreachable) and the callback waits', async () => {
    const { acd, agents, callbacks, started } = setup(['1001']);
    await callbacks.request({ group: 'sales', number: '13800138000', originGuid: 'g1', enteredAt: 900 });
    started[0].hooks.agentMissed('unreachable');
    expect(agents.get('1001')).to.include({ name: 'not_ready', reason: 'unreachable' });
    expect(callbacks.list()[0].state).to.equal('waiting');
    acd.stop();
  });
});
