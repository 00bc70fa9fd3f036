import { expect } from 'chai';
import { compileTables, route, formatTrace, RoutingConfigError, MAX_NUMBER_LENGTH, type RoutingTables, type RoutingState, type Destination } from '../../src/routing';
import { demoTables, freshState } from '../fixtures/demo-routing';

function decide(dialled: string, opts: { context?: string; caller?: string; tables?: RoutingTables; state?: RoutingState } = {}) {
  return route({ caller: opts.caller ?? '1001', context: opts.context ?? 'agents', dialled }, compileTables(opts.tables ?? demoTables()), opts.state ?? freshState());
}
const dest = (dialled: string, opts = {}) => decide(dialled, opts).destination;
function rejectReason(d: Destination): string {
  return d.kind === 'reject' ? d.reason : `not rejected (${d.kind})`;
}

describe('routing engine: demo dial rules', () => {
  it('given 1003 from an agent then it rings extension 1003 with the agent as caller', () => {
    expect(dest('1003')).to.deep.equal({ kind: 'extension', extension: '1003', callerId: '1001' });
  });
  it('given 9057188888888 then carrier-a dials 057188888888 showing the trunk number', () => {
    expect(dest('9057188888888')).to.deep.equal({ kind: 'trunk', trunk: 'carrier-a', trunkGroup: 'local', number: '057188888888', callerId: '02566668888' });
  });
  it('given 801012345678 then carrier-b dials 00861012345678 (prefix stripped, then 0 -> 0086)', () => {
    expect(dest('801012345678')).to.deep.equal({ kind: 'trunk', trunk: 'carrier-b', trunkGroup: 'international', number: '00861012345678', callerId: '02566668888' });
  });
  it('given 80044123 then the longer normalization prefix 00 wins and the number stays international', () => {
    expect(dest('80044123')).to.include({ kind: 'trunk', number: '0044123' });
  });
  it('given 8 followed by a number without leading 0 then normalization leaves it unchanged', () => {
    expect(dest('8123456')).to.include({ number: '123456' });
  });
  it('given 2001 then site2 receives 2001 with the agent extension as caller id', () => {
    expect(dest('2001')).to.deep.equal({ kind: 'trunk', trunk: 'site2', trunkGroup: null, number: '2001', callerId: '1001' });
  });
  it('given the DID from a carrier then group sales is called with the outside caller passed through', () => {
    expect(dest('02566668888', { context: 'from-carrier', caller: '13912345678' })).to.deep.equal({ kind: 'group', group: 'sales', callerId: '13912345678' });
  });
  it('given site2 dialling 1002 then extension 1002 rings with the site2 caller', () => {
    expect(dest('1002', { context: 'from-site2', caller: '2001' })).to.deep.equal({ kind: 'extension', extension: '1002', callerId: '2001' });
  });
  it('given an unknown extension 1999 then it is rejected as unknown-extension', () => {
    expect(rejectReason(dest('1999'))).to.equal('unknown-extension');
  });
  it('given a number no rule matches then no-route', () => {
    expect(rejectReason(dest('5555'))).to.equal('no-route');
    expect(rejectReason(dest('10011'))).to.equal('no-route');
    expect(rejectReason(dest('9'))).to.equal('no-route');
  });
  it('given an unknown context then no-route', () => {
    expect(rejectReason(dest('1001', { context: 'nowhere' }))).to.equal('no-route');
  });
});

