/**
 * D3: Asterisk itself writes CDR and CEL rows of a real call into MySQL (cdr_adaptive_odbc,
 * cel_odbc over unixODBC + the MariaDB driver), under the standard column names.
 */
import { expect } from 'chai';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import { site } from './harness/site';
import { until } from './harness/wait';
import { agentState, onlyCallGuid, resetAgents } from './harness/contact-center';

const { phones } = site;
const app = () => site.product.app;
const query = async (sql: string, args: unknown[] = []) => (await app().pool.query<RowDataPacket[]>(sql, args))[0];

describe('Asterisk CDR and CEL in MySQL (D3)', () => {
  beforeEach(() => resetAgents());

  it('given 1001 calls 1003 who answers then cdr and cel hold the call, and CDR(userfield) carries the call GUID', async () => {
    const [{ since }] = await query('SELECT NOW() - INTERVAL 1 SECOND AS since');
    const caller = await phones.call('PJSIP/1003@phone-1001');
    const callee = await phones.waitForCall((c) => c.exten === '1003');
    const guid = onlyCallGuid();
    const call = app().registry.all()[0];
    const callerChannel = call.snapshot?.().callerChannel;
    expect(callerChannel, 'the caller channel of the call').to.be.a('string');
    // What the app will do for every call (see the report of the reports branch): tag the CDR with the GUID.
    await site.product.ari().channels.setChannelVar({ channelId: callerChannel!, variable: 'CDR(userfield)', value: guid });
    await phones.answer(callee.id);
    await phones.waitForAnswer(caller);
    await until('both agents on call (bridged)', 3000, () => agentState('1001') === 'on_call' && agentState('1003') === 'on_call', 20);
    await until('the bridge with both legs', 3000, async () => (await site.product.ari().bridges.list()).some((br) => br.channels.length >= 2), 50);
    await phones.hangup(caller);
    await phones.waitForEnd(callee.id);

    // One CDR per channel (Stasis bridges give no party B); the agent leg's channel id starts with the GUID (<guid>-<n>).
    const cdr = await until('the CDR rows of both legs', 10000, async () => {
      const rows = await query('SELECT * FROM cdr WHERE calldate >= ? AND linkedid = ? ORDER BY id', [since, callerChannel]);
      return rows.length >= 2 ? rows : null;
    });
    const [a, b] = [cdr.find((r) => r.uniqueid === callerChannel), cdr.find((r) => String(r.uniqueid).startsWith(`${guid}-`))];
    expect(a, 'CDR of the caller').to.include({ src: '1001', dst: '1003', userfield: guid, disposition: 'ANSWERED', lastapp: 'Stasis' });
    expect(String(a!.channel)).to.match(/^PJSIP\/1001-/);
    expect(b, 'CDR of the agent leg').to.include({ disposition: 'ANSWERED' });
    expect(String(b!.channel)).to.match(/^PJSIP\/1003-/);
    expect(a!.answerdate).to.not.equal(null);

    const events = await until('CEL up to LINKEDID_END', 10000, async () => {
      const rows = await query('SELECT eventtype, channame, uniqueid FROM cel WHERE linkedid = ? ORDER BY id', [callerChannel]);
      return rows.some((r) => r.eventtype === 'LINKEDID_END') ? rows : null;
    });
    const types = events.map((r) => r.eventtype);
    expect(types[0]).to.equal('CHAN_START');
    expect(types).to.include.members(['CHAN_START', 'ANSWER', 'BRIDGE_ENTER', 'BRIDGE_EXIT', 'HANGUP', 'CHAN_END', 'LINKEDID_END']);
    expect(events.filter((r) => r.eventtype === 'CHAN_START').map((r) => String(r.channame).replace(/-[0-9a-f]+$/, '')).sort()).to.deep.equal(['PJSIP/1001', 'PJSIP/1003']);
  });

  it('given the Asterisk account then it may insert CDR/CEL rows but not read them or touch other tables', async () => {
    const db = site.product.config.db;
    const conn = await mysql.createConnection({ host: db.host, port: db.port, user: db.asteriskUser, password: db.asteriskPassword!, database: db.database });
    try {
      await conn.query("INSERT INTO cel (eventtype, eventtime) VALUES ('USER_DEFINED', NOW())");
      for (const sql of ['SELECT * FROM cdr LIMIT 1', "INSERT INTO call_records (guid) VALUES ('x')", 'DELETE FROM cel', 'SELECT * FROM sip_accounts']) {
        let refused = false;
        await conn.query(sql).catch(() => { refused = true; });
        expect(refused, sql).to.equal(true);
      }
    } finally {
      await conn.end();
    }
  });
});
