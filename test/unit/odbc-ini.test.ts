import { expect } from 'chai';
import { odbcDsnEntries, upsertIniSection } from '../../src/asterisk/odbc';

describe('odbc.ini DSN per instance (D3)', () => {
  it('given an empty file then the section is written', () => {
    expect(upsertIniSection('', 'callcenter-main', { Driver: 'MariaDB Unicode', Port: 3306 })).to.equal('[callcenter-main]\nDriver = MariaDB Unicode\nPort = 3306\n');
  });
  it('given other sections then only ours is replaced and the rest kept in place', () => {
    const text = '[other]\nDriver = x\n\n[callcenter-test]\nDatabase = old\n\n[last]\nA = 1\n';
    const out = upsertIniSection(text, 'callcenter-test', { Database: 'callcenter_test' });
    expect(out).to.equal('[other]\nDriver = x\n\n[callcenter-test]\nDatabase = callcenter_test\n\n[last]\nA = 1\n');
    expect(upsertIniSection(out, 'callcenter-test', { Database: 'callcenter_test' })).to.equal(out);
    expect(upsertIniSection('[other]\nA = 1', 'new', { B: 2 })).to.equal('[other]\nA = 1\n\n[new]\nB = 2\n');
  });
  it('given a database name that could break out of the line then it is refused', () => {
    const db = { host: '127.0.0.1', port: 3306, database: 'cc\n[evil]', user: 'u', password: 'p', adminUser: 'a', adminPassword: 'b', asteriskUser: 'x', asteriskPassword: null };
    expect(() => odbcDsnEntries(db)).to.throw(/cannot go into odbc.ini/);
  });
});