describe('routing engine: malformed input', () => {
  const bad = ['', 'abc', '10a1', ' 1001', '1001 ', '10 01', '9'.repeat(MAX_NUMBER_LENGTH + 1), '++1', '1+1', "1001' OR 1=1 --", '1001;DROP TABLE x', '\u0000', '１００１', '1001\r\nX: y'];
  for (const input of bad) {
    it(`given ${JSON.stringify(input).slice(0, 40)} then it is rejected as malformed with a clear error`, () => {
      const d = dest(input);
      expect(rejectReason(d)).to.equal('malformed-number');
      expect((d as { detail: string }).detail).to.match(/number/);
    });
  }
  it('given a non-string then it is rejected as malformed', () => {
    const d = route({ caller: '1001', context: 'agents', dialled: 42 as unknown as string }, compileTables(demoTables()), freshState());
    expect(rejectReason(d.destination)).to.equal('malformed-number');
  });
  it('given * and # (feature codes) then they are valid characters that simply match no demo rule', () => {
    expect(rejectReason(dest('*9'))).to.equal('no-route');
    expect(rejectReason(dest('#1'))).to.equal('no-route');
  });
  it('given a number of exactly the maximum length then it is accepted', () => {
    expect(dest('9' + '1'.repeat(MAX_NUMBER_LENGTH - 1))).to.include({ kind: 'trunk' });
  });
  it('given +E.164 and a rule for + then it routes', () => {
    const t = demoTables();
    t.rules.push({ id: 30, context: 'agents', pattern: '+86', routeType: 'trunk_group', target: 'international', transforms: [{ op: 'replace', start: 0, length: 1, text: '00' }], reanalyze: false });
    expect(dest('+8610123', { tables: t })).to.include({ number: '008610123' });
  });
  it('given a transform that leaves the number empty then it is rejected', () => {
    const t = demoTables();
    t.rules.push({ id: 31, context: 'agents', pattern: '7', routeType: 'trunk', target: 'carrier-a', transforms: [{ op: 'delete', start: 0, length: 5 }], reanalyze: false });
    expect(rejectReason(dest('7', { tables: t }))).to.equal('malformed-number');
  });
});

describe('routing engine: rule selection', () => {
  function tablesWith(...rules: RoutingTables['rules']) {
    const t = demoTables();
    t.rules.push(...rules);
    return t;
  }
  it('given a literal prefix and a pattern then the one with more literal digits wins', () => {
    const t = tablesWith({ id: 40, context: 'agents', pattern: '905', routeType: 'reject', target: '', transforms: [], reanalyze: false });
    expect(rejectReason(dest('905123', { tables: t }))).to.equal('rule-rejects');
    expect(dest('906123', { tables: t })).to.include({ kind: 'trunk' });
  });
  it('given two rules with equal literals then a fixed-length pattern beats an open one', () => {
    const t = tablesWith({ id: 41, context: 'agents', pattern: '_9XXX', routeType: 'reject', target: '', transforms: [], reanalyze: false });
    expect(rejectReason(dest('9123', { tables: t }))).to.equal('rule-rejects');
    expect(dest('91234', { tables: t })).to.include({ kind: 'trunk' });
  });
  it('given N, Z and character classes then they match as in Asterisk', () => {
    const t = tablesWith(
      { id: 42, context: 'x', pattern: '_NXX', routeType: 'extension', target: '1001', transforms: [], reanalyze: false },
      { id: 43, context: 'x', pattern: '_Z', routeType: 'extension', target: '1002', transforms: [], reanalyze: false },
      { id: 44, context: 'x', pattern: '_[05-6]0!', routeType: 'extension', target: '1003', transforms: [], reanalyze: false },
    );
    expect(dest('200', { context: 'x', tables: t })).to.include({ extension: '1001' });
    expect(rejectReason(dest('100', { context: 'x', tables: t }))).to.equal('no-route');
    expect(dest('7', { context: 'x', tables: t })).to.include({ extension: '1002' });
    expect(rejectReason(dest('0', { context: 'x', tables: t }))).to.equal('no-route');
    expect(dest('50', { context: 'x', tables: t })).to.include({ extension: '1003' });
    expect(dest('6099', { context: 'x', tables: t })).to.include({ extension: '1003' });
    expect(rejectReason(dest('40', { context: 'x', tables: t }))).to.equal('no-route');
  });
  it('given re-analysis then the transformed number is analysed again in the named context', () => {
    const t = tablesWith(
      { id: 50, context: 'agents', pattern: '_0X.', routeType: 'reject', target: '', transforms: [{ op: 'insert', start: 0, text: '9' }], reanalyze: true, reanalyzeContext: null },
    );
    const d = decide('057188888888', { tables: t });
    expect(d.destination).to.include({ trunk: 'carrier-a', number: '057188888888' });
    expect(d.trace.filter((s) => s.step === 'analyse')).to.have.length(2);
  });
  it('given rules that re-analyse forever then it stops with routing-loop', () => {
    const t = tablesWith({ id: 51, context: 'loop', pattern: '_X.', routeType: 'reject', target: '', transforms: [], reanalyze: true });
    expect(rejectReason(dest('123', { context: 'loop', tables: t }))).to.equal('routing-loop');
  });
  it('given chained transforms then they apply in order', () => {
    const t = tablesWith({ id: 52, context: 'agents', pattern: '_6X.', routeType: 'trunk', target: 'carrier-a', reanalyze: false, transforms: [
      { op: 'delete', start: 0, length: 1 }, { op: 'insert', start: 0, text: '0' }, { op: 'replace', start: 1, length: 2, text: '21' },
    ] });
    expect(dest('6991234', { tables: t })).to.include({ number: '0211234' });
  });
  it('given a transform start beyond the number then it is rejected, not thrown', () => {
    const t = tablesWith({ id: 53, context: 'agents', pattern: '_6X', routeType: 'trunk', target: 'carrier-a', reanalyze: false, transforms: [{ op: 'insert', start: 5, text: '1' }] });
    expect(rejectReason(dest('61', { tables: t }))).to.equal('malformed-number');
  });
});

