import { expect } from 'chai';
import type { GroupConfig } from '../../src/domain';
import { CallIdentities, withAgentId } from '../../src/hotdesk/call-identities';
import { decideLogin, decideLogout, endsSeat, type LoginFacts } from '../../src/hotdesk/login-decision';
import { seatedGroups } from '../../src/hotdesk/membership';
import { hashPin, pinMatchesAsync } from '../../src/hotdesk/pin';
import { PinAttempts } from '../../src/hotdesk/pin-attempts';
import { Seating } from '../../src/hotdesk/seating';

const group = (name: string, members: [string, number][]) => ({ name, members: members.map(([extension, priority]) => ({ extension, priority })) }) as unknown as GroupConfig;
const demoGroups = () => new Map([['sales', group('sales', [['1001', 1], ['1002', 1]])], ['support', group('support', [['1003', 1], ['1004', 1]])]]);
const members = (g: ReadonlyMap<string, GroupConfig>, name: string) => g.get(name)!.members.map((m) => `${m.extension}/${m.priority}`);

describe('hot-desking: groups follow the agent ID (issue 19)', () => {
  it('given nobody seated then the groups in force are the loaded ones, the same object (the demo unchanged)', () => {
    const g = demoGroups();
    expect(seatedGroups(g, [], new Map([['20011', [{ group: 'sales', priority: 1 }]]]))).to.equal(g);
  });

  it('given agent 20011 (sales, priority 2) at phone 1003 then 1003 is a sales member and no longer a support member', () => {
    const g = seatedGroups(demoGroups(), [{ agent: '20011', extension: '1003' }], new Map([['20011', [{ group: 'sales', priority: 2 }]]]));
    expect(members(g, 'sales')).to.deep.equal(['1001/1', '1002/1', '1003/2']);
    expect(members(g, 'support')).to.deep.equal(['1004/1']);
  });

  it('given an agent ID without groups or with a group that does not exist then its phone is in no group', () => {
    const g = seatedGroups(demoGroups(), [{ agent: '30000', extension: '1001' }, { agent: '30001', extension: '1004' }], new Map([['30001', [{ group: 'gone', priority: 1 }]]]));
    expect(members(g, 'sales')).to.deep.equal(['1002/1']);
    expect(members(g, 'support')).to.deep.equal(['1003/1']);
    expect([...g.keys()]).to.deep.equal(['sales', 'support']);
  });

  it('given two agent IDs seated then each phone carries its own agent ID\'s groups', () => {
    const g = seatedGroups(demoGroups(), [{ agent: 'a1', extension: '1001' }, { agent: 'a2', extension: '1003' }],
      new Map([['a1', [{ group: 'support', priority: 3 }]], ['a2', [{ group: 'sales', priority: 1 }, { group: 'support', priority: 1 }]]]));
    expect(members(g, 'sales')).to.deep.equal(['1002/1', '1003/1']);
    expect(members(g, 'support')).to.deep.equal(['1004/1', '1001/3', '1003/1']);
  });
});

describe('hot-desking: login and logout decisions (issue 19)', () => {
  const states = (m: Record<string, string>) => (e: string) => m[e];
  const facts = (over: Partial<LoginFacts>): LoginFacts => ({
    agent: '20011', extension: '1003', agentRow: { enabled: true }, pinOk: true,
    phoneState: states({ '1001': 'ready', '1003': 'ready', '1004': 'logged_out' }), seating: new Seating(), ...over,
  });

  it('given a free phone whose own agent is ready then the phone is logged out first and the agent sits down', () => {
    expect(decideLogin(facts({}))).to.deep.equal({ ok: true, logOut: [{ extension: '1003', reason: 'hot-desk' }], displaced: null, left: null });
  });

  it('given a logged-out phone then nothing is logged out first', () => {
    expect(decideLogin(facts({ extension: '1004' }))).to.deep.equal({ ok: true, logOut: [], displaced: null, left: null });
  });

  it('given a wrong PIN or an unknown agent ID then the same message, refused; a disabled agent ID is refused', () => {
    const wrong = decideLogin(facts({ pinOk: false }));
    const unknown = decideLogin(facts({ agentRow: null, pinOk: false }));
    expect(wrong).to.deep.include({ ok: false, refusal: 'wrong-pin' });
    expect(unknown).to.deep.include({ ok: false, refusal: 'unknown-agent-id' });
    expect((wrong as { message: string }).message).to.equal((unknown as { message: string }).message);
    expect(decideLogin(facts({ agentRow: { enabled: false } }))).to.deep.include({ ok: false, refusal: 'agent-id-disabled' });
  });

  it('given a phone that is no agent, ringing or on a call then refused', () => {
    expect(decideLogin(facts({ extension: '1999' }))).to.deep.include({ refusal: 'unknown-phone' });
    expect(decideLogin(facts({ phoneState: states({ '1003': 'on_call' }) }))).to.deep.include({ refusal: 'phone-busy' });
    expect(decideLogin(facts({ phoneState: states({ '1003': 'ringing' }) }))).to.deep.include({ refusal: 'phone-busy' });
  });

  it('given the agent sits at 1001 then logging in at 1003 logs 1001 out (moved) and the agent sitting at 1003 out (displaced)', () => {
    const seating = new Seating([{ agent: '20011', extension: '1001' }, { agent: '20022', extension: '1003' }]);
    expect(decideLogin(facts({ seating }))).to.deep.equal({
      ok: true, logOut: [{ extension: '1001', reason: 'hot-desk-moved' }, { extension: '1003', reason: 'hot-desk' }], displaced: '20022', left: '1001',
    });
  });

  it('given the agent is on a call at its old phone then it cannot log in elsewhere', () => {
    const seating = new Seating([{ agent: '20011', extension: '1001' }]);
    expect(decideLogin(facts({ seating, phoneState: states({ '1001': 'on_call', '1003': 'ready' }) }))).to.deep.include({ ok: false, refusal: 'agent-busy' });
  });

  it('given the agent already sits here then nothing is logged out', () => {
    const seating = new Seating([{ agent: '20011', extension: '1003' }]);
    expect(decideLogin(facts({ seating }))).to.deep.equal({ ok: true, logOut: [], displaced: null, left: null });
  });

  it('given a logout then the seat\'s phone, or a refusal when the agent sits nowhere', () => {
    const seating = new Seating([{ agent: '20011', extension: '1003' }]);
    expect(decideLogout('20011', seating)).to.deep.equal({ ok: true, extension: '1003' });
    expect(decideLogout('20022', seating)).to.deep.include({ ok: false, refusal: 'not-seated' });
  });

  it('given state changes then only a real log-out ends a seat (the app stopping does not)', () => {
    expect(endsSeat({ to: 'logged_out', reason: 'phone' })).to.equal(true);
    expect(endsSeat({ to: 'logged_out', reason: 'no-answer' })).to.equal(true);
    expect(endsSeat({ to: 'logged_out', reason: 'app-stopped', logOnly: true })).to.equal(false);
    expect(endsSeat({ to: 'not_ready', reason: 'break' })).to.equal(false);
  });
});

