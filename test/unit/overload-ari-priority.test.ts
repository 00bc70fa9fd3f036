/** Issue 18: ARI requests in priority order (src/overload/ari-priority.ts) and the refusal of a shed call (shed-call.ts). */
import { expect } from 'chai';
import { currentAriPriority, sendInPriority, withAriPriority } from '../../src/overload/ari-priority';
import { RequestQueue } from '../../src/overload/request-queue';
import { admitOrShed, OVERLOAD_END_REASON } from '../../src/overload/shed-call';
import { callStatus, CallStatus, type Direction } from '../../src/records/status';
import type { CallRecord } from '../../src/domain/call-record';

interface Req { url: string; on: { response(r: unknown): unknown; error(r: unknown): unknown; redirect?(r: unknown): unknown } }

function request(url: string, log: string[]): Req {
  return { url, on: { response: () => log.push(`ok ${url}`), error: () => log.push(`err ${url}`) } };
}

describe('ARI request priority', () => {
  it('given no marked work then a request is accepted-priority; inside withAriPriority it is that priority through awaits and timers', async () => {
    expect(currentAriPriority()).to.equal('accepted');
    const seen: string[] = [];
    await withAriPriority('new', async () => {
      seen.push(currentAriPriority());
      await new Promise((r) => setTimeout(r, 1));
      seen.push(currentAriPriority());
      await withAriPriority('accepted', async () => { seen.push(currentAriPriority()); });
      seen.push(currentAriPriority());
    });
    expect(seen).to.deep.equal(['new', 'new', 'accepted', 'new']);
    expect(currentAriPriority()).to.equal('accepted');
  });

  it('given the in-flight limit reached then a waiting accepted request is sent before an earlier new one, and each end frees exactly one slot', () => {
    const q = new RequestQueue(1);
    const sent: Req[] = [];
    const log: string[] = [];
    const send = (r: Req) => { sent.push(r); };
    sendInPriority(request('busy', log), send, q, 'new');
    sendInPriority(request('new-call-originate', log), send, q, 'new');
    sendInPriority(request('bridge-answered-leg', log), send, q, 'accepted');
    expect(sent.map((r) => r.url)).to.deep.equal(['busy']);
    sent[0].on.response({});
    sent[0].on.error({}); // a second callback of the same request frees nothing more
    expect(sent.map((r) => r.url)).to.deep.equal(['busy', 'bridge-answered-leg']);
    expect(q.inFlight).to.equal(1);
    sent[1].on.error({});
    expect(sent.map((r) => r.url)).to.deep.equal(['busy', 'bridge-answered-leg', 'new-call-originate']);
    sent[2].on.response({});
    expect(q.inFlight).to.equal(0);
    expect(log).to.deep.equal(['ok busy', 'err busy', 'err bridge-answered-leg', 'ok new-call-originate']);
  });

  it('given a redirect callback then it frees the slot too; a transport that throws frees it as well', () => {
    const q = new RequestQueue(1);
    const log: string[] = [];
    const r: Req = { ...request('moved', log), on: { ...request('moved', log).on, redirect: () => log.push('redirect') } };
    sendInPriority(r, (x) => x.on.redirect!({}), q);
    expect(q.inFlight).to.equal(0);
    sendInPriority(request('throws', log), () => { throw new Error('transport bug'); }, q);
    expect(q.inFlight).to.equal(0);
    expect(log).to.deep.equal(['redirect']);
  });
});

describe('a call refused for overload', () => {
  function deps() {
    const hangups: { channelId: string; reason: string }[] = [];
    const events: { type: string }[] = [];
    const records: CallRecord[] = [];
    const client = { channels: { hangup: async (p: { channelId: string; reason: string }) => { hangups.push(p); } } };
    const log = { info: () => undefined, warn: () => undefined, child: () => log } as never;
    return { hangups, events, records, d: { client: client as never, events: { publish: (e: { type: string }) => events.push(e) } as never, records: { write: async (r: CallRecord) => { records.push(r); } } as never, log } };
  }
  const call = (over: Partial<Parameters<typeof admitOrShed>[1]> = {}) => ({ guid: 'g1', channelId: 'ch1', caller: '13800138000', callee: '02566668888', fromTrunk: 'carrier-a', account: null, outsideTrunk: () => null, ...over });

  it('given no guard or an admitting guard then the call goes on and nothing is sent', () => {
    const x = deps();
    expect(admitOrShed(undefined, call(), x.d)).to.equal(true);
    expect(admitOrShed({ admitNewCall: () => ({ admit: true, reasons: [] }) }, call(), x.d)).to.equal(true);
    expect(x.hangups).to.deep.equal([]);
    expect(x.records).to.deep.equal([]);
  });

  it('given shedding then the channel is hung up with congestion (SIP 503) and recorded as status 12, end reason overload, by system; direction from the origin and the route', async () => {
    const shedding = { admitNewCall: () => ({ admit: false, reasons: ['calls-in-setup' as const] }) };
    const cases: [Partial<Parameters<typeof admitOrShed>[1]>, Direction, string | null][] = [
      [{}, 'inbound', 'carrier-a'],
      [{ fromTrunk: null, account: '1001', callee: '1003' }, 'internal', null],
      [{ fromTrunk: null, account: '1001', callee: '9057188888888', outsideTrunk: () => 'carrier-a' }, 'outbound', 'carrier-a'],
    ];
    for (const [over, direction, trunk] of cases) {
      const x = deps();
      expect(admitOrShed(shedding, call(over), x.d)).to.equal(false);
      await new Promise((r) => setImmediate(r));
      expect(x.hangups).to.deep.equal([{ channelId: 'ch1', reason: 'congestion' }]);
      expect(x.events.map((e) => e.type)).to.deep.equal(['call.started', 'call.hungup', 'call.result']);
      const rec = x.records[0];
      expect([rec.status, rec.endReason, rec.hangupBy, rec.direction, rec.trunk, rec.answeredAt, rec.talkSec]).to.deep.equal([12, OVERLOAD_END_REASON, 'system', direction, trunk, null, 0]);
    }
  });

  it('given refused in the status facts then 12 whatever the direction, the party or the other facts', () => {
    for (const direction of ['inbound', 'outbound', 'internal'] as const) {
      for (const hungUpBy of ['caller', 'agent', 'callee', 'system'] as const) {
        for (const queued of [false, true]) {
          expect(callStatus({ direction, answered: false, hungUpBy, queued, ringingAtEnd: queued, voicemail: false, miss: queued ? 'timeout' : null, refused: true })).to.equal(CallStatus.CALL_FAILED);
        }
      }
    }
  });
});
