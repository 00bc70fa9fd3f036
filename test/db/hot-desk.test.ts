/**
 * Hot-desking in MySQL (issue 19) with the real AgentService and HotDeskService: a wrong PIN
 * changes nothing; a login seats the agent ID (agent_seats), logs the phone's own agent out and
 * the phone in, with both IDs in agent_state_log; the seated agent's groups are in force; the
 * call record gets the agent ID; a move, a restart (seats kept), a logout and a disabled agent ID.
 * Own database callcenter_test_hotdesk.
 */
import { expect } from 'chai';
import type { RowDataPacket } from 'mysql2/promise';
import { AgentService } from '../../src/agents/agent-service';
import type { CallRecord } from '../../src/domain/call-record';
import { saveCallRecord } from '../../src/db/call-record-repository';
import type { Pool } from '../../src/db/pool';
import type { CtiEventBody } from '../../src/events/cti-events';
import { HotDeskService } from '../../src/hotdesk/hot-desk-service';
import { hashPin } from '../../src/hotdesk/pin';
import type { LiveSnapshot } from '../../src/sync/live-config';
import { reportVariables } from '../../src/reports/catalog';
import { runReport } from '../../src/reports/run-report';
import { dbTestConfig, freshDatabase, quietLog } from './db-harness';

const ACCOUNTS = ['1001', '1002', '1003'].map((extension) => ({ extension, enabled: true, autoReady: true }));

