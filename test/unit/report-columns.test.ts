import { expect } from 'chai';
import { REPORTS } from '../../src/reports/catalog';
import { REPORT_COLUMNS, UNIT_SUFFIX, columnsOf } from '../../src/reports/columns';

describe('reports: column headings and units (the reports page)', () => {
  it('given every report then each column has a heading a person reads (no snake_case) and a unit', () => {
    expect(Object.keys(REPORT_COLUMNS).sort()).to.deep.equal(REPORTS.map((r) => r.name).sort());
    for (const r of REPORTS) {
      const cols = columnsOf(r.name);
      expect(cols.length, r.name).to.be.at.least(3);
      expect(cols[0].name, `${r.name}: the interval comes first`).to.equal('interval_start');
      expect(new Set(cols.map((c) => c.name)).size, `${r.name}: no column twice`).to.equal(cols.length);
      for (const c of cols) {
        expect(c.heading, `${r.name}.${c.name}`).to.match(/^[A-Z][^_]*$/);
        expect(UNIT_SUFFIX).to.have.property(c.unit);
      }
    }
  });

  it('given a column named by its unit then the unit agrees: _sec seconds, _pct percent, _min minutes', () => {
    for (const [report, cols] of Object.entries(REPORT_COLUMNS)) {
      for (const c of cols) {
        if (c.name.endsWith('_sec')) expect(['s', 'duration'], `${report}.${c.name}`).to.include(c.unit);
        if (c.name.endsWith('_pct')) expect(c.unit, `${report}.${c.name}`).to.equal('%');
        if (c.name.endsWith('_min')) expect(c.unit, `${report}.${c.name}`).to.equal('min');
      }
    }
  });
});
