import { expect } from 'chai';
import { lastResortGuid, lastResortRecords, type CdrRow } from '../../src/records/last-resort-records';
import { renderLastResort } from '../../src/asterisk/last-resort';

const t = (s: string) => new Date(`2026-12-07T10:00:${s}`);
const row = (o: Partial<CdrRow>): CdrRow => ({
  calldate: t('00'), answerdate: null, hangupdate: t('20'), src: '13900001111', dst: '02566668888', dstchannel: '', disposition: 'NO ANSWER',
  billsec: 0, duration: 20, uniqueid: '1733565600.10', linkedid: '1733565600.10', userfield: 'cc-last-resort-in', ...o,
});

describe('call records of last-resort calls from the CDR (issue 16)', () => {
  it('given the CDR rows of a trunk call one agent answered then one inbound record, status 9, with the agent and the talk time', () => {
    const [rec, ...more] = lastResortRecords([
      row({ dstchannel: 'PJSIP/1001-00000001', disposition: 'NO ANSWER' }),
      row({ dstchannel: 'PJSIP/1003-00000003', disposition: 'ANSWERED', answerdate: t('05'), billsec: 12, hangupdate: t('17') }),
      row({ dstchannel: 'PJSIP/1004-00000004', disposition: 'NO ANSWER' }),
    ]);
    expect(more).to.have.length(0);
    expect(rec).to.include({ direction: 'inbound', caller: '13900001111', callee: '02566668888', agent: '1003', status: 9, endReason: 'last-resort:answered', talkSec: 12 });
    expect(rec.guid).to.equal(lastResortGuid('1733565600.10')).and.match(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('given two calls then two records, and the same call built again gets the same GUID (written once)', () => {
    const a = lastResortRecords([row({}), row({ uniqueid: '1733565700.20', linkedid: '1733565700.20', src: '13900002222' })]);
    expect(a.map((r) => r.caller)).to.deep.equal(['13900001111', '13900002222']);
    expect(a[0].guid).to.not.equal(a[1].guid);
    expect(lastResortRecords([row({})])[0].guid).to.equal(a[0].guid);
  });

  it('given a trunk call nobody answered then a ring-timeout record by the system', () => {
    const [rec] = lastResortRecords([row({ dstchannel: 'PJSIP/1001-00000001' })]);
    expect(rec).to.include({ direction: 'inbound', status: 1, hangupBy: 'system', agent: null, endReason: 'last-resort:no-answer' });
  });

  it('given a phone\'s call that heard "no service" then a failed internal call', () => {
    const [rec] = lastResortRecords([row({ userfield: 'cc-last-resort', src: '1002', dst: '1003', disposition: 'ANSWERED', answerdate: t('01') })]);
    expect(rec).to.include({ direction: 'internal', status: 12, answeredAt: null, endReason: 'last-resort:no-service' });
  });

  it('given the generated last-resort dialplan then it marks every call and, apart from that, a trunk call', () => {
    const text = renderLastResort({ accounts: [], groups: [], trunks: [] } as never);
    expect(text).to.contain('same => n,Set(CDR(userfield)=cc-last-resort)');
    expect(text).to.contain('same => n(inbound),Set(CDR(userfield)=cc-last-resort-in)');
  });

  it('given an agent answered the last-resort ring then the caller is hung up after the call, without "nobody is available"', () => {
    const text = renderLastResort({ accounts: [{ extension: '1001', enabled: true }], groups: [{ members: [{ extension: '1001' }] }], trunks: [] } as never);
    const lines = text.split('\n');
    const dial = lines.findIndex((l) => l.includes('Dial(PJSIP/1001,60)'));
    expect(lines[dial + 1]).to.contain('GotoIf($["${DIALSTATUS}" = "ANSWER"]?done)');
    expect(lines.find((l) => l.includes('(done)'))).to.equal(' same => n(done),Hangup()');
    expect(lines.findIndex((l) => l.includes('vm-nobodyavail'))).to.be.lessThan(lines.findIndex((l) => l.includes('(done)')));
  });
});