describe('routing engine: trunk groups', () => {
  function twoTrunkTables(strategy: 'round_robin' | 'first_free') {
    const t = demoTables();
    t.trunkGroups[0] = { name: 'local', strategy, trunks: ['carrier-a', 'carrier-b'] };
    return t;
  }
  it('given round-robin then successive calls alternate trunks', () => {
    const tables = compileTables(twoTrunkTables('round_robin'));
    const rr = new Map<string, number>();
    const chosen: string[] = [];
    for (let i = 0; i < 4; i++) {
      const d = route({ caller: '1001', context: 'agents', dialled: '912345' }, tables, { trunkStatus: new Map(), roundRobin: rr });
      chosen.push((d.destination as { trunk: string }).trunk);
      for (const [k, v] of d.roundRobin) rr.set(k, v);
    }
    expect(chosen).to.deep.equal(['carrier-a', 'carrier-b', 'carrier-a', 'carrier-b']);
  });
  it('given first-free then the first usable trunk is always chosen', () => {
    const tables = compileTables(twoTrunkTables('first_free'));
    const d1 = route({ caller: '1001', context: 'agents', dialled: '912345' }, tables, freshState());
    const d2 = route({ caller: '1001', context: 'agents', dialled: '912345' }, tables, { trunkStatus: new Map(), roundRobin: d1.roundRobin });
    expect((d2.destination as { trunk: string }).trunk).to.equal('carrier-a');
  });
  it('given the first trunk unavailable then the next is chosen and the skip is explained', () => {
    const d = decide('912345', { tables: twoTrunkTables('first_free'), state: { trunkStatus: new Map([['carrier-a', { available: false, activeCalls: 0 }]]), roundRobin: new Map() } });
    expect(d.destination).to.include({ trunk: 'carrier-b' });
    expect(formatTrace(d).join('\n')).to.contain('skip carrier-a (unavailable)');
  });
  it('given a full trunk then it is skipped', () => {
    const t = twoTrunkTables('first_free');
    t.trunks[0] = { ...t.trunks[0], maxChannels: 2 };
    const d = decide('912345', { tables: t, state: { trunkStatus: new Map([['carrier-a', { available: true, activeCalls: 2 }]]), roundRobin: new Map() } });
    expect(d.destination).to.include({ trunk: 'carrier-b' });
  });
  it('given every trunk down then the first in round-robin order is tried anyway and the trace says so', () => {
    const down = { available: false, activeCalls: 0 };
    const d = decide('912345', { tables: twoTrunkTables('round_robin'), state: { trunkStatus: new Map([['carrier-a', down], ['carrier-b', down]]), roundRobin: new Map([['local', 1]]) } });
    expect(d.destination).to.include({ kind: 'trunk', trunk: 'carrier-b' });
    expect(d.roundRobin.get('local')).to.equal(0);
    expect(formatTrace(d).join('\n')).to.contain('all trunks look down; trying carrier-b');
  });
  it('given every trunk down or full then the call is refused (a full trunk is never tried)', () => {
    const t = twoTrunkTables('first_free');
    t.trunks[1] = { ...t.trunks[1], maxChannels: 1 };
    const d = decide('912345', { tables: t, state: { trunkStatus: new Map([['carrier-a', { available: false, activeCalls: 0 }], ['carrier-b', { available: true, activeCalls: 1 }]]), roundRobin: new Map() } });
    expect(rejectReason(d.destination)).to.equal('no-trunk-available');
  });
  it('given every trunk down or disabled then the call is refused', () => {
    const t = twoTrunkTables('first_free');
    t.trunks[1] = { ...t.trunks[1], enabled: false };
    const d = decide('912345', { tables: t, state: { trunkStatus: new Map([['carrier-a', { available: false, activeCalls: 0 }]]), roundRobin: new Map() } });
    expect(rejectReason(d.destination)).to.equal('no-trunk-available');
  });
  it('given a disabled trunk then it is skipped', () => {
    const t = twoTrunkTables('first_free');
    t.trunks[0] = { ...t.trunks[0], enabled: false };
    expect(dest('912345', { tables: t })).to.include({ trunk: 'carrier-b' });
  });
});

