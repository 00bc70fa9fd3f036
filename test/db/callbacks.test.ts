/**
 * Issue 22: queue callbacks in MySQL: the groups' callback settings, a request written and
 * updated through its states, open ones read back (a restart puts them in their queues), and
 * today's figures per group. Own database callcenter_test_callbacks.
 */
import { expect } from 'chai';
import type { CallbackRequest } from '../../src/callbacks/callback-state';
import { callbackFiguresToday, findCallback, insertCallback, loadCallbackPolicies, openCallbacks, updateCallback } from '../../src/db/callback-repository';
import { createPool, type Pool } from '../../src/db/pool';
import { dbTestConfig, freshDatabase } from './db-harness';

const DB = 'callcenter_test_callbacks';

describe('queue callbacks in MySQL (issue 22)', function () {
  this.timeout(30000);
  let pool: Pool;
  const now = Date.now();
  const request = (id: string, patch: Partial<CallbackRequest> = {}): CallbackRequest => ({
    id, group: 'sales', number: '13800138000', originGuid: '11111111-1111-4111-8111-111111111111', agent: null, enteredAt: now - 60_000, dueAt: now - 60_000,
    state: 'waiting', attempts: 0, servingAgent: null, lastGuid: null, lastOutcome: null, ...patch,
  });

  before(async () => {
    pool = await freshDatabase(dbTestConfig(DB));
    await pool.query("INSERT INTO agent_groups (name, display_name, callback_key, callback_dial_prefix, callback_retries, callback_retry_sec) VALUES ('sales', 'Sales', '5', '9', 3, 60), ('support', 'Support', NULL, '', 2, 300)");
  });
  after(async () => {
    await pool?.end();
  });

  it('given groups with and without a key then their settings are read as policies', async () => {
    const p = await loadCallbackPolicies(pool);
    expect(p.get('sales')).to.deep.equal({ key: '5', dialPrefix: '9', retries: 3, retrySec: 60 });
    expect(p.get('support')).to.deep.equal({ key: null, dialPrefix: '', retries: 2, retrySec: 300 });
  });

  it('given a key that is not one key or a retry out of range then the database refuses it', async () => {
    for (const set of ["callback_key = '55'", "callback_key = 'a'", 'callback_retries = 11', 'callback_retry_sec = 1', "callback_dial_prefix = '9;x'"]) {
      let refused = false;
      await pool.query(`UPDATE agent_groups SET ${set} WHERE name = 'sales'`).catch(() => { refused = true; });
      expect(refused, set).to.equal(true);
    }
  });

  it('given a request written and moved through its states then it reads back to the millisecond, and only open ones are listed', async () => {
    const a = request('aaaaaaaa-0000-4000-8000-000000000001');
    await insertCallback(pool, a, 'caller 13800138000', now);
    const back = await findCallback(pool, a.id);
    expect(back).to.deep.equal(a);
    Object.assign(a, { state: 'retry-wait', attempts: 1, dueAt: now + 300_000, lastGuid: '22222222-2222-4222-8222-222222222222', lastOutcome: 'busy' });
    await updateCallback(pool, a, now + 1);
    expect(await findCallback(pool, a.id)).to.deep.equal(a);
    const b = request('aaaaaaaa-0000-4000-8000-000000000002', { originGuid: null, agent: '1001', state: 'scheduled', number: '13900000000' });
    await insertCallback(pool, b, 'supervisor', now);
    b.state = 'cancelled';
    await updateCallback(pool, b, now + 2);
    expect((await openCallbacks(pool)).map((r) => r.id)).to.deep.equal([a.id]);
  });

  it('given today\'s callbacks and call records then the figures per group are counted as documented', async () => {
    const midnight = new Date();
    midnight.setHours(0, 0, 0, 0);
    const c = createPool(dbTestConfig(DB).db);
    try {
      const rec = (guid: string, status: number, queued: boolean) => c.query(
        `INSERT INTO call_records (guid, direction, caller, callee, group_name, status, started_at, queued_at, ended_at, hangup_by, end_reason)
         VALUES (?, 'inbound', '1', '2', 'sales', ?, NOW(3), ${queued ? 'NOW(3)' : 'NULL'}, NOW(3), 'caller', 'normal')`, [guid, status]);
      await rec('cr-1', 20, true);
      await rec('cr-2', 9, true);
      await rec('cr-3', 21, true);
      await rec('cr-4', 22, true);
      await rec('cr-5', 7, false);
    } finally {
      await c.end();
    }
    const f = await callbackFiguresToday(pool, ['sales'], midnight);
    expect(f.get('sales')).to.deep.equal({ offered: 2, accepted: 1, scheduled: 1, connected: 1, failed: 0 });
  });
});
