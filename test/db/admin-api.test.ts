/**
 * Issue 19 admin API over HTTP against its own database (callcenter_test_admin): create, update,
 * delete of every entity with valid and invalid input (nothing changed on 400), referential
 * 409s, audit rows, flow versions (publish, diff, roll back, draft check), route explain on a
 * draft, customers CSV. The live effect on calls is in test/integration/admin-live.test.ts.
 */
import { expect } from 'chai';
import type { Server } from 'node:http';
import type { RowDataPacket } from 'mysql2/promise';
import type { Pool } from '../../src/db/pool';
import { AdminStore } from '../../src/admin/admin-store';
import { allAdminRoutes } from '../../src/api/admin-flow-routes';
import { ApiAccounts, hashPassword, verifyPassword } from '../../src/admin/api-accounts';
import { quietLog } from './db-harness';
import { apiServer, basic, dbTestConfig, DB_TEST_USERS, freshDatabase } from './db-harness';

const DB = 'callcenter_test_admin';
const admin = basic(DB_TEST_USERS.admin.name, DB_TEST_USERS.admin.password);
const FEATURES = { login: '*11', ready: '*12', notReady: '*13', logout: '*14', pickup: '*8' } as never;

describe('admin API (issue 19)', function () {
  this.timeout(30000);
  let pool: Pool;
  let server: Server;
  let base: string;
  let commits = 0;

  const call = async (method: string, path: string, body?: unknown, headers = admin) => {
    const res = await fetch(`${base}/api/v1/admin/${path}`, {
      method, headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: any = text;
    try { json = JSON.parse(text); } catch { /* CSV */ }
    return { status: res.status, body: json };
  };
  const count = async (table: string) => Number((await pool.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${table}`))[0][0].n);
  const version = async () => Number((await pool.query<RowDataPacket[]>("SELECT version FROM config_version WHERE name = 'config'"))[0][0].version);
  /** The database as a whole, to prove a refused write changed nothing. */
  const snapshot = async () => {
    const out: Record<string, unknown> = {};
    for (const t of ['sip_accounts', 'agent_groups', 'group_members', 'trunks', 'trunk_groups', 'trunk_group_members', 'dial_rules', 'number_transforms', 'flows', 'flow_versions', 'customers', 'whitelist', 'admin_audit']) {
      out[t] = (await pool.query<RowDataPacket[]>(`SELECT * FROM ${t}`))[0];
    }
    return { tables: out, version: await version() };
  };

  before(async () => {
    pool = await freshDatabase(dbTestConfig(DB));
    ({ server, base } = await apiServer(allAdminRoutes(pool, new AdminStore(pool, () => { commits++; }), FEATURES)));
  });
  after(async () => {
    server?.close();
    await pool?.end();
  });

  it('given no admin role then every admin route is refused with 403', async () => {
    const sup = basic(DB_TEST_USERS.supervisor.name, DB_TEST_USERS.supervisor.password);
    expect((await call('GET', 'accounts', undefined, sup)).status).to.equal(403);
    expect((await call('POST', 'accounts', { extension: '2001' }, sup)).status).to.equal(403);
  });

  it('given a valid account then it is created (201), the password never shown, the config version bumped and an audit row written', async () => {
    const v = await version();
    const r = await call('POST', 'accounts', { extension: '2001', password: 'a-long-secret', display_name: 'Agent 2001', call_class: 'local' });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    expect(r.body).to.include({ extension: '2001', password: '(set)', display_name: 'Agent 2001', call_class: 'local', enabled: true });
    expect(await version()).to.be.greaterThan(v);
    expect(commits).to.be.greaterThan(0);
    const audit = await call('GET', 'audit?entity=accounts&key=2001');
    expect(audit.body.items[0]).to.deep.include({ actor: 'admin', action: 'create', entity: 'accounts', key: '2001', before: null });
    expect(audit.body.items[0].after.password).to.equal('(set)');
    expect(JSON.stringify(audit.body)).not.to.contain('a-long-secret');
  });

  it('given an invalid account then 400 lists every problem and nothing changes', async () => {
    const before = await snapshot();
    const r = await call('POST', 'accounts', { extension: '20x1', password: 'short', codecs: 'ulaw,foo', call_class: 'galactic', colour: 'red' });
    expect(r.status).to.equal(400);
    const problems: string[] = r.body.error.details.problems;
    for (const f of ['extension', 'password', 'codecs', 'call_class']) expect(problems.some((p) => p.startsWith(f)), `${f} in ${problems}`).to.equal(true);
    expect(problems.join()).to.contain('colour');
    expect(await snapshot()).to.deep.equal(before);
  });

  it('given an account created twice then 409, and a missing one 404', async () => {
    expect((await call('POST', 'accounts', { extension: '2001', password: 'another-secret' })).status).to.equal(409);
    expect((await call('GET', 'accounts/2999')).status).to.equal(404);
    expect((await call('PUT', 'accounts/2999', { enabled: false })).status).to.equal(404);
  });

  it('given an update then only the fields given change, audited with before and after; list pages and filters', async () => {
    await call('POST', 'accounts', { extension: '2002', password: 'another-secret', dial_context: 'agents' });
    const r = await call('PUT', 'accounts/2001', { enabled: false, max_outbound_calls: 2 });
    expect(r.status).to.equal(200);
    expect(r.body).to.include({ enabled: false, max_outbound_calls: 2, display_name: 'Agent 2001' });
    const audit = await call('GET', 'audit?entity=accounts&key=2001&limit=1');
    expect(audit.body.items[0]).to.deep.include({ action: 'update' });
    expect(audit.body.items[0].before.enabled).to.equal(true);
    expect(audit.body.items[0].after.enabled).to.equal(false);
    const page = await call('GET', 'accounts?limit=1&offset=1');
    expect(page.body).to.include({ total: 2, limit: 1, offset: 1 });
    expect(page.body.items.map((a: { extension: string }) => a.extension)).to.deep.equal(['2002']);
    expect((await call('GET', 'accounts?enabled=false')).body.items.map((a: { extension: string }) => a.extension)).to.deep.equal(['2001']);
    expect((await call('GET', 'accounts?q=Agent')).body.total).to.equal(1);
  });

  it('given a password reset then a new password is shown once and the account takes it', async () => {
    const r = await call('POST', 'accounts/2002/reset-password', {});
    expect(r.status).to.equal(200);
    expect(r.body.password).to.match(/^[a-z2-9]{16}$/);
    const [[row]] = await pool.query<RowDataPacket[]>("SELECT password FROM sip_accounts WHERE extension = '2002'");
    expect(row.password).to.equal(r.body.password);
  });

  it('given a group with members then the members are kept in priority order; an unknown member is a 400 and changes nothing', async () => {
    const r = await call('POST', 'groups', { name: 'hotline', display_name: 'Hotline', ring_timeout_sec: 20, members: [{ extension: '2002', priority: 2 }, { extension: '2001', priority: 1 }] });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    expect(r.body.members).to.deep.equal([{ extension: '2001', priority: 1 }, { extension: '2002', priority: 2 }]);
    const before = await snapshot();
    const bad = await call('PUT', 'groups/hotline', { members: [{ extension: '9999' }], ring_timeout_sec: 1 });
    expect(bad.status).to.equal(400);
    expect(await snapshot()).to.deep.equal(before);
  });

  it('given a group naming a missing overflow flow then the whole configuration is refused (400 from the reload validators), nothing changed', async () => {
    const before = await snapshot();
    const r = await call('PUT', 'groups/hotline', { overflow_flow: 'nowhere', overflow_group: 'hotline' });
    expect(r.status).to.equal(400);
    expect(r.body.error.id).to.equal('invalid-configuration');
    expect(r.body.error.details.problems.join('\n')).to.contain('overflow_flow "nowhere"').and.to.contain('overflow_group is the group itself');
    expect(await snapshot()).to.deep.equal(before);
  });

  it('given rows in use then deleting them is 409 with what uses them; free rows go', async () => {
    const acc = await call('DELETE', 'accounts/2001');
    expect(acc.status).to.equal(409);
    expect(acc.body.error.details.usedBy).to.deep.equal(['member of group hotline']);
    const grp = await call('DELETE', 'groups/hotline');
    expect(grp.status).to.equal(409);
    expect(grp.body.error.details.usedBy).to.include.members(['member 2001', 'member 2002']);
    await call('POST', 'trunks', { name: 'carrier-x', host: '192.0.2.10', inbound_context: 'from-x' });
    await call('POST', 'trunk-groups', { name: 'out', trunks: [{ trunk_name: 'carrier-x', position: 1 }] });
    const rule = await call('POST', 'dial-rules', { context: 'agents', pattern: '_9X.', route_type: 'trunk_group', target: 'out', transforms: [{ seq: 1, op: 'delete', start_pos: 0, length: 1 }] });
    expect(rule.status, JSON.stringify(rule.body)).to.equal(201);
    expect(rule.body.transforms).to.deep.equal([{ seq: 1, op: 'delete', start_pos: 0, length: 1, text: '' }]);
    const trunk = await call('DELETE', 'trunks/carrier-x');
    expect(trunk.status).to.equal(409);
    expect(trunk.body.error.details.usedBy).to.deep.equal(['member of trunk group out']);
    const tg = await call('DELETE', 'trunk-groups/out');
    expect(tg.status).to.equal(409);
    expect(tg.body.error.details.usedBy[0]).to.match(/^dial rule \d+ \(agents _9X\.\)$/);
    expect((await call('DELETE', `dial-rules/${rule.body.id}`)).status).to.equal(200);
    expect((await call('DELETE', 'trunk-groups/out')).status).to.equal(200);
    expect((await call('DELETE', 'trunks/carrier-x')).status).to.equal(200);
    expect(await count('number_transforms')).to.equal(0);
    const audit = await call('GET', 'audit?entity=trunks&key=carrier-x');
    expect(audit.body.items.map((i: { action: string }) => i.action)).to.deep.equal(['delete', 'create']);
  });

  it('given a dial rule to a missing group or with a bad pattern then 400 with both problems and nothing changes', async () => {
    const before = await snapshot();
    const r = await call('POST', 'dial-rules', { context: 'agents', pattern: '_8[X.', route_type: 'group', target: 'nobody' });
    expect(r.status).to.equal(400);
    const all = await call('POST', 'dial-rules', { context: 'agents', pattern: '_8X.', route_type: 'group', target: 'nobody' });
    expect(all.status).to.equal(400);
    expect(all.body.error.details.problems.join()).to.contain('nobody');
    expect(await snapshot()).to.deep.equal(before);
  });

  it('given a flow then publish keeps every version, diff shows the nodes, roll back publishes the old one again, and a bad draft names its nodes', async () => {
    const v1 = { start: 'q', nodes: { q: { type: 'queue', group: 'hotline' } } };
    const c = await call('POST', 'flows', { name: 'support', description: 'Support line', definition: v1, layout: { q: { x: 10, y: 20 } } });
    expect(c.status, JSON.stringify(c.body)).to.equal(201);
    expect(c.body).to.deep.include({ name: 'support', version: 1, definition: v1, layout: { q: { x: 10, y: 20 } } });
    const v2 = { start: 'hello', nodes: { hello: { type: 'play', prompts: ['hello-world'], next: 'q' }, q: { type: 'queue', group: 'hotline' } } };
    const p = await call('PUT', 'flows/support', { definition: v2, note: 'greeting' });
    expect(p.body.version).to.equal(2);
    const diff = await call('GET', 'flows/support/diff?from=1&to=2');
    expect(diff.body).to.deep.include({ changed: true, added: ['hello'], removed: [] });
    expect(diff.body.fields).to.deep.equal([{ field: 'start', before: 'q', after: 'hello' }]);
    const rb = await call('POST', 'flows/support/rollback', { version: 1 });
    expect(rb.body).to.deep.include({ version: 3, definition: v1 });
    const versions = await call('GET', 'flows/support/versions');
    expect(versions.body.items.map((v: { version: number; note: string }) => [v.version, v.note])).to.deep.equal([[3, 'roll back to version 1'], [2, 'greeting'], [1, '']]);
    const before = await snapshot();
    const bad = await call('PUT', 'flows/support', { definition: { start: 'a', nodes: { a: { type: 'play', prompts: ['x'], next: 'gone' }, b: { type: 'queue', group: 'nobody' } } } });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.details.nodes.map((n: { node: string }) => n.node)).to.have.members(['a', 'b']);
    const check = await call('POST', 'flows/support/check', { definition: { start: 'a', nodes: { a: { type: 'hangup' }, b: { type: 'menu', prompts: [], options: { 12: 'a' } } } } });
    expect(check.body.valid).to.equal(false);
    expect(check.body.nodes[0].node).to.equal('b');
    expect((await call('POST', 'flows/support/check', { definition: v2 })).body).to.deep.equal({ valid: true, problems: [], nodes: [] });
    expect(await snapshot()).to.deep.equal(before);
  });

  it('given a flow used by a rule, a group or another flow then deleting it is 409 naming them', async () => {
    await call('POST', 'flows', { name: 'entry', definition: { start: 'g', nodes: { g: { type: 'goto', flow: 'support' } } } });
    await call('PUT', 'groups/hotline', { overflow_flow: 'support' });
    const r = await call('DELETE', 'flows/support');
    expect(r.status).to.equal(409);
    expect(r.body.error.details.usedBy).to.have.members(['group hotline (overflow)', 'goto in flow entry']);
    expect((await call('DELETE', 'flows/entry')).status).to.equal(200);
  });

  it('given draft rules then route explain runs the engine on them before they are saved', async () => {
    await call('POST', 'dial-rules', { context: 'agents', pattern: '_2XXX', route_type: 'extension' });
    const saved = await call('POST', 'routing/explain', { number: '5000', context: 'agents' });
    expect(saved.body.outcome).to.equal('rejected');
    const draft = await call('POST', 'routing/explain', { number: '5000', context: 'agents', rules: [{ context: 'agents', pattern: '5000', route_type: 'group', target: 'hotline' }] });
    expect(draft.status, JSON.stringify(draft.body)).to.equal(200);
    expect(draft.body.outcome).to.equal('routed');
    expect(draft.body.lines.join('\n')).to.contain('hotline');
    const bad = await call('POST', 'routing/explain', { number: '5000', context: 'agents', rules: [{ context: 'agents', pattern: '5000', route_type: 'group', target: 'nobody' }] });
    expect(bad.status).to.equal(400);
    expect(await count('dial_rules')).to.equal(1);
  });

  it('given customers as CSV then they are imported (a bad line refuses the whole file) and exported', async () => {
    const bad = await call('POST', 'customers/import', { csv: 'phone,name,company\n13800000001,Li Lei,ACME\nnot-a-phone,X,\n' });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.details.problems[0]).to.match(/^line 3: phone/);
    expect(await count('customers')).to.equal(0);
    const ok = await call('POST', 'customers/import', { csv: 'phone,name,company,notes\r\n13800000001,李雷,"ACME, Inc.","says ""hi"""\r\n13800000002,Han Meimei,,\r\n' });
    expect(ok.body).to.deep.equal({ imported: 2, replaced: false });
    const csv = await call('GET', 'customers/export');
    expect(csv.body).to.equal('phone,name,company,address,contact,notes\r\n13800000001,李雷,"ACME, Inc.",,,"says ""hi"""\r\n13800000002,Han Meimei,,,,\r\n');
    const one = await call('GET', 'customers?phone=13800000002');
    expect(one.body.items[0]).to.include({ name: 'Han Meimei', company: null });
    expect((await call('PUT', `customers/${one.body.items[0].id}`, { notes: 'VIP' })).body.notes).to.equal('VIP');
    expect((await call('DELETE', `customers/${one.body.items[0].id}`)).status).to.equal(200);
  });

  it('given whitelist, fax number and timer edits then valid ones apply and invalid ones are 400', async () => {
    expect((await call('POST', 'whitelist', { pattern: '9110', description: 'police' })).status).to.equal(201);
    expect((await call('POST', 'whitelist', { pattern: '9110' })).status).to.equal(409);
    expect((await call('POST', 'whitelist', { pattern: 'abc' })).status).to.equal(400);
    expect((await call('POST', 'fax-numbers', { number: '02566669999', description: 'fax' })).status).to.equal(201);
    expect((await call('PUT', 'timers/3', { enabled: true, period_ms: 5000 })).body).to.include({ id: 3, enabled: true, period_ms: 5000 });
    expect((await call('PUT', 'timers/3', { period_ms: 5 })).status).to.equal(400);
    expect((await call('DELETE', 'timers/3')).status).to.be.oneOf([404, 405]);
  });

  it('given API users and tokens made over the admin API then their secrets are only hashes and they sign in with their role', async () => {
    expect((await call('POST', 'api-users', { name: 'wallboard', password: 'short', role: 'boss' })).body.error.details.problems).to.have.length(2);
    const u = await call('POST', 'api-users', { name: 'wallboard', password: 'a-very-long-password', role: 'supervisor' });
    expect(u.status, JSON.stringify(u.body)).to.equal(201);
    expect(u.body).to.include({ name: 'wallboard', role: 'supervisor', password_hash: '(set)', enabled: true });
    const t = await call('POST', 'api-tokens', { name: 'crm', role: 'crm' });
    expect(t.status).to.equal(201);
    expect(t.body.token).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(t.body.token_sha256).to.equal('(set)');
    expect(JSON.stringify((await call('GET', 'audit?entity=api-users')).body)).not.to.contain('a-very-long-password');
    const accounts = new ApiAccounts(pool, quietLog);
    await accounts.refresh();
    expect(accounts.user('wallboard', 'a-very-long-password')).to.equal('supervisor');
    expect(accounts.user('wallboard', 'a-very-long-password')).to.equal('supervisor');
    expect(accounts.user('wallboard', 'wrong-password-here')).to.equal(null);
    expect(accounts.token(t.body.token)).to.deep.equal({ name: 'crm', role: 'crm' });
    await call('PUT', 'api-users/wallboard', { enabled: false });
    expect((await call('DELETE', `api-tokens/${t.body.id}`)).status).to.equal(200);
    await accounts.refresh();
    expect(accounts.user('wallboard', 'a-very-long-password')).to.equal(null);
    expect(accounts.token(t.body.token)).to.equal(null);
    expect(verifyPassword('x', hashPassword('x'))).to.equal(true);
  });

  it('given business hours, holidays and a business hours route then they are kept; a period that closes before it opens and a route to a missing flow are 400', async () => {
    const h = await call('POST', 'business-hours', { weekday: 1, opens: '09:00', closes: '18:00' });
    expect(h.status, JSON.stringify(h.body)).to.equal(201);
    expect(h.body).to.include({ schedule: 'default', weekday: 1, opens: '09:00:00', closes: '18:00:00' });
    expect((await call('PUT', `business-hours/${h.body.id}`, { closes: '24:00' })).body.closes).to.equal('24:00:00');
    expect((await call('POST', 'business-hours', { weekday: 2, opens: '18:00', closes: '09:00' })).status).to.equal(400);
    expect((await call('POST', 'business-hours', { weekday: 8, opens: '9', closes: '18:00' })).body.error.details.problems).to.have.length(2);
    const d = await call('POST', 'holidays', { day: '2026-12-25', name: 'Christmas' });
    expect(d.body).to.include({ day: '2026-12-25', name: 'Christmas', schedule: 'default' });
    const rule = await call('POST', 'dial-rules', { context: 'from-carrier', pattern: '_0251', route_type: 'flow', target: 'support' });
    expect((await call('POST', 'business-hours-routes', { dial_rule_id: rule.body.id, open_flow: 'support', closed_flow: 'nowhere' })).status).to.equal(400);
    const r = await call('POST', 'business-hours-routes', { dial_rule_id: rule.body.id, open_flow: 'support', closed_flow: 'support' });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    expect((await call('DELETE', `dial-rules/${rule.body.id}`)).body.error.details.usedBy).to.deep.equal(['business hours route (schedule default)']);
    expect((await call('DELETE', `business-hours-routes/${rule.body.id}`)).status).to.equal(200);
    expect((await call('DELETE', `dial-rules/${rule.body.id}`)).status).to.equal(200);
  });

  it('the schema lists every entity with its fields for the web admin', async () => {
    const r = await call('GET', 'schema');
    expect(r.body.entities.map((e: { name: string }) => e.name)).to.include.members(['accounts', 'groups', 'trunks', 'trunk-groups', 'dial-rules', 'normalization-rules', 'whitelist', 'customers']);
    const acc = r.body.entities.find((e: { name: string }) => e.name === 'accounts');
    expect(acc.create.properties.codecs.type).to.equal('string');
    expect(acc.secret).to.deep.equal(['password']);
  });
});
