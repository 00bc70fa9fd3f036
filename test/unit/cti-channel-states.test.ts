import { expect } from 'chai';
import { ChannelStates, endpointOf, stateOf, type AmiFields, type Classify, type MonitorChange } from '../../src/cti/channel-states';
import { matchChannels } from '../../src/cti/channel-match';
import { OriginateOptions } from '../../src/cti/originate-options';
import { AgentEventFilter } from '../../src/api/agent-events';
import type { CtiEvent } from '../../src/events/cti-events';

const classify: Classify = (name) => {
  const ep = endpointOf(name);
  if (ep && /^1\d{3}$/.test(ep)) return { kind: 'extension', number: ep };
  if (ep === 'carrier-a') return { kind: 'trunk', number: ep };
  return null;
};

const ev = (event: string, uniqueid: string, channel: string, desc?: string, extra: AmiFields = {}): AmiFields =>
  ({ event, uniqueid, channel, ...(desc ? { channelstatedesc: desc } : {}), ...extra });

/** Just the states, "channel <number> <state>" / "phone <ext> <state>", for readable expectations. */
const brief = (cs: MonitorChange[]) => cs.map((c) => (c.what === 'channel' ? `channel ${c.number} ${c.state}` : `phone ${c.extension} ${c.state}`));

describe('channel and phone states (manual 002 §12, ChannelStates)', () => {
  it('maps every Asterisk channel state: Ring/Dialing/OffHook are off-hook, Ringing/Pre-ring ringing, Up talking, the rest not reported', () => {
    expect(['OffHook', 'Dialing', 'Ring', 'Dialing Offhook'].map(stateOf)).to.deep.equal(['offhook', 'offhook', 'offhook', 'offhook']);
    expect(['Ringing', 'Pre-ring', 'Up'].map(stateOf)).to.deep.equal(['ringing', 'ringing', 'talking']);
    expect(['Down', 'Rsrvd', 'Busy', 'Unknown', undefined].map(stateOf)).to.deep.equal([undefined, undefined, undefined, undefined, undefined]);
  });

  it('takes the endpoint from a channel name, trunk names with dashes included; Local and snoop channels have none', () => {
    expect(endpointOf('PJSIP/1001-0000002a')).to.equal('1001');
    expect(endpointOf('PJSIP/carrier-a-0000002b')).to.equal('carrier-a');
    expect(endpointOf('DAHDI/1-1')).to.equal('1-1');
    expect(endpointOf('Local/1001@callcenter-in-00000001;1')).to.equal(null);
    expect(endpointOf('Snoop/1700000000.12-00000003')).to.equal(null);
    expect(endpointOf('garbage')).to.equal(null);
  });

  it('given a phone that dials out, then the carrier rings and answers, then the caller hangs up: off-hook, ringing, talking, idle for each, phone aggregate after each', () => {
    const s = new ChannelStates(classify);
    const out = [
      ...s.step(ev('Newchannel', 'a', 'PJSIP/1001-00000001', 'Ring', { calleridnum: '1001' })),
      ...s.step(ev('Newchannel', 'b', 'PJSIP/carrier-a-00000002', 'Down')),
      ...s.step(ev('Newstate', 'b', 'PJSIP/carrier-a-00000002', 'Ringing', { connectedlinenum: '1001' })),
      ...s.step(ev('Newstate', 'b', 'PJSIP/carrier-a-00000002', 'Up')),
      ...s.step(ev('Newstate', 'a', 'PJSIP/1001-00000001', 'Up')),
      ...s.step(ev('Hangup', 'a', 'PJSIP/1001-00000001')),
      ...s.step(ev('Hangup', 'b', 'PJSIP/carrier-a-00000002')),
    ];
    expect(brief(out)).to.deep.equal([
      'channel 1001 offhook', 'phone 1001 offhook',
      'channel carrier-a ringing', 'channel carrier-a talking',
      'channel 1001 talking', 'phone 1001 talking',
      'channel 1001 idle', 'phone 1001 idle',
      'channel carrier-a idle',
    ]);
    const ringing = out.find((c) => c.what === 'channel' && c.state === 'ringing');
    expect(ringing).to.include({ channelId: 'b', kind: 'trunk', previous: 'idle', connected: '1001' });
    expect(s.list()).to.deep.equal([]);
    expect(s.phone('1001')).to.equal('idle');
  });

  it('given a phone with a call up and a second call ringing (call waiting) then the phone stays talking; when the first ends it is ringing', () => {
    const s = new ChannelStates(classify);
    s.step(ev('Newchannel', 'x', 'PJSIP/1002-00000001', 'Down'));
    s.step(ev('Newstate', 'x', 'PJSIP/1002-00000001', 'Up'));
    expect(s.phone('1002')).to.equal('talking');
    const second = [...s.step(ev('Newchannel', 'y', 'PJSIP/1002-00000002', 'Down')), ...s.step(ev('Newstate', 'y', 'PJSIP/1002-00000002', 'Ringing'))];
    expect(brief(second), 'no phone change: still talking').to.deep.equal(['channel 1002 ringing']);
    expect(brief(s.step(ev('Hangup', 'x', 'PJSIP/1002-00000001')))).to.deep.equal(['channel 1002 idle', 'phone 1002 ringing']);
  });

  it('ignores channels that are neither phones nor trunks, repeated states, events without a unique id and hang-ups of unknown channels', () => {
    const s = new ChannelStates(classify);
    expect(s.step(ev('Newchannel', 'l', 'Local/600@x-00000001;1', 'Up'))).to.deep.equal([]);
    expect(s.step(ev('Newchannel', 'z', 'PJSIP/9999-00000001', 'Ring'))).to.deep.equal([]);
    expect(s.step({ event: 'Newstate', channel: 'PJSIP/1001-00000001', channelstatedesc: 'Up' })).to.deep.equal([]);
    expect(brief(s.step(ev('Newchannel', 'a', 'PJSIP/1001-00000001', 'Up')))).to.deep.equal(['channel 1001 talking', 'phone 1001 talking']);
    expect(s.step(ev('Newstate', 'a', 'PJSIP/1001-00000001', 'Up'))).to.deep.equal([]);
    expect(s.step(ev('Hangup', 'nope', 'PJSIP/1001-00000009'))).to.deep.equal([]);
    expect(s.step(ev('VarSet', 'a', 'PJSIP/1001-00000001'))).to.deep.equal([]);
  });

  it('given a channel that never rang (Down, then gone) then it reports nothing', () => {
    const s = new ChannelStates(classify);
    expect([...s.step(ev('Newchannel', 'd', 'PJSIP/1003-00000001', 'Down')), ...s.step(ev('Hangup', 'd', 'PJSIP/1003-00000001'))]).to.deep.equal([]);
  });

  it('given channels listed after a reconnect (CoreShowChannel) then their states are reported once', () => {
    const s = new ChannelStates(classify);
    expect(brief(s.step(ev('CoreShowChannel', 'c', 'PJSIP/1004-00000001', 'Up')))).to.deep.equal(['channel 1004 talking', 'phone 1004 talking']);
  });
});

