/**
 * Agent state changes written in batches (the durable writer's saveMany): one transaction for
 * many changes, the last change of an agent is its state, a replayed change is not logged twice.
 */
import { expect } from 'chai';
import type { RowDataPacket } from 'mysql2/promise';
import { saveAgentChanges, type AgentChange } from '../../src/db/agent-repository';
import type { Pool } from '../../src/db/pool';
import { dbTestConfig, freshDatabase } from './db-harness';

describe('agent state changes in batches', function () {
  this.timeout(60000);
  let pool: Pool;
  const change = (agent: string, from: string, to: string, n: number): AgentChange =>
    ({ agent, from, to, reason: null, callGuid: null, at: new Date(Date.UTC(2026, 11, 7, 9, 0, n)), key: `${agent}-${n}` });

  before(async () => {
    pool = await freshDatabase(dbTestConfig('callcenter_test_agent_batches'));
    await pool.query("INSERT INTO sip_accounts (extension, password) VALUES ('1001', 'secret1001'), ('1002', 'secret1002'), ('1003', 'secret1003')");
  });
  after(async () => {
    await pool?.end();
  });

  it('given several changes of two agents in one batch then every change is logged once and each agent ends in its last state', async () => {
    const batch = [change('1001', 'ready', 'ringing', 1), change('1002', 'ready', 'not_ready', 2), change('1001', 'ringing', 'on_call', 3), change('1001', 'on_call', 'wrap_up', 4)];
    await saveAgentChanges(pool, batch);
    await saveAgentChanges(pool, batch); // a replay after an unacknowledged commit
    const [log] = await pool.query<RowDataPacket[]>('SELECT extension, to_state FROM agent_state_log ORDER BY at');
    expect(log.map((r) => `${r.extension}:${r.to_state}`)).to.deep.equal(['1001:ringing', '1002:not_ready', '1001:on_call', '1001:wrap_up']);
    const [status] = await pool.query<RowDataPacket[]>('SELECT extension, state FROM agent_status ORDER BY extension');
    expect(status.map((r) => `${r.extension}:${r.state}`)).to.deep.equal(['1001:wrap_up', '1002:not_ready']);
  });

  it('given a batch with a bad row then nothing of the batch is written', async () => {
    const [before] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM agent_state_log');
    const bad = { ...change('1003', 'ready', 'on_call', 9), agent: 'x'.repeat(200) };
    let failed = false;
    await saveAgentChanges(pool, [change('1003', 'ready', 'ringing', 8), bad]).catch(() => { failed = true; });
    expect(failed, 'the batch should fail').to.equal(true);
    const [after] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM agent_state_log');
    expect(after[0].n).to.equal(before[0].n);
  });
});
