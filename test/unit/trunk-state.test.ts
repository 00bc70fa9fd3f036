import { expect } from 'chai';
import { compileTables, route, formatTrace, TrunkStates, type Destination, type RoutingTables } from '../../src/routing';
import { demoTables } from '../fixtures/demo-routing';

/** Demo tables with group "local" over carrier-a and carrier-b. */
function twoTrunks(strategy: 'round_robin' | 'first_free' = 'first_free', maxChannels = 0): RoutingTables {
  const t = demoTables();
  t.trunkGroups[0] = { name: 'local', strategy, trunks: ['carrier-a', 'carrier-b'] };
  t.trunks = t.trunks.map((x) => (x.name === 'carrier-a' || x.name === 'carrier-b' ? { ...x, maxChannels } : x));
  return t;
}
function dial(states: TrunkStates, tables = twoTrunks()) {
  const d = route({ caller: '1001', context: 'agents', dialled: '9057188888888' }, compileTables(tables), states.routingState());
  states.keepCursors(d.roundRobin);
  return d;
}
const trunkOf = (d: Destination) => (d.kind === 'trunk' ? d.trunk : `rejected: ${d.kind === 'reject' ? d.reason : d.kind}`);

describe('trunk states: availability', () => {
  it('given no state ever reported then the trunk is usable', () => {
    const s = new TrunkStates();
    expect(s.isAvailable('carrier-a')).to.equal(true);
    expect(trunkOf(dial(s).destination)).to.equal('carrier-a');
  });
  it('given an event state unknown then the trunk is usable', () => {
    const s = new TrunkStates();
    s.fromEvent('carrier-a', 'unknown');
    expect(s.isAvailable('carrier-a')).to.equal(true);
    expect(trunkOf(dial(s).destination)).to.equal('carrier-a');
  });
  it('given the link-up listing says offline then it is taken as unknown and the trunk is usable', () => {
    const s = new TrunkStates();
    s.fromListing('carrier-a', 'offline');
    s.fromListing('carrier-b', 'offline');
    expect(s.endpointStates.get('carrier-a')).to.equal('unknown');
    expect(s.isAvailable('carrier-a')).to.equal(true);
    const d = dial(s);
    expect(trunkOf(d.destination)).to.equal('carrier-a');
    expect(formatTrace(d).join('\n')).not.to.contain('skip');
  });
  it('given the listing says online then it is kept', () => {
    const s = new TrunkStates();
    s.fromListing('carrier-a', 'online');
    expect(s.endpointStates.get('carrier-a')).to.equal('online');
  });
  it('given an offline event for one trunk and the other online then the offline one is skipped', () => {
    const s = new TrunkStates();
    s.fromListing('carrier-a', 'offline');
    s.fromEvent('carrier-a', 'offline');
    s.fromEvent('carrier-b', 'online');
    expect(s.isAvailable('carrier-a')).to.equal(false);
    const d = dial(s);
    expect(trunkOf(d.destination)).to.equal('carrier-b');
    expect(formatTrace(d).join('\n')).to.contain('skip carrier-a (unavailable)');
  });
  it('given every trunk offline by event then the best one (round-robin order) is tried and the trace says so', () => {
    const s = new TrunkStates();
    s.fromEvent('carrier-a', 'offline');
    s.fromEvent('carrier-b', 'offline');
    const tables = twoTrunks('round_robin');
    const d1 = dial(s, tables);
    expect(trunkOf(d1.destination)).to.equal('carrier-a');
    expect(formatTrace(d1).join('\n')).to.contain('all trunks look down; trying carrier-a');
    expect(trunkOf(dial(s, tables).destination)).to.equal('carrier-b');
  });
  it('given a full trunk then it is refused even when the other one is down', () => {
    const s = new TrunkStates();
    s.fromEvent('carrier-b', 'offline');
    const release = s.callStarted({ trunk: 'carrier-a' });
    const d = dial(s, twoTrunks('first_free', 1));
    expect(trunkOf(d.destination)).to.equal('rejected: no-trunk-available');
    expect(formatTrace(d).join('\n')).to.contain('skip carrier-a (full (1/1))');
    release();
    expect(trunkOf(dial(s, twoTrunks('first_free', 1)).destination)).to.equal('carrier-a');
  });
});

describe('trunk states: live counters', () => {
  it('given calls started then the counters go up and routingState reports them', () => {
    const s = new TrunkStates();
    s.callStarted({ trunk: 'carrier-a', outboundBy: '1001' });
    s.callStarted({ trunk: 'carrier-a', outboundBy: null });
    s.callStarted({ outboundBy: '1001', trunk: 'carrier-b' });
    s.callStarted({});
    expect(s.activeCalls('carrier-a')).to.equal(2);
    expect(s.activeCalls('carrier-b')).to.equal(1);
    expect(s.activeOutbound('1001')).to.equal(2);
    expect(s.activeOutbound('1002')).to.equal(0);
    const st = s.routingState();
    expect(st.trunkStatus.get('carrier-a')).to.deep.equal({ available: true, activeCalls: 2 });
    expect(st.trunkStatus.get('carrier-b')).to.deep.equal({ available: true, activeCalls: 1 });
  });
  it('given the release called twice then the counts drop exactly once', () => {
    const s = new TrunkStates();
    const keep = s.callStarted({ trunk: 'carrier-a', outboundBy: '1001' });
    const release = s.callStarted({ trunk: 'carrier-a', outboundBy: '1001' });
    release();
    release();
    expect(s.activeCalls('carrier-a')).to.equal(1);
    expect(s.activeOutbound('1001')).to.equal(1);
    keep();
    expect(s.activeCalls('carrier-a')).to.equal(0);
    expect(s.activeOutbound('1001')).to.equal(0);
    expect(s.routingState().trunkStatus.has('carrier-a')).to.equal(false);
  });
  it('given states and counters then routingState combines them without a call scan', () => {
    const s = new TrunkStates();
    s.fromEvent('carrier-b', 'offline');
    s.callStarted({ trunk: 'carrier-a' });
    const st = s.routingState();
    expect(st.trunkStatus.get('carrier-a')).to.deep.equal({ available: true, activeCalls: 1 });
    expect(st.trunkStatus.get('carrier-b')).to.deep.equal({ available: false, activeCalls: 0 });
    expect(st.roundRobin).to.equal(s.roundRobin);
  });
  it('given a calls override (registry scan) then it replaces the counters', () => {
    const s = new TrunkStates();
    s.callStarted({ trunk: 'carrier-a' });
    expect(s.routingState(new Map([['carrier-b', 3]])).trunkStatus.get('carrier-b')).to.deep.equal({ available: true, activeCalls: 3 });
    expect(s.routingState(new Map()).trunkStatus.has('carrier-a')).to.equal(false);
  });
});
