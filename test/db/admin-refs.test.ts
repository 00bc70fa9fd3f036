/**
 * Issue 19, referential rules of the admin API: every foreign key into a table the admin API
 * edits must be covered by the entity's description (src/admin/entities.ts), so a future table
 * pointing at a group, an account or a trunk cannot be forgotten: a child list of the entity
 * (members), a `usedBy` query naming the key in `refs` (409 naming the user), or `owned` rows
 * that go with the row (ON DELETE CASCADE). Then the 409s this adds: a group used by a campaign,
 * a trunk used by a DAHDI span or port. Own database (callcenter_test_admin_refs).
 */
import { expect } from 'chai';
import type { Server } from 'node:http';
import type { RowDataPacket } from 'mysql2/promise';
import type { Pool } from '../../src/db/pool';
import { AdminStore } from '../../src/admin/admin-store';
import { ENTITIES, FLOWS } from '../../src/admin/entities';
import { allAdminRoutes } from '../../src/api/admin-flow-routes';
import { apiServer, basic, dbTestConfig, DB_TEST_USERS, freshDatabase } from './db-harness';

const DB = 'callcenter_test_admin_refs';
const admin = basic(DB_TEST_USERS.admin.name, DB_TEST_USERS.admin.password);
const FEATURES = { login: '*11', ready: '*12', notReady: '*13', logout: '*14', pickup: '*8' } as never;
const ALL = [...ENTITIES, FLOWS];

interface ForeignKey { table: string; column: string; referenced: string; onDelete: string }

describe('admin API referential rules: every foreign key into an admin entity is covered (issue 19)', function () {
  this.timeout(30000);
  let pool: Pool;
  let server: Server;
  let base: string;

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}/api/v1/admin/${path}`, {
      method, headers: { ...admin, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() as any };
  };
  const rows = async (sql: string) => (await pool.query<RowDataPacket[]>(sql))[0];

  before(async () => {
    pool = await freshDatabase(dbTestConfig(DB));
    ({ server, base } = await apiServer(allAdminRoutes(pool, new AdminStore(pool), FEATURES)));
  });
  after(async () => {
    server?.close();
    await pool?.end();
  });

  it('given the schema built by every migration then each foreign key into an admin table is a child list, a usedBy ref or owned (cascading)', async () => {
    const fks = (await rows(`SELECT k.TABLE_NAME AS t, k.COLUMN_NAME AS c, k.REFERENCED_TABLE_NAME AS r, rc.DELETE_RULE AS d
      FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS rc
        ON rc.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND rc.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND rc.TABLE_NAME = k.TABLE_NAME
      WHERE k.TABLE_SCHEMA = '${DB}' AND k.REFERENCED_TABLE_NAME IS NOT NULL ORDER BY k.TABLE_NAME, k.COLUMN_NAME`))
      .map((r): ForeignKey => ({ table: r.t, column: r.c, referenced: r.r, onDelete: r.d }));
    const adminTables = new Set(ALL.map((e) => e.table));
    const into = fks.filter((fk) => adminTables.has(fk.referenced));
    expect(into.length, 'foreign keys into admin tables found').to.be.greaterThan(10);
    const problems: string[] = [];
    for (const fk of into) {
      const ref = `${fk.table}.${fk.column}`;
      const owners = ALL.filter((e) => e.table === fk.referenced);
      const covered = owners.some((e) => (e.children ?? []).some((c) => c.table === fk.table && c.parentColumn === fk.column)
        || (e.usedBy ?? []).some((u) => u.refs?.includes(ref)));
      const owned = owners.some((e) => e.owned?.includes(ref));
      if (owned && fk.onDelete !== 'CASCADE') problems.push(`${ref} -> ${fk.referenced}: declared owned but ON DELETE ${fk.onDelete} (a delete would fail)`);
      if (!covered && !owned) {
        problems.push(`${ref} -> ${fk.referenced} (ON DELETE ${fk.onDelete}): declare it in src/admin/entities.ts, as a usedBy query with refs ['${ref}'] (409 naming the user) or in owned (rows that go with it)`);
      }
    }
    // A ref naming a key that does not exist is a typo: it would cover nothing.
    const known = new Set(fks.map((fk) => `${fk.table}.${fk.column}`));
    for (const e of ALL) for (const ref of [...(e.usedBy ?? []).flatMap((u) => u.refs ?? []), ...(e.owned ?? [])]) {
      if (!known.has(ref)) problems.push(`${e.name}: ${ref} is not a foreign key of the schema`);
    }
    expect(problems, problems.join('\n')).to.deep.equal([]);
  });

  it('given every usedBy query then it runs on the schema (a renamed column fails here, not on a delete)', async () => {
    for (const e of ALL) for (const u of e.usedBy ?? []) {
      const [r] = await pool.query<RowDataPacket[]>(u.sql, u.params('1'));
      expect(r, `${e.name}: ${u.sql}`).to.be.an('array');
    }
  });

  it('given a group used by a campaign then deleting it is 409 naming the campaign and nothing changes; without the campaign it goes', async () => {
    expect((await call('POST', 'groups', { name: 'outbound', display_name: 'Outbound' })).status).to.equal(201);
    await pool.query("INSERT INTO campaigns (name, group_name) VALUES ('spring-sale', 'outbound')");
    const r = await call('DELETE', 'groups/outbound');
    expect(r.status).to.equal(409);
    expect(r.body.error.id).to.equal('in-use');
    expect(r.body.error.details.usedBy).to.deep.equal(['campaign spring-sale (stopped)']);
    expect(await rows("SELECT name FROM agent_groups WHERE name = 'outbound'")).to.have.length(1);
    expect(await rows("SELECT * FROM admin_audit WHERE entity = 'groups' AND action = 'delete'")).to.have.length(0);
    await pool.query("DELETE FROM campaigns WHERE name = 'spring-sale'");
    expect((await call('DELETE', 'groups/outbound')).status).to.equal(200);
  });

  it('given a trunk used by a DAHDI span and an FXO port then deleting it is 409 naming both', async () => {
    expect((await call('POST', 'trunks', { name: 'pstn', technology: 'dahdi', dahdi_group: 1, host: 'dahdi', inbound_context: 'from-pstn' })).status).to.equal(201);
    await pool.query("INSERT INTO dahdi_spans (span, signalling, first_channel, trunk_name) VALUES (1, 'pri_cpe', 1, 'pstn')");
    await pool.query("INSERT INTO dahdi_ports (channel, kind, trunk_name) VALUES (40, 'fxo', 'pstn')");
    const r = await call('DELETE', 'trunks/pstn');
    expect(r.status).to.equal(409);
    expect(r.body.error.details.usedBy).to.deep.equal(['DAHDI span 1', 'DAHDI port 40 (fxo)']);
    await pool.query("DELETE FROM dahdi_ports WHERE channel = 40");
    await pool.query('DELETE FROM dahdi_spans WHERE span = 1');
    expect((await call('DELETE', 'trunks/pstn')).status).to.equal(200);
  });

  it('given an account with its own agent state and phone features then deleting it takes them along (owned)', async () => {
    expect((await call('POST', 'accounts', { extension: '2005', password: 'a-long-secret' })).status).to.equal(201);
    await pool.query("INSERT INTO agent_status (extension, state, since) VALUES ('2005', 'ready', NOW(3))");
    expect((await call('DELETE', 'accounts/2005')).status).to.equal(200);
    expect(await rows("SELECT * FROM agent_status WHERE extension = '2005'")).to.have.length(0);
  });
});
