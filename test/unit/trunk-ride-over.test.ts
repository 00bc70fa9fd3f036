/** Issue 18: a trunk that misses a qualify under load stays in use while its calls succeed (trunk-state.ts, trunk-outcome.ts, trunk-dial.ts). */
import { expect } from 'chai';
import { compileTables, route } from '../../src/routing';
import { TrunkStates, RIDE_OVER_MS } from '../../src/routing/trunk-state';
import { TrunkCallWatch, endpointOfChannel, FAILURE_CAUSES, LIVE_FAR_END_CAUSES } from '../../src/routing/trunk-outcome';
import { trunkDialString, trunkRequestUri } from '../../src/asterisk/trunk-dial';
import type { TrunkConfig } from '../../src/domain';
import { demoTables } from '../fixtures/demo-routing';

function clock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => { t += ms; } };
}

describe('trunk qualify ride-over (issue 18)', () => {
  it('given a trunk carrying calls then a missed qualify keeps it usable; a failed call then takes it out; a success brings it back', () => {
    const c = clock();
    const s = new TrunkStates(c.now);
    s.fromEvent('carrier-b', 'online');
    s.callOutcome('carrier-b', true);
    c.advance(5000);
    s.fromEvent('carrier-b', 'offline');
    expect(s.isAvailable('carrier-b')).to.equal(true);
    c.advance(1000);
    s.callOutcome('carrier-b', true);
    expect(s.isAvailable('carrier-b')).to.equal(true);
    c.advance(RIDE_OVER_MS * 10); // calls since the miss count, however long ago the miss was
    expect(s.isAvailable('carrier-b')).to.equal(true);
    s.callOutcome('carrier-b', false);
    expect(s.isAvailable('carrier-b')).to.equal(false);
    s.callOutcome('carrier-b', true);
    expect(s.isAvailable('carrier-b')).to.equal(true);
    s.fromEvent('carrier-b', 'online');
    s.callOutcome('carrier-b', false);
    expect(s.isAvailable('carrier-b'), 'online by qualify: a failed call alone does not take it out').to.equal(true);
  });

  it('given a trunk quiet before the missed qualify (or its last success older than the ride-over window) then it is unavailable until a call succeeds', () => {
    for (const lastSuccessAgo of [null, RIDE_OVER_MS + 1]) {
      const c = clock();
      const s = new TrunkStates(c.now);
      if (lastSuccessAgo !== null) {
        s.callOutcome('carrier-b', true);
        c.advance(lastSuccessAgo);
      }
      s.fromEvent('carrier-b', 'offline');
      expect(s.isAvailable('carrier-b'), String(lastSuccessAgo)).to.equal(false);
    }
    const c = clock();
    const s = new TrunkStates(c.now);
    s.callOutcome('carrier-b', true);
    c.advance(RIDE_OVER_MS);
    s.fromEvent('carrier-b', 'offline');
    expect(s.isAvailable('carrier-b'), 'exactly at the window').to.equal(true);
  });

  it('given no call outcome since the miss then the ride-over ends a minute after it (calls to a dead trunk may end without one)', () => {
    const c = clock();
    const s = new TrunkStates(c.now);
    s.callOutcome('carrier-b', true);
    s.fromEvent('carrier-b', 'offline');
    c.advance(RIDE_OVER_MS);
    expect(s.isAvailable('carrier-b')).to.equal(true);
    c.advance(1);
    expect(s.isAvailable('carrier-b')).to.equal(false);
    s.callOutcome('carrier-b', true);
    expect(s.isAvailable('carrier-b'), 'a success since the miss').to.equal(true);
  });

  it('given a failed call before the miss and a success within the window then the success counts (the last outcome before the miss is not held against it)', () => {
    const c = clock();
    const s = new TrunkStates(c.now);
    s.callOutcome('carrier-b', true);
    c.advance(10);
    s.callOutcome('carrier-b', false);
    c.advance(10);
    s.fromEvent('carrier-b', 'offline');
    expect(s.isAvailable('carrier-b')).to.equal(true);
  });

  it('given repeated offline events then the miss time is the first one; a listing or an online event clears it', () => {
    const c = clock();
    const s = new TrunkStates(c.now);
    s.callOutcome('t', true);
    c.advance(RIDE_OVER_MS - 10);
    s.fromEvent('t', 'offline');
    c.advance(1000);
    s.fromEvent('t', 'offline');
    expect(s.isAvailable('t')).to.equal(true);
    s.fromListing('t', 'offline');
    expect(s.isAvailable('t')).to.equal(true);
    expect(s.endpointStates.get('t')).to.equal('unknown');
  });

  it('given a group whose only trunk misses a qualify while carrying calls then routing picks it without the all-down note', () => {
    const c = clock();
    const s = new TrunkStates(c.now);
    s.callOutcome('carrier-b', true);
    s.fromEvent('carrier-b', 'offline');
    const d = route({ caller: '1001', context: 'agents', dialled: '801012345678' }, compileTables(demoTables()), s.routingState());
    expect(d.destination.kind === 'trunk' && d.destination.trunk).to.equal('carrier-b');
    expect(JSON.stringify(d.trace)).not.to.contain('all trunks look down');
  });
});

