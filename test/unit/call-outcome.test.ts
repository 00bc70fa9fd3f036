import { expect } from 'chai';
import { callOutcome, type CallFacts } from '../../src/calls/outcome/call-outcome';
import { missForDialStatus, missForOffer, missForReason } from '../../src/calls/outcome/causes';

const T0 = Date.parse('2026-11-02T09:00:00.000Z');
const at = (sec: number) => T0 + sec * 1000;
const isoAt = (sec: number) => new Date(at(sec)).toISOString();

/** An inbound call to 4000 from 13800001111 that ended in the IVR after 20 s, hung up by the caller. */
const facts = (over: Partial<CallFacts>): CallFacts => ({
  guid: '0f8a7c3e-1111-4222-8333-944445555666', direction: 'inbound', caller: '13800001111', callee: '4000', flow: null, group: null, trunk: 'carrier-a',
  agent: null, startedAt: at(0), queuedAt: null, answeredAt: null, talkEndedAt: null, endedAt: at(20), ringMs: 0, hungUpBy: 'caller', endReason: 'normal',
  surveyScore: null, recording: null, ringingAtEnd: false, miss: null, transferred: false, retrieved: false, ...over,
});

describe('call outcome (record + call.hungup + call.result)', () => {
  it('given an inbound queue call answered by an agent then 9 with wait, ring, talk and the recording to the end of the talk', () => {
    const o = callOutcome(facts({
      flow: 'main', group: 'sales', agent: '1001', queuedAt: at(10), answeredAt: at(40), endedAt: at(160), ringMs: 6500,
      recording: { path: '/rec/cc-1.wav', kind: 'call', startedAt: at(41) },
    }));
    expect(o.record).to.deep.equal({
      guid: '0f8a7c3e-1111-4222-8333-944445555666', direction: 'inbound', caller: '13800001111', callee: '4000', flow: 'main', group: 'sales', agent: '1001',
      trunk: 'carrier-a', status: 9, startedAt: '2026-11-02T09:00:00.000Z', queuedAt: '2026-11-02T09:00:10.000Z', answeredAt: '2026-11-02T09:00:40.000Z',
      endedAt: '2026-11-02T09:02:40.000Z', ringSec: 6.5, waitSec: 30, talkSec: 120, hangupBy: 'caller', endReason: 'normal', surveyScore: null,
      recording: { path: '/rec/cc-1.wav', kind: 'call', startedAt: '2026-11-02T09:00:41.000Z', durationSec: 119 },
    });
    expect(o.hungup).to.deep.equal({ type: 'call.hungup', guid: '0f8a7c3e-1111-4222-8333-944445555666', by: 'caller', agent: '1001' });
    expect(o.result).to.deep.equal({
      type: 'call.result', guid: '0f8a7c3e-1111-4222-8333-944445555666', status: 9, statusText: 'agent answered', caller: '13800001111', callee: '4000',
      agent: '1001', group: 'sales', talkSec: 120, waitSec: 30,
    });
  });

  it('given the agent hung up first and the caller then took the survey then talk and recording end when the agent hung up', () => {
    const o = callOutcome(facts({
      group: 'sales', agent: '1001', queuedAt: at(5), answeredAt: at(15), talkEndedAt: at(75), endedAt: at(90), hungUpBy: 'agent', surveyScore: 4, ringMs: 3000,
      recording: { path: '/rec/cc-2.wav', kind: 'call', startedAt: at(15) },
    }));
    expect(o.record.status).to.equal(9);
    expect(o.record.talkSec).to.equal(60);
    expect(o.record.waitSec).to.equal(10);
    expect(o.record.ringSec).to.equal(3);
    expect(o.record.recording?.durationSec).to.equal(60);
    expect(o.record.endedAt).to.equal(isoAt(90));
    expect(o.record.hangupBy).to.equal('agent');
    expect(o.record.surveyScore).to.equal(4);
    expect(o.hungup.by).to.equal('agent');
    expect(o.result.talkSec).to.equal(60);
  });

  it('given the caller hung up waiting in a queue, nobody ringing then 13 and the wait lasts to the end', () => {
    const o = callOutcome(facts({ flow: 'main', group: 'sales', queuedAt: at(8), endedAt: at(53), miss: 'timeout' }));
    expect(o.record.status).to.equal(13);
    expect(o.record.waitSec).to.equal(45);
    expect(o.record.talkSec).to.equal(0);
    expect(o.record.answeredAt).to.equal(null);
    expect(o.record.queuedAt).to.equal(isoAt(8));
    expect(o.result).to.include({ status: 13, statusText: 'abandoned in queue', agent: null, group: 'sales', talkSec: 0, waitSec: 45 });
    expect(o.hungup).to.deep.equal({ type: 'call.hungup', guid: o.record.guid, by: 'caller', agent: null });
  });

  it('given the caller hung up while an agent phone rang then 8', () => {
    const o = callOutcome(facts({ group: 'sales', agent: '1002', queuedAt: at(3), endedAt: at(18), ringingAtEnd: true }));
    expect(o.record.status).to.equal(8);
    expect(o.record.waitSec).to.equal(15);
  });

  it('given an inbound call that ended in the IVR then 7, with no wait and no talk', () => {
    const o = callOutcome(facts({ flow: 'main' }));
    expect(o.record).to.include({ status: 7, flow: 'main', group: null, waitSec: 0, talkSec: 0, ringSec: 0, queuedAt: null, answeredAt: null, endedAt: isoAt(20) });
    expect(o.result).to.include({ status: 7, statusText: 'not transferred (IVR only)', talkSec: 0, waitSec: 0 });
  });

  it('given a direct inbound call to an extension whose phone was busy then 3 (miss from the offer result)', () => {
    const o = callOutcome(facts({ agent: '1003', endedAt: at(4), hungUpBy: 'system', endReason: 'busy', miss: missForOffer('rejected') }));
    expect(o.record).to.include({ status: 3, hangupBy: 'system', endReason: 'busy' });
    expect(o.hungup.by).to.equal('system');
  });

  describe('outbound', () => {
    const out = (over: Partial<CallFacts>) => facts({ direction: 'outbound', caller: '1001', callee: '013900002222', agent: '1001', trunk: 'carrier-b', ...over });
    it('given an answered outbound call the agent ended then 10; the outside party ended it then 6', () => {
      const placed = callOutcome(out({ answeredAt: at(12), endedAt: at(72), ringMs: 11000, hungUpBy: 'caller' }));
      expect(placed.record).to.include({ status: 10, talkSec: 60, waitSec: 0, ringSec: 11, trunk: 'carrier-b', agent: '1001', hangupBy: 'caller' });
      expect(placed.result).to.include({ status: 10, statusText: 'call placed', talkSec: 60, waitSec: 0, group: null });
      const talk = callOutcome(out({ answeredAt: at(12), endedAt: at(42), hungUpBy: 'callee', endReason: 'normal' }));
      expect(talk.record).to.include({ status: 6, talkSec: 30, hangupBy: 'callee' });
      expect(talk.hungup).to.include({ by: 'callee', agent: '1001' });
    });
    it('given an outbound call that failed (trunk congestion) then 12; hung up while dialling then 14', () => {
      const failed = callOutcome(out({ endedAt: at(2), hungUpBy: 'system', endReason: 'congestion', miss: missForReason('congestion') }));
      expect(failed.record).to.include({ status: 12, talkSec: 0, answeredAt: null, hangupBy: 'system', endReason: 'congestion' });
      expect(failed.result.statusText).to.equal('call failed');
      const dialling = callOutcome(out({ endedAt: at(9), hungUpBy: 'caller', ringingAtEnd: true, ringMs: 7000 }));
      expect(dialling.record).to.include({ status: 14, ringSec: 7 });
    });
  });

  it('given a transfer that reached its target then 4; one that came back to the agent then 17', () => {
    const base = { group: 'sales', agent: '1001', queuedAt: at(2), answeredAt: at(10), endedAt: at(100) };
    const transferred = callOutcome(facts({ ...base, transferred: true }));
    expect(transferred.record).to.include({ status: 4, talkSec: 90, waitSec: 8 });
    expect(transferred.result.statusText).to.equal('transferred');
    const retrieved = callOutcome(facts({ ...base, retrieved: true, miss: 'timeout' }));
    expect(retrieved.record).to.include({ status: 17, talkSec: 90 });
    expect(retrieved.result.statusText).to.equal('retrieved');
  });

  it('given the caller left a message then 16 and the voicemail lasts to the end of the call, not of the talk', () => {
    const o = callOutcome(facts({
      flow: 'after-hours', endedAt: at(45), hungUpBy: 'system', recording: { path: '/rec/vm-1.wav', kind: 'voicemail', startedAt: at(15) },
    }));
    expect(o.record.status).to.equal(16);
    expect(o.record.recording).to.deep.equal({ path: '/rec/vm-1.wav', kind: 'voicemail', startedAt: isoAt(15), durationSec: 30 });
    const afterTalk = callOutcome(facts({
      answeredAt: at(5), talkEndedAt: at(25), endedAt: at(60), agent: '1001', recording: { path: '/rec/vm-2.wav', kind: 'voicemail', startedAt: at(30) },
    }));
    expect(afterTalk.record.status).to.equal(16);
    expect(afterTalk.record.recording?.durationSec).to.equal(30);
    expect(afterTalk.record.talkSec).to.equal(20);
  });

  it('given a refused toll-fraud call (stasis-app refuse) then 12 with the exact record and events published today', () => {
    const now = at(0);
    const o = callOutcome(facts({
      guid: 'refused-guid', direction: 'outbound', caller: '1005', callee: '00441234567', trunk: null, agent: '1005', startedAt: now, endedAt: now,
      hungUpBy: 'system', endReason: 'class-of-service',
    }));
    expect(o.record).to.deep.equal({
      guid: 'refused-guid', direction: 'outbound', caller: '1005', callee: '00441234567', flow: null, group: null, agent: '1005', trunk: null, status: 12,
      startedAt: isoAt(0), queuedAt: null, answeredAt: null, endedAt: isoAt(0), ringSec: 0, waitSec: 0, talkSec: 0, hangupBy: 'system', endReason: 'class-of-service',
      surveyScore: null, recording: null,
    });
    expect(o.hungup).to.deep.equal({ type: 'call.hungup', guid: 'refused-guid', by: 'system', agent: '1005' });
    expect(o.result).to.deep.equal({
      type: 'call.result', guid: 'refused-guid', status: 12, statusText: 'call failed', caller: '1005', callee: '00441234567', agent: '1005', group: null, talkSec: 0, waitSec: 0,
    });
  });

  it('given a call adopted after a restart then the record of an answered call with no queue time', () => {
    const o = callOutcome(facts({
      group: 'sales', agent: '1001', trunk: null, startedAt: at(-300), answeredAt: at(-280), endedAt: at(20), hungUpBy: 'agent', endReason: 'adopted-after-restart',
    }));
    expect(o.record).to.include({ status: 9, talkSec: 300, waitSec: 0, ringSec: 0, queuedAt: null, hangupBy: 'agent', endReason: 'adopted-after-restart', group: 'sales' });
    expect(o.record.startedAt).to.equal('2026-11-02T08:55:00.000Z');
    expect(o.hungup).to.deep.equal({ type: 'call.hungup', guid: o.record.guid, by: 'agent', agent: '1001' });
    expect(o.result).to.include({ status: 9, group: 'sales', talkSec: 300, waitSec: 0 });
    const internal = callOutcome(facts({ direction: 'internal', caller: '1001', callee: '1002', agent: '1002', answeredAt: at(5), endedAt: at(25), hungUpBy: 'callee' }));
    expect(internal.record).to.include({ status: 15, talkSec: 20 });
  });

  it('given a FastAGI fallback call (answer time from ANSWEREDTIME, miss from DIALSTATUS) then talk is ANSWEREDTIME', () => {
    const ended = at(100);
    const answered = callOutcome(facts({ answeredAt: ended - 42 * 1000, endedAt: ended, agent: '1001', group: 'sales', hungUpBy: 'agent', endReason: 'fastagi:answer' }));
    expect(answered.record).to.include({ status: 9, talkSec: 42, answeredAt: isoAt(58), hangupBy: 'agent' });
    const noAnswer = callOutcome(facts({ group: 'sales', hungUpBy: 'system', endReason: 'fastagi:noanswer', miss: missForDialStatus('NOANSWER') }));
    expect(noAnswer.record.status).to.equal(1);
    const unreachable = callOutcome(facts({ direction: 'inbound', hungUpBy: 'system', miss: missForDialStatus('CHANUNAVAIL') }));
    expect(unreachable.record.status).to.equal(2);
  });

  it('given hungUpAgent then call.hungup names it while the record and result keep agent', () => {
    const o = callOutcome(facts({ agent: '1001', answeredAt: at(5), hungUpAgent: '013900002222' }));
    expect(o.hungup.agent).to.equal('013900002222');
    expect(o.record.agent).to.equal('1001');
    expect(o.result.agent).to.equal('1001');
    expect(callOutcome(facts({ agent: '1001', hungUpAgent: null })).hungup.agent).to.equal(null);
  });

  it('given times out of order (a recording started after the talk ended) then durations are 0, never negative', () => {
    const o = callOutcome(facts({
      answeredAt: at(10), talkEndedAt: at(20), endedAt: at(30), agent: '1001', recording: { path: '/rec/x.wav', kind: 'call', startedAt: at(25) },
    }));
    expect(o.record.recording?.durationSec).to.equal(0);
    expect(o.record.talkSec).to.equal(10);
  });
});
