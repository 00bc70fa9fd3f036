/**
 * Explains how a number would be routed, without placing a call.
 *   npm run route -- --from 1001 9057188888888
 *   npm run route -- --context from-carrier --caller 13900000000 02566668888
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { createPool } from '../db/pool';
import { loadRoutingTables } from '../db/routing-repository';
import { loadTelephonyData } from '../db/telephony-repository';
import { compileTables, formatTrace, route } from '../routing';
import { identify, routeRequest } from '../calls/call-plan';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { from: { type: 'string' }, context: { type: 'string' }, caller: { type: 'string' } },
  });
  if (positionals.length !== 1) {
    console.error('usage: npm run route -- [--from <extension|trunk>] [--context <ctx> --caller <number>] <dialled number>');
    return 2;
  }
  const pool = createPool(loadConfig().db);
  try {
    const [raw, tel] = await Promise.all([loadRoutingTables(pool), loadTelephonyData(pool)]);
    const tables = compileTables(raw);
    let req;
    if (values.from) {
      const origin = identify(values.from, { accounts: new Map(tel.accounts.map((a) => [a.extension, a])), trunks: new Map(tel.trunks.map((t) => [t.name, t])) });
      if (!origin) {
        console.error(`unknown or disabled caller "${values.from}" (not an account nor a trunk)`);
        return 2;
      }
      req = routeRequest(origin, values.caller ?? values.from, '', positionals[0]);
    } else {
      req = { caller: values.caller ?? 'anonymous', context: values.context ?? 'agents', dialled: positionals[0] };
    }
    console.log(`caller ${req.caller}, context ${req.context}, dialled ${JSON.stringify(req.dialled)}`);
    const decision = route(req, tables, { trunkStatus: new Map(), roundRobin: new Map() });
    for (const line of formatTrace(decision)) console.log(`  ${line}`);
    return decision.destination.kind === 'reject' ? 1 : 0;
  } finally {
    await pool.end();
  }
}

main().then((code) => process.exit(code), (e) => {
  console.error(`ERROR: ${(e as Error).message}`);
  process.exit(1);
});
