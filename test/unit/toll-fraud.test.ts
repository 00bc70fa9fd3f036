import { expect } from 'chai';
import fc from 'fast-check';
import { compileTables, route, formatTrace, CALL_CLASSES, type CallClass, type Permission, type RoutingTables } from '../../src/routing';
import { demoTables, freshState } from '../fixtures/demo-routing';

/** The demo rules with classes as the demo seed sets them, and its emergency whitelist. */
function tables(): RoutingTables {
  const t = demoTables();
  const cls: Record<string, CallClass> = { '_9X.': 'local', '_8X.': 'international' };
  return { ...t, rules: t.rules.map((r) => ({ ...r, callClass: cls[r.pattern] ?? null })), whitelist: ['_9110', '_9119', '_912X', '9555'] };
}
const compiled = compileTables(tables());
const perm = (over: Partial<Permission> = {}): Permission => ({ callClass: 'international', outboundAllowed: true, activeOutbound: 0, maxOutbound: 0, ...over });
const decide = (dialled: string, permission?: Permission) => route({ caller: '1001', context: 'agents', dialled, permission }, compiled, freshState());
const reason = (dialled: string, permission?: Permission) => {
  const d = decide(dialled, permission).destination;
  return d.kind === 'reject' ? d.reason : d.kind;
};

describe('toll fraud rules in the routing engine (R8)', () => {
  it('given classes then an account reaches rules of its class and below, never above', () => {
    expect(reason('957188880000', perm({ callClass: 'local' }))).to.equal('trunk');
    expect(reason('80012025550123', perm({ callClass: 'local' }))).to.equal('class-of-service');
    expect(reason('80012025550123', perm({ callClass: 'national' }))).to.equal('class-of-service');
    expect(reason('80012025550123', perm({ callClass: 'international' }))).to.equal('trunk');
    expect(reason('1003', perm({ callClass: 'internal' })), 'internal calls are always allowed').to.equal('extension');
    expect(reason('957188880000', perm({ callClass: 'internal' }))).to.equal('class-of-service');
  });

  it('given a rule without a class then outside routes count as national and the rest as internal', () => {
    const t = demoTables();
    const c = compileTables(t);
    const r = (dialled: string, callClass: CallClass) => route({ caller: '1001', context: 'agents', dialled, permission: perm({ callClass }) }, c, freshState()).destination.kind;
    expect(r('957188880000', 'local')).to.equal('reject');
    expect(r('957188880000', 'national')).to.equal('trunk');
    expect(r('2001', 'internal'), 'inter-site trunk: internal').to.equal('trunk');
  });

  it('given no outbound permission then only whitelisted numbers (literal or pattern) go out, as dialled', () => {
    const none = perm({ outboundAllowed: false });
    expect(reason('9110', none)).to.equal('trunk');
    expect(reason('9120', none), 'pattern _912X').to.equal('trunk');
    expect(reason('957188880000', none)).to.equal('not-whitelisted');
    expect(reason('91105551234', none), 'an exact pattern is not a prefix').to.equal('not-whitelisted');
    expect(reason('95551234', none), 'a literal entry is a prefix').to.equal('trunk');
    expect(reason('1003', none)).to.equal('extension');
  });

  it('given an internal-only account (the default for new accounts) then whitelisted numbers (emergency) still go out, nothing else outside does', () => {
    const internal = perm({ callClass: 'internal' });
    expect(reason('9110', internal), 'emergency whatever the class').to.equal('trunk');
    expect(reason('9110', perm({ callClass: 'internal', maxOutbound: 1, activeOutbound: 1 })), 'and whatever the limit').to.equal('trunk');
    expect(reason('957188880000', internal)).to.equal('class-of-service');
    expect(reason('80012025550123', internal)).to.equal('class-of-service');
  });

  it('given a class set on a re-analysing rule then it counts for the call, even if the final rule is cheaper', () => {
    const t = demoTables();
    const rules = [
      { id: 90, context: 'agents', pattern: '_7X.', routeType: 'trunk_group' as const, target: 'local', transforms: [{ op: 'delete' as const, start: 0, length: 1 }], reanalyze: true, reanalyzeContext: 'agents', callClass: 'international' as const },
      ...t.rules.map((r) => (r.pattern === '_9X.' ? { ...r, callClass: 'local' as const } : r)),
    ];
    const c = compileTables({ ...t, rules });
    const d = route({ caller: '1001', context: 'agents', dialled: '79012345', permission: perm({ callClass: 'local' }) }, c, freshState()).destination;
    expect(d).to.include({ kind: 'reject', reason: 'class-of-service' });
  });

  it('given the outbound limit then the call beyond it is refused, and the trace says why', () => {
    expect(reason('957188880000', perm({ maxOutbound: 2, activeOutbound: 1 }))).to.equal('trunk');
    const d = decide('957188880000', perm({ maxOutbound: 2, activeOutbound: 2 }));
    expect(d.destination).to.include({ kind: 'reject', reason: 'outbound-limit' });
    expect(formatTrace(d).join('\n')).to.contain('REFUSED');
  });

  it('given calls from a trunk then no permission applies', () => {
    expect(route({ caller: '13800000000', context: 'from-carrier', dialled: '02566668888' }, compiled, freshState()).destination.kind).to.equal('group');
  });

  it('given any dialled string, caller and context then route() never throws, always decides, and decides the same way twice', () => {
    const hostile = fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom("1' OR '1'='1", '9;DROP TABLE dial_rules', '9\r\nVia: evil', '%00', '\u202e9110', '8'.repeat(5000), '', '+', '*#*#'));
    fc.assert(fc.property(hostile, hostile, fc.constantFrom('agents', 'from-carrier', 'nope', ''), fc.constantFrom(...CALL_CLASSES), fc.boolean(), (dialled, caller, context, callClass, allowed) => {
      const req = { caller, context, dialled, permission: perm({ callClass, outboundAllowed: allowed }) };
      const a = route(req, compiled, freshState());
      const b = route(req, compiled, freshState());
      expect(a.destination).to.deep.equal(b.destination);
      expect(['extension', 'group', 'flow', 'trunk', 'reject']).to.include(a.destination.kind);
    }), { numRuns: 2000 });
  });

  it('given any number not on the whitelist then a class never reaches a rule of a dearer class', () => {
    const rank: Record<CallClass, number> = { internal: 0, local: 1, national: 2, international: 3 };
    // The whitelist (emergency: _9110, _9119, _912X, and the literal prefix 9555) goes out whatever the class, on purpose (test above).
    const whitelisted = (n: string) => /^(9110|9119|912[0-9])$/.test(n) || n.startsWith('9555');
    fc.assert(fc.property(fc.stringMatching(/^[0-9]{1,20}$/), fc.constantFrom(...CALL_CLASSES), (dialled, callClass) => {
      if (whitelisted(dialled)) return;
      const d = decide(dialled, perm({ callClass })).destination;
      if (d.kind !== 'trunk') return;
      const cls: CallClass = d.trunkGroup === 'international' ? 'international' : d.trunkGroup === 'local' ? 'local' : 'internal';
      expect(rank[cls]).to.be.at.most(rank[callClass]);
    }), { numRuns: 3000 });
  });
});