describe('hot-desking: the agent ID on records and events (issue 19)', () => {
  it('given a call noted for agent 20011 at 1003 then its record keeps 20011 after the agent left; forgotten once read', () => {
    const c = new CallIdentities();
    c.note('g1', '1003', '20011');
    expect(c.of('g1', '1003')).to.equal('20011');
    expect(c.of('g1', '1004')).to.equal(undefined);
    c.forget('g1', '1003');
    expect(c.size).to.equal(0);
  });

  it('given more notes than the bound then the oldest go first', () => {
    const c = new CallIdentities(2);
    c.note('g1', '1001', 'a');
    c.note('g2', '1001', 'b');
    c.note('g3', '1001', 'c');
    expect([c.of('g1', '1001'), c.of('g2', '1001'), c.of('g3', '1001')]).to.deep.equal([undefined, 'b', 'c']);
  });

  it('given events naming a phone then agentId is added; other events and events that carry one are left alone', () => {
    const id = (ext: string, guid: string | null) => (ext === '1003' ? `20011${guid ? '@' + guid : ''}` : ext);
    expect(withAgentId({ type: 'call.ringing', guid: 'g', agent: '1003' }, id)).to.deep.equal({ type: 'call.ringing', guid: 'g', agent: '1003', agentId: '20011@g' });
    expect(withAgentId({ type: 'agent.state', agent: '1001', guid: null }, id)).to.deep.equal({ type: 'agent.state', agent: '1001', guid: null, agentId: '1001' });
    expect(withAgentId({ type: 'call.result', guid: 'g', agent: null }, id)).to.deep.equal({ type: 'call.result', guid: 'g', agent: null });
    expect(withAgentId({ type: 'queue.changed', group: 'sales' }, id)).to.deep.equal({ type: 'queue.changed', group: 'sales' });
    expect(withAgentId({ type: 'agent.state', agent: '1003', agentId: '1003', guid: null }, id)).to.deep.include({ agentId: '1003' });
  });

  it('given a PIN and its hash then the asynchronous check agrees with the hash; a wrong or malformed PIN does not match', async () => {
    const h = hashPin('4321');
    expect(await pinMatchesAsync('4321', h)).to.equal(true);
    expect(await pinMatchesAsync('4322', h)).to.equal(false);
    expect(await pinMatchesAsync('12', h)).to.equal(false);
    expect(await pinMatchesAsync('4321', 'plain$x$y')).to.equal(false);
  });
});

describe('hot-desking: wrong PINs lock the agent ID for a while (issue 19)', () => {
  it('given 5 wrong PINs within the window then the agent ID is locked until the lock time has passed; other agent IDs are not', () => {
    const a = new PinAttempts(5, 60_000, 300_000);
    for (let i = 0; i < 4; i++) expect(a.failed('20011', 1000 + i)).to.equal(false);
    expect(a.locked('20011', 2000)).to.equal(false);
    expect(a.failed('20011', 2000)).to.equal(true);
    expect(a.locked('20011', 2000 + 299_999)).to.equal(true);
    expect(a.locked('20022', 2000)).to.equal(false);
    expect(a.locked('20011', 2000 + 300_000)).to.equal(false);
  });

  it('given wrong PINs spread beyond the window, or a right PIN between, then no lock', () => {
    const a = new PinAttempts(3, 60_000, 300_000);
    expect([a.failed('x', 0), a.failed('x', 30_000), a.failed('x', 61_000)]).to.deep.equal([false, false, false]);
    a.succeeded('x');
    expect([a.failed('x', 62_000), a.failed('x', 63_000)]).to.deep.equal([false, false]);
    expect(a.locked('x', 63_000)).to.equal(false);
  });
});