describe('trunk call outcomes from channel events', () => {
  const trunks = new Set(['carrier-a', 'carrier-b']);
  function watch() {
    const reports: [string, boolean][] = [];
    return { reports, w: new TrunkCallWatch((n) => trunks.has(n), (t, ok) => reports.push([t, ok])) };
  }
  const ch = (id: string, name: string, state = 'Down') => ({ id, name, state });

  it('given channel names then the endpoint is the name less the sequence', () => {
    expect(endpointOfChannel('PJSIP/carrier-b-0000002b')).to.equal('carrier-b');
    expect(endpointOfChannel('PJSIP/1001-0000000a')).to.equal('1001');
    expect(endpointOfChannel('Local/1001@x-00000001;1')).to.equal(null);
    expect(endpointOfChannel(undefined)).to.equal(null);
  });

  it('given a call from the trunk, or ours ringing or answered, then one success per channel; its end adds nothing', () => {
    const { reports, w } = watch();
    w.onEvent({ type: 'StasisStart', channel: ch('in1', 'PJSIP/carrier-a-00000001') });
    w.onEvent({ type: 'ChannelDestroyed', channel: ch('in1', 'PJSIP/carrier-a-00000001'), cause: 34 });
    w.onEvent({ type: 'ChannelStateChange', channel: ch('out1', 'PJSIP/carrier-b-00000002', 'Ringing') });
    w.onEvent({ type: 'ChannelStateChange', channel: ch('out1', 'PJSIP/carrier-b-00000002', 'Up') });
    w.onEvent({ type: 'StasisStart', channel: ch('out1', 'PJSIP/carrier-b-00000002', 'Up') });
    w.onEvent({ type: 'ChannelDestroyed', channel: ch('out1', 'PJSIP/carrier-b-00000002'), cause: 18 });
    expect(reports).to.deep.equal([['carrier-a', true], ['carrier-b', true]]);
    expect(w.remembered).to.equal(0);
  });

  it('given our call ending before any ringing then every failure cause is a failure, a live far end cause a success, other causes nothing', () => {
    for (let cause = 0; cause < 128; cause++) {
      const { reports, w } = watch();
      w.onEvent({ type: 'ChannelDestroyed', channel: ch('o', 'PJSIP/carrier-b-0000000f'), cause });
      const expected = FAILURE_CAUSES.has(cause) ? [['carrier-b', false]] : LIVE_FAR_END_CAUSES.has(cause) ? [['carrier-b', true]] : [];
      expect(reports, String(cause)).to.deep.equal(expected);
    }
    expect([16, 0, 127].some((c) => FAILURE_CAUSES.has(c) || LIVE_FAR_END_CAUSES.has(c))).to.equal(false);
  });

  it('given channels of phones, unknown endpoints or no cause then nothing is reported', () => {
    const { reports, w } = watch();
    w.onEvent({ type: 'ChannelDestroyed', channel: ch('p', 'PJSIP/1001-00000003'), cause: 34 });
    w.onEvent({ type: 'StasisStart', channel: ch('x', 'PJSIP/elsewhere-00000004') });
    w.onEvent({ type: 'ChannelDestroyed', channel: ch('y', 'PJSIP/carrier-a-00000005') });
    w.onEvent({ type: 'ChannelDtmfReceived' });
    expect(reports).to.deep.equal([]);
  });

  it('given more answered channels than it remembers then the oldest are forgotten (bounded memory)', () => {
    const { w } = watch();
    for (let i = 0; i < 10050; i++) w.onEvent({ type: 'StasisStart', channel: ch(`c${i}`, 'PJSIP/carrier-a-00000001') });
    expect(w.remembered).to.equal(10000);
  });
});

describe('trunk dial string with an explicit Request-URI', () => {
  const t = (over: Partial<TrunkConfig> = {}): TrunkConfig => ({ name: 'carrier-b', technology: 'pjsip', host: '127.0.0.3', port: 5060, username: null, password: null, register: false, registrationExpiry: 0, inboundContext: 'from-carrier', codecs: ['ulaw'], enabled: true, noAnswerTimeout: 0, ...over });

  it('given UDP, TCP and a SIP domain then the URI is the AOR contact with the number as user and an unescaped transport', () => {
    expect(trunkDialString('carrier-b', '00861012345678', t())).to.equal('PJSIP/carrier-b/sip:00861012345678@127.0.0.3:5060');
    expect(trunkRequestUri(t({ transport: 'tcp', port: 5070 }), '+8610')).to.equal('sip:+8610@127.0.0.3:5070;transport=tcp');
    expect(trunkRequestUri(t({ sipDomain: 'ims.example.cn', outboundProxy: '10.1.1.1:5060' }), '*99')).to.equal('sip:*99@ims.example.cn');
  });

  it('given a number that is not plain digits or a row without a host then the <number>@<trunk> form stays', () => {
    for (const n of ['12#', 'abc', '', '1 2', '1;x', '1@x']) expect(trunkDialString('carrier-b', n, t()), n).to.equal(`PJSIP/${n}@carrier-b`);
    expect(trunkDialString('carrier-b', '123', t({ host: '' }))).to.equal('PJSIP/123@carrier-b');
    expect(trunkDialString('carrier-b', '123', t({ host: 'bad host' }))).to.equal('PJSIP/123@carrier-b');
  });
});
