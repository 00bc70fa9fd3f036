/** The pure part of the report aggregates (issue 18): when a report may read them, ranges, the consistency diff. */
import { expect } from 'chai';
import {
  AGGREGATE_TABLES, chooseSource, diffAggregates, mismatchIntervals, monthSlices, onQuarterHour, quarterHourEnd, quarterHourRange, SL_THRESHOLDS,
} from '../../src/reports/aggregates/plan';
import { reportVariables } from '../../src/reports/catalog';
import { checkWindow } from '../../src/jobs/report-aggregates-job';

const vars = (from: string, to: string, slSec = 20) => reportVariables({ from, to, interval: 'day', slSec });

describe('report aggregates plan (issue 18)', () => {
  it('given times then only :00, :15, :30, :45 with 0 seconds are quarter hours', () => {
    for (const t of ['2026-01-01 00:00:00', '2026-01-01 10:15:00', '2026-01-01 23:45:00', '2026-01-01 10:30:00.000']) expect(onQuarterHour(t), t).to.equal(true);
    for (const t of ['2026-01-01 10:07:00', '2026-01-01 10:15:01', '2026-01-01 10:14:59', '2026-01-01', 'x', '2026-01-01 10:15:00.5']) expect(onQuarterHour(t), t).to.equal(false);
  });

  it('given each report, range, threshold and completeness then the source is the aggregates only when all allow it, else raw with the reason', () => {
    const month = vars('2026-11-01', '2026-12-01');
    for (const name of ['queue-summary', 'agent-activity', 'trunk-usage', 'ivr-only']) {
      expect(chooseSource(name, month, true), name).to.deep.equal({ source: 'aggregates' });
      expect(chooseSource(name, month, false).source, name).to.equal('raw');
      expect(chooseSource(name, vars('2026-11-01 10:07', '2026-12-01'), true).source, name).to.equal('raw');
      expect(chooseSource(name, vars('2026-11-01', '2026-11-01 10:20'), true).source, name).to.equal('raw');
    }
    for (const name of ['survey-scores', 'dispositions', 'queue-log', 'agent-ids']) {
      expect(chooseSource(name, month, true)).to.deep.include({ source: 'raw' });
    }
    for (const sl of SL_THRESHOLDS) expect(chooseSource('queue-summary', vars('2026-11-01', '2026-12-01', sl), true).source).to.equal('aggregates');
    for (const sl of [0, 19, 21, 3600]) {
      const s = chooseSource('queue-summary', vars('2026-11-01', '2026-12-01', sl), true);
      expect(s).to.deep.equal({ source: 'raw', reason: `slSec ${sl} is not a stored threshold (${SL_THRESHOLDS.join(', ')})` });
      // Other reports ignore the threshold.
      expect(chooseSource('trunk-usage', vars('2026-11-01', '2026-12-01', sl), true).source).to.equal('aggregates');
    }
  });

  it('given any range then it widens to quarter hours (from down, to up) and a quarter hour ends 15 minutes later', () => {
    expect(quarterHourRange('2026-03-01 10:07:13', '2026-03-01 10:15:00')).to.deep.equal({ from: '2026-03-01 10:00:00', to: '2026-03-01 10:15:00' });
    expect(quarterHourRange('2026-03-01 10:00:00', '2026-03-01 23:59:59.500')).to.deep.equal({ from: '2026-03-01 10:00:00', to: '2026-03-02 00:00:00' });
    expect(quarterHourRange('2026-12-31 23:50:00', '2026-12-31 23:50:01')).to.deep.equal({ from: '2026-12-31 23:45:00', to: '2027-01-01 00:00:00' });
    expect(quarterHourEnd('2026-02-28 23:45:00')).to.equal('2026-03-01 00:00:00');
    // Local DATETIME text: no daylight-saving shift on the last Sunday of March.
    expect(quarterHourEnd('2026-03-29 01:45:00')).to.equal('2026-03-29 02:00:00');
  });

  it('given a range over months then it is cut at each first of the month, covering it exactly', () => {
    expect(monthSlices('2025-11-15 10:00:00', '2026-02-01 00:15:00')).to.deep.equal([
      { from: '2025-11-15 10:00:00', to: '2025-12-01 00:00:00' }, { from: '2025-12-01 00:00:00', to: '2026-01-01 00:00:00' },
      { from: '2026-01-01 00:00:00', to: '2026-02-01 00:00:00' }, { from: '2026-02-01 00:00:00', to: '2026-02-01 00:15:00' },
    ]);
    expect(monthSlices('2026-01-01 00:00:00', '2026-01-01 00:00:00')).to.deep.equal([]);
  });

  it('given stored and fresh rows then the diff names missing, extra and each differing column, numbers compared by value', () => {
    const t = AGGREGATE_TABLES.find((x) => x.table === 'report_trunk_15m')!;
    const row = (b: string, trunk: string, calls: number, dur: string) => ({ interval_start: b, trunk, calls, inbound: 1, outbound: 0, answered: 1, outbound_failed: 0, outbound_abandoned: 0, duration_sum: dur, talk_sum: '1.000' });
    const stored = [row('2026-01-01 10:00:00', 'a', 2, '10.5000'), row('2026-01-01 10:00:00', 'b', 1, '3.0000'), row('2026-01-01 10:15:00', 'a', 1, '1.0000')];
    const fresh = [row('2026-01-01 10:00:00', 'a', 2, '10.5'), row('2026-01-01 10:00:00', 'b', 2, '3.0010'), row('2026-01-01 10:30:00', 'a', 1, '1.0000')];
    const diff = diffAggregates(t, stored, fresh);
    expect(diff).to.deep.equal([
      { table: 'report_trunk_15m', key: '2026-01-01 10:00:00 / b', column: 'calls', stored: 1, fresh: 2 },
      { table: 'report_trunk_15m', key: '2026-01-01 10:00:00 / b', column: 'duration_sum', stored: '3.0000', fresh: '3.0010' },
      { table: 'report_trunk_15m', key: '2026-01-01 10:30:00 / a', column: 'missing', stored: null, fresh: null },
      { table: 'report_trunk_15m', key: '2026-01-01 10:15:00 / a', column: 'extra', stored: null, fresh: null },
    ]);
    expect(mismatchIntervals(diff)).to.deep.equal(['2026-01-01 10:00:00', '2026-01-01 10:15:00', '2026-01-01 10:30:00']);
    expect(diffAggregates(t, stored, stored)).to.deep.equal([]);
  });

  it('given NULL maxima then NULL equals only NULL', () => {
    const t = AGGREGATE_TABLES.find((x) => x.table === 'report_ivr_15m')!;
    const r = (max: string | null) => ({ interval_start: '2026-01-01 10:00:00', flow: 'main', trunk: '', calls: 1, caller_hung_up: 0, duration_sum: '1', duration_max: max });
    expect(diffAggregates(t, [r(null)], [r(null)])).to.deep.equal([]);
    expect(diffAggregates(t, [r(null)], [r('0')]).map((m) => m.column)).to.deep.equal(['duration_max']);
    expect(diffAggregates(t, [r('0')], [r(null)]).map((m) => m.column)).to.deep.equal(['duration_max']);
  });

  it('given the check window of the job then it covers the last N local days, today included', () => {
    expect(checkWindow(new Date(2026, 2, 1, 0, 30), 2)).to.deep.equal({ from: '2026-02-28 00:00:00', to: '2026-03-02 00:00:00' });
    expect(checkWindow(new Date(2026, 11, 31, 23, 59), 1)).to.deep.equal({ from: '2026-12-31 00:00:00', to: '2027-01-01 00:00:00' });
  });
});
