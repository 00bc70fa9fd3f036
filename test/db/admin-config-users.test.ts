/**
 * Issue 19: API users and tokens of the config file on the admin API users page: listed
 * read-only with their source, never a password or token, flagged when a database user of the
 * same name exists (the file's one signs in); nothing writes them. Own database
 * (callcenter_test_admin_cfg).
 */
import { expect } from 'chai';
import type { Server } from 'node:http';
import type { Pool } from '../../src/db/pool';
import { AdminStore } from '../../src/admin/admin-store';
import { allAdminRoutes } from '../../src/api/admin-flow-routes';
import { apiServer, basic, dbTestConfig, DB_TEST_USERS, freshDatabase } from './db-harness';

const DB = 'callcenter_test_admin_cfg';
const admin = basic(DB_TEST_USERS.admin.name, DB_TEST_USERS.admin.password);
const FEATURES = { login: '*11', ready: '*12', notReady: '*13', logout: '*14', pickup: '*8' } as never;
const FILE = {
  file: '/srv/callcenter/var/callcenter.json',
  users: [{ name: 'wallboard', password: 'the-file-password', role: 'supervisor' }, { name: 'ops', password: 'another-file-password', role: 'admin' }],
  tokens: [{ name: 'crm', token: 'a-token-of-the-config-file-0123456789', role: 'crm' }],
};

describe('admin API: API users of the config file, read-only (issue 19)', function () {
  this.timeout(30000);
  let pool: Pool;
  let server: Server;
  let base: string;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}/api/v1/admin/${path}`, { method, headers: { ...admin, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return { status: res.status, text: await res.text() };
  };

  before(async () => {
    pool = await freshDatabase(dbTestConfig(DB));
    ({ server, base } = await apiServer(allAdminRoutes(pool, new AdminStore(pool), FEATURES, FILE)));
  });
  after(async () => {
    server?.close();
    await pool?.end();
  });

  it('given users and a token in the config file then they are listed with their source and role, no secret; a database user of the same name is flagged', async () => {
    expect((await call('POST', 'api-users', { name: 'wallboard', password: 'a-database-password', role: 'supervisor' })).status).to.equal(201);
    const r = await call('GET', 'config-users');
    expect(r.status).to.equal(200);
    const body = JSON.parse(r.text);
    expect(body.file).to.equal(FILE.file);
    expect(body.items).to.deep.equal([
      { name: 'wallboard', role: 'supervisor', kind: 'user', source: FILE.file, readOnly: true, shadowsDatabaseUser: true },
      { name: 'ops', role: 'admin', kind: 'user', source: FILE.file, readOnly: true, shadowsDatabaseUser: false },
      { name: 'crm', role: 'crm', kind: 'token', source: FILE.file, readOnly: true, shadowsDatabaseUser: false },
    ]);
    expect(r.text).not.to.contain('the-file-password').and.not.to.contain('a-token-of-the-config-file');
  });

  it('given a write to the config users then there is no such route (the app never writes the config file)', async () => {
    for (const m of ['POST', 'PUT', 'DELETE']) expect((await call(m, m === 'POST' ? 'config-users' : 'config-users/ops', { role: 'crm' })).status, m).to.be.oneOf([404, 405]);
  });
});
