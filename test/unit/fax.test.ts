import { expect } from 'chai';
import { faxRecordFromEvent } from '../../src/fax/fax-record';
import { renderFaxDialplan } from '../../src/asterisk/fax-dialplan';

const now = new Date('2026-11-23T08:00:20Z');
const event = (over: Record<string, string> = {}) => ({
  event: 'UserEvent', userevent: 'CallcenterFax', direction: 'in', caller: '13900000002', callee: '02566660002',
  file: '/var/lib/callcenter/main/spool/fax/in/x.tif', start: String(Date.parse('2026-11-23T08:00:00Z') / 1000),
  status: 'SUCCESS', error: 'OK', pages: '2', remote: 'FAXLINE', ...over,
});

describe('fax records and fax numbers (C8)', () => {
  it('given a received fax event then a success record with a new GUID, times, pages and the remote station', () => {
    const r = faxRecordFromEvent(event(), now, () => '11111111-2222-3333-4444-555555555555')!;
    expect(r).to.deep.include({ guid: '11111111-2222-3333-4444-555555555555', direction: 'in', caller: '13900000002', callee: '02566660002', agent: null, result: 'success', pages: 2, remoteStation: 'FAXLINE' });
    expect(r.startedAt).to.equal('2026-11-23T08:00:00.000Z');
    expect(r.endedAt).to.equal(now.toISOString());
  });
  it('given a sent fax event then the GUID the API answered and the agent are kept', () => {
    const r = faxRecordFromEvent(event({ direction: 'out', guid: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', agent: '1001' }), now)!;
    expect(r).to.include({ guid: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', direction: 'out', agent: '1001' });
  });
  it('given a failed fax or one that never started then result failed with the status kept', () => {
    expect(faxRecordFromEvent(event({ status: 'FAILED', error: 'NO_FAX', pages: '' }), now)).to.include({ result: 'failed', status: 'FAILED', error: 'NO_FAX', pages: 0 });
    expect(faxRecordFromEvent(event({ status: '' }), now)).to.include({ result: 'failed', status: 'NOT STARTED' });
  });
  it('given other events then nothing', () => {
    expect(faxRecordFromEvent({ event: 'Hangup' }, now)).to.equal(null);
    expect(faxRecordFromEvent(event({ userevent: 'Other' }), now)).to.equal(null);
    expect(faxRecordFromEvent(event({ direction: 'sideways' }), now)).to.equal(null);
  });
  it('given fax numbers then each enabled one goes to the fax receiver, and a non-number is refused', () => {
    expect(renderFaxDialplan([{ number: '02566660002', enabled: true }, { number: '02566660003', enabled: false }])).to.equal(
      '; Generated from the database (fax_numbers) by the callcenter app. Do not edit.\n[callcenter-fax-in]\n'
      + 'exten => 02566660002,1,Set(CC_FAX_CALLEE=${EXTEN})\n same => n,Goto(callcenter-fax-receive,s,1)\n');
    expect(() => renderFaxDialplan([{ number: '1,2', enabled: true }])).to.throw(/not a number/);
  });
});
