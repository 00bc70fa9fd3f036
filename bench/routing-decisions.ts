/**
 * Routing engine speed (issue 8, item 5): decisions per second on one core with a 1,000-rule
 * table (prefixes and Asterisk patterns over 10 contexts, transforms, trunk groups with
 * normalization, permissions checked). Pure CPU: no I/O in the measured loop.
 */
import { saveResults } from './results';
import { compileTables, route, type DialRule, type RoutingTables } from '../src/routing';

function table(n: number): RoutingTables {
  const rules: DialRule[] = [];
  for (let i = 0; i < n; i++) {
    const context = `ctx${i % 10}`;
    const kind = i % 4;
    const prefix = String(1000 + i);
    rules.push({
      id: i + 1, context, pattern: kind === 0 ? `_${prefix}X.` : kind === 1 ? prefix : kind === 2 ? `_${prefix}[1-5]XXXX` : `_${prefix}N.`,
      routeType: kind === 3 ? 'extension' : 'trunk_group', target: kind === 3 ? '1001' : i % 2 ? 'local' : 'international',
      transforms: kind === 3 ? [] : [{ op: 'delete', start: 0, length: 4 }], reanalyze: false, callClass: kind === 0 ? 'international' : 'local',
    });
  }
  return {
    rules,
    normalization: [{ id: 1, trunkGroup: 'international', pattern: '0', transforms: [{ op: 'replace', start: 0, length: 1, text: '0086' }] }],
    trunks: [
      { name: 'a', callerIdNumber: '025', callerIdMode: 'trunk', maxChannels: 100, enabled: true },
      { name: 'b', callerIdNumber: '025', callerIdMode: 'trunk', maxChannels: 100, enabled: true },
    ],
    trunkGroups: [{ name: 'local', strategy: 'round_robin', trunks: ['a', 'b'] }, { name: 'international', strategy: 'first_free', trunks: ['b', 'a'] }],
    extensions: new Set(['1001']), groups: new Set(), flows: new Set(), whitelist: ['_9110'],
  };
}

export function routingBench(seconds: number): { rules: number; decisions: number; perSecond: number; sampleRejectShare: number } {
  const rules = 1000;
  const compiled = compileTables(table(rules));
  // Dialled numbers spread over the table, plus misses.
  const requests = Array.from({ length: 4096 }, (_, i) => {
    const r = (i * 7919) % (rules + 100);
    return { caller: '1001', context: `ctx${r % 10}`, dialled: `${1000 + r}${String(100000 + i).slice(1)}`, permission: { callClass: 'national' as const, outboundAllowed: true, activeOutbound: 0, maxOutbound: 0 } };
  });
  const state = { trunkStatus: new Map([['a', { available: true, activeCalls: 3 }], ['b', { available: true, activeCalls: 5 }]]), roundRobin: new Map<string, number>() };
  let rejects = 0;
  for (const req of requests) if (route(req, compiled, state).destination.kind === 'reject') rejects++;
  const end = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  let decisions = 0;
  const t0 = process.hrtime.bigint();
  while (process.hrtime.bigint() < end) {
    for (let i = 0; i < 1024; i++) route(requests[(decisions + i) & 4095], compiled, state);
    decisions += 1024;
  }
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  return { rules, decisions, perSecond: Math.round(decisions / elapsed), sampleRejectShare: rejects / requests.length };
}

if (require.main === module) {
  const r = routingBench(process.env.QUICK === '1' ? 2 : 5);
  console.log(`routing: ${r.perSecond.toLocaleString('en')} decisions/s on one core, ${r.rules} rules (${(r.sampleRejectShare * 100).toFixed(0)} % of the sample numbers are refused or unmatched)`);
  saveResults('routing', { ...r, goalPerSecond: 500000 });
}