describe('channel lookup (manual 002 §11, §27: channel > phone number > agent number)', () => {
  const chans = [
    { id: '1', name: 'PJSIP/1001-00000001', caller: { number: '1001' }, connected: { number: '13800138000' } },
    { id: '2', name: 'PJSIP/carrier-a-00000002', caller: { number: '13800138000' }, connected: { number: '1001' } },
    { id: '3', name: 'PJSIP/1002-00000003', caller: { number: '600' }, connected: { number: '' } },
  ];
  it('finds by id or name, by agent (its phone only), by number (the phone, trunk or caller / connected number)', () => {
    expect(matchChannels(chans, { channel: '2' }).map((c) => c.id)).to.deep.equal(['2']);
    expect(matchChannels(chans, { channel: 'PJSIP/1002-00000003' }).map((c) => c.id)).to.deep.equal(['3']);
    expect(matchChannels(chans, { agent: '1001' }).map((c) => c.id)).to.deep.equal(['1']);
    expect(matchChannels(chans, { number: '13800138000' }).map((c) => c.id)).to.deep.equal(['1', '2']);
    expect(matchChannels(chans, { number: '1001' }).map((c) => c.id)).to.deep.equal(['1', '2']);
    expect(matchChannels(chans, { number: '1999' })).to.deep.equal([]);
  });
});

describe('originate options (CallerNo, HALLH)', () => {
  it('are taken once, expire, and nothing is kept for an originate without options', () => {
    let now = 0;
    const o = new OriginateOptions(1000, () => now);
    o.put('g1', { callerNumber: '4000' });
    o.put('g2', {});
    expect(o.size).to.equal(1);
    expect(o.take('g1')).to.deep.equal({ callerNumber: '4000', hangupAll: undefined });
    expect(o.take('g1')).to.equal(null);
    o.put('g3', { hangupAll: true });
    now = 2000;
    expect(o.take('g3'), 'expired').to.equal(null);
    o.put('g4', { hangupAll: true });
    now = 4000;
    o.put('g5', { hangupAll: true });
    expect(o.size, 'expired entries pruned on put').to.equal(1);
  });
});

describe('agents see their own phone\'s states only', () => {
  const at = { seq: 1, at: '2026-01-01T00:00:00.000Z' };
  it('phone.state and channel.state of its extension; other phones and trunk channels not of its calls are not sent', () => {
    const f = new AgentEventFilter('1001', () => false);
    const phone = (extension: string) => ({ ...at, type: 'phone.state', extension, state: 'ringing', previous: 'idle' }) as CtiEvent;
    const channel = (kind: 'extension' | 'trunk', number: string, guid: string | null) =>
      ({ ...at, type: 'channel.state', channelId: 'x', channel: `PJSIP/${number}-00000001`, kind, number, state: 'talking', previous: 'ringing', caller: '', connected: '', guid }) as CtiEvent;
    expect(f.admits(phone('1001'))).to.equal(true);
    expect(f.admits(phone('1002'))).to.equal(false);
    expect(f.admits(channel('extension', '1001', null))).to.equal(true);
    expect(f.admits(channel('extension', '1002', null))).to.equal(false);
    expect(f.admits(channel('trunk', 'carrier-a', 'g-other'))).to.equal(false);
    const party = new AgentEventFilter('1001', (g) => g === 'g-mine');
    expect(party.admits(channel('trunk', 'carrier-a', 'g-mine')), 'a trunk channel of its own call').to.equal(true);
  });
});