describe('routing tables validation', () => {
  it('given bad rows then compile lists every problem with the row id', () => {
    const t = demoTables();
    t.rules.push(
      { id: 90, context: 'agents', pattern: '_9[', routeType: 'reject', target: '', transforms: [], reanalyze: false },
      { id: 91, context: 'agents', pattern: 'abc', routeType: 'reject', target: '', transforms: [], reanalyze: false },
      { id: 92, context: 'agents', pattern: '7', routeType: 'trunk', target: 'nope', transforms: [], reanalyze: false },
      { id: 93, context: 'agents', pattern: '_1XXX', routeType: 'reject', target: '', transforms: [], reanalyze: false },
      { id: 94, context: 'agents', pattern: '6', routeType: 'trunk', target: 'carrier-a', transforms: [{ op: 'delete', start: -1, length: 1 }], reanalyze: false },
      { id: 95, context: 'agents', pattern: '_X.1', routeType: 'reject', target: '', transforms: [], reanalyze: false },
    );
    try {
      compileTables(t);
      expect.fail('should throw');
    } catch (e) {
      expect(e).to.be.instanceOf(RoutingConfigError);
      const problems = (e as RoutingConfigError).problems.join('\n');
      for (const id of [90, 91, 92, 94, 95]) expect(problems).to.contain(`dial rule ${id}`);
      expect(problems).to.contain('rules 1 and 93 have the same pattern');
    }
  });
  it('given a trunk group naming an unknown trunk then compile fails', () => {
    const t = demoTables();
    t.trunkGroups.push({ name: 'x', strategy: 'first_free', trunks: ['ghost'] });
    expect(() => compileTables(t)).to.throw(RoutingConfigError, /unknown trunk "ghost"/);
  });
});

describe('routing explain output', () => {
  it('given 801012345678 then the trace shows analysis, strip, normalization, trunk choice and caller id', () => {
    const lines = formatTrace(decide('801012345678'));
    expect(lines).to.deep.equal([
      'analyse  801012345678 in agents: rule 4 "_8X." -> trunk_group international',
      'transform 801012345678 -> 01012345678 (delete 1 at 0)',
      'normalize 01012345678 -> 00861012345678 (trunk group international, rule 1 "0")',
      'select   trunk group international: order carrier-b -> carrier-b',
      'callerid 02566668888 (trunk carrier-b presents its number)',
      'result   trunk carrier-b (group international) dial 00861012345678, caller id 02566668888',
    ]);
  });
});
