/**
 * O2/O3 with real processes killed for real: the app (a child process here) is SIGKILLed
 * during a bridged call; the call keeps its media, FastAGI takes new calls, and the app that
 * starts next takes the bridged call back and writes its record exactly once.
 */
import { expect } from 'chai';
import type { RowDataPacket } from 'mysql2/promise';
import { site } from './harness/site';
import { until } from './harness/wait';
import { AppProcess, FastAgiProcess } from './harness/fastagi-process';
import { inboundCalls, stopInProcessApp, uniqueCaller } from './harness/contact-center';
import type { Pool } from '../../src/db/pool';
import { bridgedChannels, rtpCounts, rtpFlowedSince } from './harness/media-stats';

const { phones, carrierA } = site;
const DID = '02566668888';
const AGENTS = ['1001', '1002', '1003', '1004'];
const app = () => site.product.app;

describe('the app killed during a bridged call (SIGKILL)', function () {
  this.timeout(120000);
  const agi = new FastAgiProcess();
  const child = new AppProcess();
  let pool: Pool;

  before(async function () {
    this.timeout(40000);
    pool = await stopInProcessApp();
    await agi.start();
    await child.start();
  });

  after(async function () {
    this.timeout(30000);
    await child.kill();
    await agi.kill();
    await pool?.end();
    if (!site.product.appRunning) await site.product.startAppAgain();
    await until('the app\'s ARI link', 15000, () => app().ari.current);
  });

  it('given a bridged call when the app dies then media keeps flowing, FastAGI routes a new call, and the next app takes the call back and records it once', async () => {
    const number = uniqueCaller();
    const caller = await carrierA.call(`PJSIP/${DID}@product`, { callerId: `<${number}>` });
    await carrierA.waitForAnswer(caller, 5000);
    await carrierA.sendDtmf(caller, '1');
    const agent = await phones.waitForCall((c) => AGENTS.includes(c.exten), 8000);
    await phones.answer(agent.id);
    const answeredAt = Date.now();
    await until('a bridge with both parties', 5000, async () => bridgedChannels(await site.product.cli('core show channels concise')) >= 2, 100);

    // Both parties talk (a long sound each way), then the app dies.
    await carrierA.play(caller, 'tt-monkeys');
    await phones.play(agent.id, 'tt-monkeys');
    await child.kill();
    const before = await rtpCounts();
    expect(before.size, 'two channels with RTP stats').to.equal(2);
    await until('RTP still received and relayed on both channels after the kill', 5000, () => rtpFlowedSince(before), 250);

    // While the app is dead, FastAGI takes a new inbound call.
    const second = uniqueCaller();
    // FastAGI's last resort rings every agent of the group at once: the others' rings are expected.
    phones.tolerate((c) => c.callerNumber === second);
    const caller2 = await carrierA.call(`PJSIP/${DID}@product`, { callerId: `<${second}>` });
    const agent2 = await phones.waitForCall((c) => AGENTS.includes(c.exten) && c.callerNumber === second, 8000);
    await phones.answer(agent2.id);
    await carrierA.waitForAnswer(caller2, 5000);
    await carrierA.hangup(caller2);
    await phones.waitForEnd(agent2.id);

    // The app comes back (in-process now) and takes the first call over.
    await site.product.startAppAgain();
    await until('the surviving call adopted', 10000, () => app().registry.all().some((c) => c.snapshot?.().caller === number));
    await carrierA.hangup(caller);
    const talked = (Date.now() - answeredAt) / 1000;
    await phones.waitForEnd(agent.id, 5000);
    const rows = async (n: string) => (await pool.query<RowDataPacket[]>('SELECT * FROM call_records WHERE caller = ?', [n]))[0];
    await until('both records', 10000, async () => (await rows(number)).length === 1 && (await rows(second)).length === 1, 200);
    const first = (await rows(number))[0];
    expect(first).to.include({ status: 9, hangup_by: 'caller', end_reason: 'adopted-after-restart', agent: agent.exten });
    expect(Number(first.talk_sec), 'talk time across the restart').to.be.within(talked - 0.5, talked + 0.5);
    expect((await rows(second))[0].end_reason).to.equal('fastagi:answer');
    // MixMonitor kept recording through the crash: the adopted call's recording has its row.
    const [recordings] = await pool.query<RowDataPacket[]>('SELECT * FROM recordings WHERE call_guid = ?', [first.guid]);
    expect(recordings, 'one recordings row for the adopted call').to.have.length(1);
    expect(recordings[0]).to.include({ kind: 'call', caller: number, agent: agent.exten, path: first.recording_path });
    expect(recordings[0].path).to.match(new RegExp(`/cc-${first.guid}\\.wav$`));
    expect(Number(recordings[0].duration_sec), 'recorded from the answer to the end').to.be.within(talked - 1, talked + 0.5);

    // Agent history: the crash is a gap logged out (app-crashed), then each agent goes straight back.
    await app().agents.flush();
    for (const ext of AGENTS) {
      const [[crash, back]] = await pool.query<RowDataPacket[]>(`SELECT from_state, to_state, reason FROM agent_state_log WHERE extension = ?
        AND id >= (SELECT MAX(id) FROM agent_state_log WHERE extension = ? AND reason = 'app-crashed') ORDER BY id LIMIT 2`, [ext, ext]);
      expect(crash, `${ext}: the gap`).to.include({ to_state: 'logged_out', reason: 'app-crashed' });
      // Straight back to the state it had (a call, ringing or wrap-up did not survive: ready).
      const was = ['on_call', 'ringing', 'wrap_up'].includes(crash.from_state) ? 'ready' : crash.from_state;
      expect(back, `${ext}: the restore`).to.include({ from_state: 'logged_out', to_state: was });
    }

    // New calls go through the Stasis app again.
    const third = await carrierA.call(`PJSIP/${DID}@product`, { callerId: `<${uniqueCaller()}>` });
    await carrierA.waitForAnswer(third, 5000);
    await until('an InboundCall for the new call', 5000, () => inboundCalls().length === 1);
    await carrierA.hangup(third);
  });
});