describe('hot-desking in MySQL (issue 19)', function () {
  this.timeout(60000);
  let pool: Pool;
  let agents: AgentService;
  let hotDesk: HotDeskService;
  const events: CtiEventBody[] = [];
  const start = async () => {
    let hd: HotDeskService | null = null;
    agents = new AgentService({ pool, log: quietLog, cancelOffer: () => {}, identity: (e) => hd?.identity(e) ?? e });
    hd = hotDesk = new HotDeskService({ pool, agents, log: quietLog, publish: (e) => events.push(e) });
    await hotDesk.start();
    await agents.load(ACCOUNTS);
  };
  const settle = async () => {
    await agents.flush();
    await hotDesk.flush();
  };
  const rows = async (sql: string, args: unknown[] = []) => (await pool.query<RowDataPacket[]>(sql, args))[0].map((r) => ({ ...r }));
  const history = (ext: string) => rows('SELECT agent_id, from_state, to_state, reason FROM agent_state_log WHERE extension = ? ORDER BY id', [ext])
    .then((rs) => rs.map((r) => `${r.agent_id} ${r.from_state}>${r.to_state}${r.reason ? ` (${r.reason})` : ''}`));
  const groups = { sales: { name: 'sales', members: [{ extension: '1001', priority: 1 }] }, support: { name: 'support', members: [{ extension: '1003', priority: 1 }] } };
  const snapshot = { groups: new Map(Object.entries(groups)) } as unknown as LiveSnapshot;
  const membersOf = (s: LiveSnapshot, g: string) => s.groups.get(g)!.members.map((m) => m.extension);

  before(async () => {
    pool = await freshDatabase(dbTestConfig('callcenter_test_hotdesk'));
    await pool.query("INSERT INTO sip_accounts (extension, password) VALUES ('1001', 'secret1001'), ('1002', 'secret1002'), ('1003', 'secret1003')");
    await pool.query("INSERT INTO agent_groups (name) VALUES ('sales'), ('support')");
    await pool.query('INSERT INTO agent_ids (agent_id, name, pin_hash) VALUES (?, ?, ?), (?, ?, ?)', ['20011', 'Li Lei', hashPin('4321'), '20022', 'Han Meimei', hashPin('9876')]);
    await pool.query("INSERT INTO agent_id_groups (agent_id, group_name, priority) VALUES ('20011', 'sales', 2)");
    await start();
  });
  after(async () => {
    hotDesk?.stop();
    await pool?.end();
  });

  it('given a wrong PIN or an unknown agent ID then refused and nothing changes', async () => {
    await settle();
    const before = await history('1003');
    expect(await hotDesk.login('20011', '1111', '1003', 'phone')).to.deep.include({ ok: false, refusal: 'wrong-pin' });
    expect(await hotDesk.login('99999', '4321', '1003', 'phone')).to.deep.include({ ok: false, refusal: 'unknown-agent-id' });
    await settle();
    expect(await history('1003')).to.deep.equal(before);
    expect(await rows('SELECT * FROM agent_seats')).to.deep.equal([]);
    expect(agents.get('1003')!.name).to.equal('ready');
    expect(hotDesk.overlay(snapshot)).to.equal(snapshot);
  });

  it('given 20011 logs in at 1003 then it is seated, the phone\'s own agent is logged out and the phone is ready for 20011 in sales', async () => {
    expect(await hotDesk.login('20011', '4321', '1003', 'phone')).to.deep.equal({ ok: true, agentId: '20011', extension: '1003', displaced: null, left: null });
    await settle();
    expect(await rows('SELECT agent_id, extension, seated_by FROM agent_seats')).to.deep.equal([{ agent_id: '20011', extension: '1003', seated_by: 'phone' }]);
    expect((await history('1003')).slice(-2)).to.deep.equal(['1003 ready>logged_out (hot-desk)', '20011 logged_out>ready']);
    expect(agents.get('1003')!.name).to.equal('ready');
    const s = hotDesk.overlay(snapshot);
    expect(membersOf(s, 'sales')).to.deep.equal(['1001', '1003']);
    expect(membersOf(s, 'support')).to.deep.equal([]);
    expect(events.filter((e) => e.type === 'agent.seat')).to.deep.equal([{ type: 'agent.seat', agentId: '20011', extension: '1003', action: 'login', displaced: null, left: null, by: 'phone' }]);
  });

  it('given a call rang and was answered at 1003 then its record carries agent 1003 and agent ID 20011; a phone nobody sits at is its own agent', async () => {
    agents.apply('1003', { type: 'offer', guid: 'guid-hd-1' });
    agents.apply('1003', { type: 'offer-answered', guid: 'guid-hd-1' });
    agents.apply('1003', { type: 'call-ended', guid: 'guid-hd-1', wrapUpMs: 0 });
    const rec = (guid: string, agent: string): CallRecord => ({
      guid, direction: 'inbound', caller: '13800138000', callee: '02566668888', flow: 'main', group: 'sales', agent, status: 9,
      startedAt: new Date().toISOString(), queuedAt: null, answeredAt: new Date().toISOString(), endedAt: new Date().toISOString(), ringSec: 0, waitSec: 0, talkSec: 1,
      hangupBy: 'caller', endReason: 'normal', surveyScore: null, recording: null,
    });
    await saveCallRecord(pool, hotDesk.enrichRecord(rec('guid-hd-1', '1003')));
    await saveCallRecord(pool, hotDesk.enrichRecord(rec('guid-hd-2', '1001')));
    expect(await rows("SELECT guid, agent, agent_id FROM call_records WHERE guid LIKE 'guid-hd-%' ORDER BY guid")).to.deep.equal([
      { guid: 'guid-hd-1', agent: '1003', agent_id: '20011' }, { guid: 'guid-hd-2', agent: '1001', agent_id: '1001' },
    ]);
  });

  it('given 20011 logs in at 1002 then it leaves 1003 (logged out), 1002\'s own agent is logged out and 1002 is ready for 20011', async () => {
    expect(await hotDesk.login('20011', '4321', '1002', 'api:super')).to.deep.equal({ ok: true, agentId: '20011', extension: '1002', displaced: null, left: '1003' });
    await settle();
    expect(agents.get('1003')!.name).to.equal('logged_out');
    expect((await history('1003')).slice(-1)).to.deep.equal(['20011 ready>logged_out (hot-desk-moved)']);
    expect((await history('1002')).slice(-2)).to.deep.equal(['1002 ready>logged_out (hot-desk)', '20011 logged_out>ready']);
    expect(await rows('SELECT agent_id, extension, seated_by FROM agent_seats')).to.deep.equal([{ agent_id: '20011', extension: '1002', seated_by: 'api:super' }]);
  });

  it('given another agent ID logs in at the occupied phone then 20011 is displaced (logged out, seat gone)', async () => {
    expect(await hotDesk.login('20022', '9876', '1002', 'phone')).to.deep.include({ ok: true, displaced: '20011' });
    await settle();
    expect((await history('1002')).slice(-2)).to.deep.equal(['20011 ready>logged_out (hot-desk)', '20022 logged_out>ready']);
    expect(await rows('SELECT agent_id, extension FROM agent_seats')).to.deep.equal([{ agent_id: '20022', extension: '1002' }]);
    // 20022 has no groups: phone 1002 is in none while it sits there.
    expect(membersOf(hotDesk.overlay(snapshot), 'sales')).to.deep.equal(['1001']);
  });

  it('given the app restarts then the seat comes back from MySQL and the phone stays logged in for 20022', async () => {
    hotDesk.stop();
    agents.stop();
    await start();
    expect(hotDesk.seats().map((s) => [s.agentId, s.extension, s.state])).to.deep.equal([['20022', '1002', 'ready']]);
    expect(hotDesk.identity('1002')).to.equal('20022');
  });

  it('given the agent ID is disabled then it is logged out at the next reload; a logout of an agent sitting nowhere is refused', async () => {
    await pool.query("UPDATE agent_ids SET enabled = 0 WHERE agent_id = '20022'");
    await hotDesk.refresh();
    await settle();
    expect(agents.get('1002')!.name).to.equal('logged_out');
    expect((await history('1002')).slice(-1)).to.deep.equal(['20022 ready>logged_out (agent-id-removed)']);
    expect(await rows('SELECT * FROM agent_seats')).to.deep.equal([]);
    expect(await hotDesk.logout('20022', 'phone')).to.deep.include({ ok: false, refusal: 'not-seated' });
    expect(await hotDesk.login('20022', '9876', '1001', 'phone')).to.deep.include({ ok: false, refusal: 'agent-id-disabled' });
  });

  it('given 20011 logs out while on a call then the logout waits for the end of the call, then the seat ends', async () => {
    await hotDesk.login('20011', '4321', '1001', 'phone');
    agents.apply('1001', { type: 'offer', guid: 'guid-hd-3' });
    agents.apply('1001', { type: 'offer-answered', guid: 'guid-hd-3' });
    expect(await hotDesk.logout('20011', 'api:super')).to.deep.include({ ok: true, pending: true });
    expect(hotDesk.identity('1001')).to.equal('20011');
    agents.apply('1001', { type: 'call-ended', guid: 'guid-hd-3', wrapUpMs: 0 });
    await settle();
    expect(agents.get('1001')!.name).to.equal('logged_out');
    expect(hotDesk.identity('1001')).to.equal('1001');
    expect(await rows('SELECT * FROM agent_seats')).to.deep.equal([]);
    expect((await history('1001')).slice(-1)).to.deep.equal(['20011 on_call>logged_out (hot-desk-logout)']);
  });

  it('given the day so far then the agent-ids report lists 20011 at each phone it used with its logins and answered calls; the agent filter takes an agent ID', async () => {
    await settle();
    const day = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    const today = new Date();
    const tomorrow = new Date(today.getTime() + 86400000);
    const v = reportVariables({ from: day(today), to: day(tomorrow), interval: 'all', slSec: 20, agent: '20011' });
    const { rows: got } = await runReport(pool, 'agent-ids', v);
    const seen = got.map((r: Record<string, unknown>) => `${r.agent_id}@${r.extension} logins ${r.logins} answered ${r.answered}`);
    expect(seen).to.deep.equal(['20011@1001 logins 1 answered 0', '20011@1002 logins 1 answered 0', '20011@1003 logins 1 answered 1']);
    expect(got.every((r: Record<string, unknown>) => Number(r.logged_in_sec) >= 0)).to.equal(true);
  });

  it('given five wrong PINs then even the right PIN is refused for a while; a supervisor still seats the agent ID without one', async () => {
    for (let i = 0; i < 5; i++) expect(await hotDesk.login('20011', '0000', '1003', 'phone')).to.deep.include({ ok: false });
    expect(await hotDesk.login('20011', '4321', '1003', 'phone')).to.deep.include({ ok: false, refusal: 'pin-locked' });
    expect(hotDesk.identity('1003')).to.equal('1003');
    expect(await hotDesk.login('20011', null, '1003', 'api:super')).to.deep.include({ ok: true, extension: '1003' });
  });
});
