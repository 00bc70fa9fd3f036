import { expect } from 'chai';
import { callSearchQuery, presentRecord, recordingLink, searchPage, type CallSearch } from '../../src/records/call-search';

const sup = { role: 'supervisor', agent: null };
const base: CallSearch = { limit: 50, offset: 0 };

describe('call search (issue 19: call records with their recording links)', () => {
  it('given no filter then every record, newest first, one more row than the page', () => {
    const { sql, params } = callSearchQuery(base, sup);
    expect(sql).to.contain('FROM call_records c ORDER BY');
    expect(sql).to.match(/ORDER BY c\.started_at DESC, c\.guid LIMIT \? OFFSET \?$/);
    expect(params).to.deep.equal([51, 0]);
  });

  it('given every filter then each is a parameter, in order, and times accept a T', () => {
    const { sql, params } = callSearchQuery({ ...base, guid: 'g', caller: '138', callee: '025', agent: '1001', group: 'sales', status: 9, direction: 'inbound', from: '2026-12-07T08:00', to: '2026-12-08', offset: 50 }, sup);
    expect(sql).to.contain('WHERE c.guid = ? AND c.caller = ? AND c.callee = ? AND c.agent = ? AND c.group_name = ? AND c.status = ? AND c.direction = ? AND c.started_at >= ? AND c.started_at < ?');
    expect(params).to.deep.equal(['g', '138', '025', '1001', 'sales', 9, 'inbound', '2026-12-07 08:00', '2026-12-08', 51, 50]);
  });

  it('given an agent then only its own calls, whatever agent filter it sends; an agent without extension sees nothing', () => {
    const { sql, params } = callSearchQuery({ ...base, agent: '1002' }, { role: 'agent', agent: '1001' });
    expect(sql).to.contain('WHERE c.agent = ? AND c.agent = ?');
    expect(params.slice(0, 2)).to.deep.equal(['1001', '1002']);
    expect(callSearchQuery(base, { role: 'agent', agent: null }).params[0]).to.equal('-');
    for (const role of ['crm', 'supervisor', 'admin']) expect(callSearchQuery(base, { role, agent: null }).sql).not.to.contain('c.agent = ?');
  });

  it('given recorded=1 then only calls with a recording not being purged', () => {
    const { sql } = callSearchQuery({ ...base, recorded: true }, sup);
    expect(sql).to.contain('EXISTS (SELECT 1 FROM recordings r WHERE r.call_guid = c.guid AND r.purge_started_at IS NULL)');
  });

  it('given a row with a call recording and a voicemail then both links; without any then none; numbers become numbers', () => {
    const row = { guid: 'abc', group_name: 'sales', status: '9', talk_sec: '10.045', wait_sec: '2.000', survey_score: null, recording_kinds: 'call,voicemail' };
    const r = presentRecord(row);
    expect(r).to.deep.include({ guid: 'abc', group: 'sales', status: 9, talk_sec: 10.045, wait_sec: 2, survey_score: null });
    expect(r).not.to.have.property('group_name');
    expect(r.recordings).to.deep.equal([
      { kind: 'call', play: '/api/v1/recordings/abc/audio?kind=call', download: '/api/v1/recordings/abc/audio?kind=call&download=1' },
      recordingLink('abc', 'voicemail'),
    ]);
    expect(presentRecord({ guid: 'x', recording_kinds: null }).recordings).to.deep.equal([]);
  });

  it('given one row more than the page then more is true and the extra row is not shown', () => {
    const rows = [{ guid: 'a' }, { guid: 'b' }, { guid: 'c' }];
    expect(searchPage(rows, { limit: 2, offset: 0 })).to.deep.include({ more: true, limit: 2, offset: 0 });
    expect(searchPage(rows, { limit: 2, offset: 0 }).items.map((i) => i.guid)).to.deep.equal(['a', 'b']);
    expect(searchPage(rows, { limit: 3, offset: 0 }).more).to.equal(false);
  });
});
