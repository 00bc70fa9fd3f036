import { expect } from 'chai';
import { businessMode, businessSwitches, flowFor, localTime, type BusinessRoute, type OpeningPeriod } from '../../src/jobs/business-hours';

const hours: OpeningPeriod[] = [1, 2, 3, 4, 5].flatMap((weekday) => [
  { schedule: 'default', weekday, opens: '09:00:00', closes: '12:00:00' },
  { schedule: 'default', weekday, opens: '13:00:00', closes: '18:00:00' },
]).concat([{ schedule: 'default', weekday: 6, opens: '9:00:00', closes: '24:00:00' }]);
const holidays = [{ schedule: 'default', day: '2026-12-25' }];
const route: BusinessRoute = { dialRuleId: 10, schedule: 'default', openFlow: 'main', closedFlow: 'night', holidayFlow: 'holiday', currentTarget: 'main' };

describe('business hours (D5)', () => {
  it('given a local time then the ISO weekday, date and time are read from the local calendar', () => {
    expect(localTime(new Date(2026, 10, 23, 8, 5, 9))).to.deep.equal({ date: '2026-11-23', weekday: 1, time: '08:05:09' });
    expect(localTime(new Date(2026, 10, 29, 23, 59, 59)).weekday).to.equal(7);
  });
  it('given opening periods then opens is included, closes excluded, the lunch break is closed', () => {
    const at = (time: string) => businessMode('default', { date: '2026-11-23', weekday: 1, time }, hours, holidays);
    expect(at('08:59:59')).to.equal('closed');
    expect(at('09:00:00')).to.equal('open');
    expect(at('11:59:59')).to.equal('open');
    expect(at('12:00:00')).to.equal('closed');
    expect(at('13:00:00')).to.equal('open');
    expect(at('18:00:00')).to.equal('closed');
  });
  it('given a period until 24:00 and a single-digit hour from MySQL then Saturday is open to midnight', () => {
    expect(businessMode('default', { date: '2026-11-28', weekday: 6, time: '23:59:59' }, hours, holidays)).to.equal('open');
    expect(businessMode('default', { date: '2026-11-28', weekday: 6, time: '08:59:59' }, hours, holidays)).to.equal('closed');
    expect(businessMode('default', { date: '2026-11-29', weekday: 7, time: '12:00:00' }, hours, holidays)).to.equal('closed');
  });
  it('given a holiday during opening hours then the mode is holiday; another schedule is not affected', () => {
    expect(businessMode('default', { date: '2026-12-25', weekday: 5, time: '10:00:00' }, hours, holidays)).to.equal('holiday');
    expect(businessMode('other', { date: '2026-12-25', weekday: 5, time: '10:00:00' }, hours, holidays)).to.equal('closed');
  });
  it('given each mode then the route names its flow; without a holiday flow a holiday uses the closed flow', () => {
    expect(flowFor(route, 'open')).to.equal('main');
    expect(flowFor(route, 'closed')).to.equal('night');
    expect(flowFor(route, 'holiday')).to.equal('holiday');
    expect(flowFor({ ...route, holidayFlow: null }, 'holiday')).to.equal('night');
  });
  it('given the current targets then only rules whose flow differs are changed', () => {
    const at = { date: '2026-11-23', weekday: 1, time: '20:00:00' };
    expect(businessSwitches(at, [route, { ...route, dialRuleId: 11, currentTarget: 'night' }], hours, holidays)).to.deep.equal([
      { dialRuleId: 10, mode: 'closed', flow: 'night', changed: true },
      { dialRuleId: 11, mode: 'closed', flow: 'night', changed: false },
    ]);
  });
});
