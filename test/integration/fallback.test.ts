/**
 * Never drop a call (O2): with the Stasis app away, a real FastAGI process routes calls with
 * the same rules and writes their records; with FastAGI gone too, the static last resort rings
 * the agents; with the app back, calls go through Stasis again.
 */
import { expect } from 'chai';
import type { RowDataPacket } from 'mysql2/promise';
import { site } from './harness/site';
import { hangUpEverything } from './harness/cti';
import { until } from './harness/wait';
import { FastAgiProcess } from './harness/fastagi-process';
import { resetAgents, uniqueCaller } from './harness/contact-center';
import { createPool, type Pool } from '../../src/db/pool';

const { phones, carrierA } = site;
const DID = '02566668888';
const AGENTS = ['1001', '1002', '1003', '1004'];
const app = () => site.product.app;

describe('fallback when the Stasis app is away (FastAGI, last resort)', function () {
  this.timeout(90000);
  const agi = new FastAgiProcess();
  let pool: Pool;
  /** The newest record matching, written by the FastAGI process (the app is stopped). */
  const recordWhere = async (column: 'caller' | 'callee', value: string) => until(`a record with ${column} ${value}`, 10000, async () => {
    const [rows] = await pool.query<RowDataPacket[]>(`SELECT * FROM call_records WHERE ${column} = ? ORDER BY started_at DESC LIMIT 1`, [value]);
    return rows[0];
  }, 100);

  before(async function () {
    this.timeout(30000);
    resetAgents();
    await app().agents.flush(); // FastAGI reads the last saved agent states
    await site.product.stopApp();
    pool = createPool(site.product.config.db);
    await agi.start();
  });

  after(async function () {
    this.timeout(30000);
    await agi.kill();
    await pool?.end();
    if (!site.product.appRunning) await site.product.startAppAgain();
    await until('the app\'s ARI link', 15000, () => app().ari.current);
  });

  afterEach(async function () {
    this.timeout(20000);
    if (this.currentTest?.state === 'failed') await hangUpEverything();
    await site.settle(15000);
  });

  it('given the app is stopped then an inbound DID call rings the agents of the flow\'s groups via FastAGI, they talk, and the record is written', async () => {
    const number = uniqueCaller();
    // FastAGI rings the agents as a ring group: the phones that did not answer rang as expected.
    phones.tolerate((c) => c.callerNumber === number);
    const caller = await carrierA.call(`PJSIP/${DID}@product`, { callerId: `<${number}>` });
    const agent = await phones.waitForCall((c) => AGENTS.includes(c.exten), 8000);
    expect(agent.callerNumber).to.equal(number);
    await phones.answer(agent.id);
    await carrierA.waitForAnswer(caller, 5000);
    await carrierA.hangup(caller);
    await phones.waitForEnd(agent.id);
    const rec = await recordWhere('caller', number);
    expect(rec).to.include({ direction: 'inbound', status: 9, agent: agent.exten });
    expect(rec.end_reason).to.equal('fastagi:answer');
  });

  it('given the app is stopped then a phone\'s 9N call goes out through carrier-a without the prefix, as the app would route it', async () => {
    const out = await phones.call('PJSIP/9057188886666@phone-1002');
    const received = await carrierA.waitForCall((c) => c.exten === '057188886666', 8000);
    await carrierA.answer(received.id);
    await phones.waitForAnswer(out, 5000);
    await phones.hangup(out);
    await carrierA.waitForEnd(received.id);
    const rec = await recordWhere('callee', '9057188886666');
    expect(rec).to.include({ direction: 'outbound', agent: '1002', status: 10 });
  });

  it('given FastAGI is killed too then an inbound call still rings every agent (static last resort), and the app that comes back writes its record from the CDR once', async () => {
    await agi.kill();
    const number = uniqueCaller();
    const caller = await carrierA.call(`PJSIP/${DID}@product`, { callerId: `<${number}>` });
    const ringing = await Promise.all(AGENTS.map((e) => phones.waitForCall((c) => c.exten === e, 8000)));
    expect(ringing.map((c) => c.exten).sort()).to.deep.equal(AGENTS);
    await phones.answer(ringing[2].id);
    await carrierA.waitForAnswer(caller, 5000);
    await carrierA.hangup(caller);
    await phones.waitForEnd(ringing[2].id);
    await agi.start();

    // Asterisk's CDR is the only trace of the call; when the app is back it writes the record from it, once.
    await until('the last resort\'s CDR of the call', 10000, async () => (await pool.query<RowDataPacket[]>('SELECT id FROM cdr WHERE src = ? AND userfield LIKE \'cc-last-resort%\'', [number]))[0].length > 0, 200);
    await site.product.startAppAgain();
    const rec = await until('the record of the last-resort call', 25000, async () => (await pool.query<RowDataPacket[]>('SELECT * FROM call_records WHERE caller = ?', [number]))[0][0], 250);
    expect(rec).to.include({ direction: 'inbound', callee: DID, status: 9, agent: ringing[2].exten, end_reason: 'last-resort:answered' });
    expect(Number(rec.talk_sec)).to.be.at.least(0).and.below(10);
    await app().lastResort.runNow();
    const [all] = await pool.query<RowDataPacket[]>('SELECT guid FROM call_records WHERE caller = ?', [number]);
    expect(all, 'exactly one record after another round').to.have.length(1);
  });
});
