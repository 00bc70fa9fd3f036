/**
 * Call records written in batches (the record writer's saveMany): one transaction, one
 * multi-row insert per table; the same rows as one-by-one writes, and a replay writes nothing twice.
 */
import { expect } from 'chai';
import type { RowDataPacket } from 'mysql2/promise';
import { saveCallRecord, saveCallRecords, type CallRecord } from '../../src/db/call-record-repository';
import type { Pool } from '../../src/db/pool';
import { dbTestConfig, freshDatabase } from './db-harness';

describe('call records in batches', function () {
  this.timeout(60000);
  let pool: Pool;
  const record = (n: number, extra: Partial<CallRecord> = {}): CallRecord => ({
    guid: `guid-${n}`, direction: 'internal', caller: '2000', callee: `30${n}`, flow: null, group: null, agent: `30${n}`, trunk: null, status: 1,
    startedAt: new Date(Date.UTC(2026, 11, 7, 9, 0, n)).toISOString(), queuedAt: null, answeredAt: new Date(Date.UTC(2026, 11, 7, 9, 0, n + 1)).toISOString(),
    endedAt: new Date(Date.UTC(2026, 11, 7, 9, 1, n)).toISOString(), ringSec: 1, waitSec: 0, talkSec: 59, hangupBy: 'caller', endReason: 'normal',
    surveyScore: null, recording: null, ...extra,
  });
  const rows = async (sql: string) => (await pool.query<RowDataPacket[]>(sql))[0];

  before(async () => {
    pool = await freshDatabase(dbTestConfig('callcenter_test_record_batches'));
  });
  after(async () => {
    await pool?.end();
  });

  it('given a batch with a recording and a survey score then each table gets its rows, as one-by-one writes would, and a replay adds none', async () => {
    const batch = [
      record(1),
      record(2, { recording: { path: '/rec/cc-guid-2.wav', startedAt: new Date(Date.UTC(2026, 11, 7, 9, 0, 3)).toISOString(), durationSec: 58, kind: 'call' } }),
      record(3, { group: 'sales', surveyScore: 5 }),
    ];
    await saveCallRecords(pool, batch);
    await saveCallRecords(pool, batch); // a replay after an unacknowledged commit
    await saveCallRecord(pool, record(4));
    expect((await rows('SELECT guid, callee, ROUND(talk_sec) AS talk_sec, recording_path FROM call_records ORDER BY guid')).map((r) => `${r.guid}:${r.callee}:${r.talk_sec}:${r.recording_path}`))
      .to.deep.equal(['guid-1:301:59:null', 'guid-2:302:59:/rec/cc-guid-2.wav', 'guid-3:303:59:null', 'guid-4:304:59:null']);
    expect((await rows('SELECT call_guid, ROUND(duration_sec) AS duration_sec FROM recordings')).map((r) => `${r.call_guid}:${r.duration_sec}`)).to.deep.equal(['guid-2:58']);
    expect((await rows('SELECT call_guid, group_name, score FROM survey_results')).map((r) => `${r.call_guid}:${r.group_name}:${r.score}`)).to.deep.equal(['guid-3:sales:5']);
  });
});
