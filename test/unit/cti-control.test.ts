import { expect } from 'chai';
import { connectionFor, sessionTransition } from '../../src/calls/supervision';
import { clickToCallChannelId, clickToCallGuid } from '../../src/calls/click-to-call';
import { resolveDial, resolveTransferNumber } from '../../src/calls/dial-resolution';
import { compileTables } from '../../src/routing';
import type { LiveSnapshot } from '../../src/sync/live-config';
import type { SipAccount, TrunkConfig } from '../../src/domain';
import { demoTables, freshState } from '../fixtures/demo-routing';

describe('supervisor sessions (C5): modes and states', () => {
  it('given listen then the agent channel is snooped both ways without whisper', () => {
    expect(connectionFor('listen')).to.deep.equal({ kind: 'snoop', spy: 'both', whisper: 'none' });
  });
  it('given whisper then the supervisor speaks into the agent\'s direction only', () => {
    expect(connectionFor('whisper')).to.deep.equal({ kind: 'snoop', spy: 'both', whisper: 'out' });
  });
  it('given barge then the supervisor joins the call\'s bridge', () => {
    expect(connectionFor('barge')).to.deep.equal({ kind: 'join-call-bridge' });
  });
  it('given a ringing session when answered then it becomes active and joins', () => {
    expect(sessionTransition('ringing', 'answered')).to.deep.equal({ state: 'active', effect: 'join' });
  });
  it('given a ringing or active session when the call or the supervisor goes then it ends and cleans up', () => {
    for (const s of ['ringing', 'active'] as const) {
      for (const e of ['supervisor-gone', 'call-gone', 'join-failed'] as const) expect(sessionTransition(s, e)).to.deep.equal({ state: 'ended', effect: 'cleanup' });
    }
  });
  it('given an ended or active session when answered again then nothing happens', () => {
    expect(sessionTransition('ended', 'answered')).to.deep.equal({ state: 'ended', effect: null });
    expect(sessionTransition('active', 'answered')).to.deep.equal({ state: 'active', effect: null });
    expect(sessionTransition('ended', 'call-gone')).to.deep.equal({ state: 'ended', effect: null });
  });
});

describe('click-to-call GUID in the channel id (C6)', () => {
  const guid = '0b6a3c1e-2f4d-4e5a-9b8c-7d6e5f4a3b2c';
  it('given a click-to-call channel id then its GUID is read back', () => {
    expect(clickToCallGuid(clickToCallChannelId(guid))).to.equal(guid);
  });
  it('given other channel ids then no GUID is read', () => {
    for (const id of ['1712345678.12', guid, `${guid}-1`, `${guid}-c2cx`, `x${guid}-c2c`, `${guid.toUpperCase()}-c2c`]) expect(clickToCallGuid(id), id).to.equal(null);
  });
});

describe('conference party numbers routed as dialled by an account', () => {
  const account = (extension: string): SipAccount => ({ extension, password: 'x', enabled: true, displayName: `Agent ${extension}`, allowedIp: null, dialContext: 'agents', codecs: [], autoReady: true });
  const trunk = (name: string): TrunkConfig => ({ name, technology: 'pjsip', host: '127.0.0.2', port: 5060, username: null, password: null, register: false, registrationExpiry: 120, inboundContext: 'from-carrier', codecs: [], enabled: true, noAnswerTimeout: 0 });
  const live = {
    tables: compileTables(demoTables()),
    accounts: new Map(['1001', '1002'].map((e) => [e, account(e)])),
    trunks: new Map(['carrier-a', 'carrier-b'].map((t) => [t, trunk(t)])),
  } as unknown as LiveSnapshot;

  it('given 9 + number from 1001 then carrier-a is dialled with the 9 removed and the trunk\'s caller ID', () => {
    const r = resolveDial(live, freshState(), '1001', '9057188888888', 30);
    expect(r.ok && r.target).to.deep.equal({ endpoint: 'PJSIP/carrier-a/sip:057188888888@127.0.0.2:5060', callerId: '<02566668888>', timeoutSec: 30, number: '057188888888', trunk: 'carrier-a' });
  });
  it('given 8 + number then carrier-b is dialled with 0 -> 0086', () => {
    const r = resolveDial(live, freshState(), '1001', '8057188888888', 30);
    expect(r.ok && r.target.endpoint).to.equal('PJSIP/carrier-b/sip:008657188888888@127.0.0.2:5060');
  });
  it('given an unknown origin or an unroutable number then an error names the reason', () => {
    expect(resolveDial(live, freshState(), '1999', '9057188888888', 30)).to.deep.equal({ ok: false, error: '1999 is not an enabled account' });
    const r = resolveDial(live, freshState(), '1001', '7777', 30);
    expect(r.ok).to.equal(false);
    expect(!r.ok && r.error).to.match(/refused by routing/);
    expect(resolveDial(live, freshState(), '1001', '1004', 30)).to.deep.equal({ ok: false, error: 'extension 1004 has no enabled account' });
  });
  it('given a group number then a conference refuses it and a transfer goes to the group\'s queue', () => {
    const tables = demoTables();
    tables.rules.push({ id: 5, context: 'agents', pattern: '_600', routeType: 'group', target: 'sales', transforms: [], reanalyze: false });
    const withGroups = { ...live, tables: compileTables(tables) } as LiveSnapshot;
    expect(resolveDial(withGroups, freshState(), '1001', '600', 30)).to.deep.equal({ ok: false, error: '600 leads to group sales, not to a phone or an outside line' });
    expect(resolveTransferNumber(withGroups, freshState(), '1001', '600', 30).route).to.deep.equal({ kind: 'group', group: 'sales' });
  });
  it('given a transfer to 9 + number or to an unknown account then the same routing decides', () => {
    expect(resolveTransferNumber(live, freshState(), '1001', '9057188888888', 30).route).to.deep.equal({
      kind: 'dial', endpoint: 'PJSIP/carrier-a/sip:057188888888@127.0.0.2:5060', extension: null, timeoutSec: 30, callerId: '<02566668888>', trunk: 'carrier-a',
    });
    expect(resolveTransferNumber(live, freshState(), '1999', '1002', 30).route).to.deep.equal({ kind: 'error', error: '1999 is not an enabled account' });
    expect(resolveTransferNumber(live, freshState(), '1001', '1004', 30).route).to.deep.equal({ kind: 'error', error: 'extension 1004 has no enabled account' });
  });
});
