/**
 * Issue 20 PBX basics in MySQL: account_features read back as written (idempotent writes, the
 * table's checks, removed with its account) and agent_groups.strategy as the app loads it.
 * Own database callcenter_test_phone_features.
 */
import { expect } from 'chai';
import type { Pool } from '../../src/db/pool';
import { loadPhoneFeatures, savePhoneFeatures } from '../../src/db/phone-feature-repository';
import { loadTelephonyData } from '../../src/db/telephony-repository';
import { DEFAULT_PHONE_FEATURES } from '../../src/phone-features/phone-features';
import { dbTestConfig, freshDatabase } from './db-harness';

const DB = 'callcenter_test_phone_features';

describe('phone features and group strategy in MySQL (issue 20)', function () {
  this.timeout(30000);
  let pool: Pool;

  before(async () => {
    pool = await freshDatabase(dbTestConfig(DB));
    await pool.query("INSERT INTO sip_accounts (extension, password, display_name) VALUES ('1001', 'a-long-secret-1', ''), ('1002', 'a-long-secret-2', '')");
  });
  after(async () => {
    await pool?.end();
  });

  it('given settings saved twice then the last ones are read back; an account without a row is absent (defaults)', async () => {
    await savePhoneFeatures(pool, '1001', { ...DEFAULT_PHONE_FEATURES, forwardAll: '1002', dnd: true });
    const last = { dnd: false, callWaiting: false, forwardAll: null, forwardBusy: '600', forwardNoAnswer: '9057188888888', noAnswerSec: 7 };
    await savePhoneFeatures(pool, '1001', last);
    const saved = await loadPhoneFeatures(pool);
    expect([...saved.keys()]).to.deep.equal(['1001']);
    expect(saved.get('1001')).to.deep.equal(last);
  });

  it('given a forward that is not digits or a ring time out of range then MySQL refuses it', async () => {
    let refused = 0;
    for (const f of [{ ...DEFAULT_PHONE_FEATURES, forwardAll: '12a' }, { ...DEFAULT_PHONE_FEATURES, noAnswerSec: 3 }]) {
      await savePhoneFeatures(pool, '1002', f).catch(() => refused++);
    }
    expect(refused).to.equal(2);
  });

  it('given an account removed then its settings go with it', async () => {
    await savePhoneFeatures(pool, '1002', { ...DEFAULT_PHONE_FEATURES, dnd: true });
    await pool.query("DELETE FROM sip_accounts WHERE extension = '1002'");
    expect((await loadPhoneFeatures(pool)).has('1002')).to.equal(false);
  });

  it('given groups then their strategy defaults to acd and ring-all is read as such', async () => {
    await pool.query("INSERT INTO agent_groups (name, number) VALUES ('sales', '600'), ('support', '601')");
    await pool.query("UPDATE agent_groups SET strategy = 'ring-all' WHERE name = 'support'");
    const groups = (await loadTelephonyData(pool)).groups;
    expect(groups.map((g) => [g.name, g.strategy])).to.deep.equal([['sales', 'acd'], ['support', 'ring-all']]);
    const bad = await pool.query("UPDATE agent_groups SET strategy = 'round-robin' WHERE name = 'sales'").then(() => 'accepted', () => 'refused');
    expect(bad).to.equal('refused');
  });
});
