/**
 * Explains how a number would be routed, without placing a call (R10).
 *   npm run route -- --from 1001 9057188888888
 *   npm run route -- --from carrier-a --caller 13900000000 02566668888
 *   npm run route -- --context from-carrier --caller 13900000000 02566668888
 * It explains with the configuration in the database. When that one is invalid (the app keeps
 * running on the last good one), it says so and explains with the configuration the app runs on,
 * asked from the app (GET /api/v1/routing/explain).
 */
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../config';
import { createPool } from '../db/pool';
import { loadConfigVersion, loadRoutingTables } from '../db/routing-repository';
import { loadTelephonyData } from '../db/telephony-repository';
import { exitCodeOf, explainRoute, type ExplainInput, type ExplainOutcome } from '../calls/route-explain';
import { compileConfiguration } from '../sync/live-config';

export const USAGE = `usage: npm run route -- [--from <extension|trunk>] [--context <context>] [--caller <number>] <dialled number>

Explains how the number would be routed (rules, transforms, permissions, trunk, caller ID)
without placing a call.
  --from <ext|trunk>   the call comes from this account (its context and class of service)
                       or this trunk (its inbound context)
  --context <context>  a dial context, for a call from no account or trunk (default: agents)
  --caller <number>    the number a trunk presents (default: anonymous)
  -h, --help           this text
Exit code: 0 routed or a feature code, 1 refused by the rules, 2 wrong input.
With a configuration in the database that is invalid, it explains with the one the app runs on.`;

function credentials(config: Config): Record<string, string> | null {
  const strong = (role: string) => role === 'supervisor' || role === 'admin';
  const token = config.api.tokens.find((t) => strong(t.role));
  if (token) return { authorization: `Bearer ${token.token}` };
  const user = config.api.users.find((u) => strong(u.role));
  if (user) return { authorization: `Basic ${Buffer.from(`${user.name}:${user.password}`).toString('base64')}` };
  return null;
}

interface AppAnswer { version: number; loadedAt: string; outcome: ExplainOutcome; lines: string[] }

/** Asks the running app; null with the reason when it does not answer. */
async function askApp(config: Config, input: ExplainInput): Promise<AppAnswer | string> {
  const auth = credentials(config);
  if (!auth) return 'no supervisor or admin credentials in the api section of the site config';
  const q = new URLSearchParams(Object.entries(input).filter(([, v]) => v !== undefined) as [string, string][]);
  const url = `http://${config.http.host}:${config.http.port}/api/v1/routing/explain?${q}`;
  try {
    const res = await fetch(url, { headers: auth, signal: AbortSignal.timeout(5000) });
    const body = await res.json() as AppAnswer & { error?: { message: string; details?: { problems?: string[] } } };
    if (res.status === 404 || res.status === 400) return { version: NaN, loadedAt: '', outcome: 'bad-input', lines: body.error?.details?.problems ?? [body.error?.message ?? 'refused'] };
    if (!res.ok) return `the app answered ${res.status}: ${body.error?.message ?? ''}`;
    return body;
  } catch (err) {
    return `the app does not answer on ${config.http.host}:${config.http.port} (${(err as Error).message})`;
  }
}

/** Where the command writes (the console; tests collect the lines). */
export interface Output { log: (line: string) => void; error: (line: string) => void }

/** The command: arguments in, lines out, the exit code back. */
export async function routeCommand(args: string[], config: () => Config = loadConfig, out: Output = console): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { from: { type: 'string' }, context: { type: 'string' }, caller: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    out.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    out.error(USAGE);
    return 2;
  }
  const input: ExplainInput = { number: positionals[0], from: values.from, context: values.context, caller: values.caller };
  const cfg = config();
  const pool = createPool(cfg.db);
  try {
    const version = await loadConfigVersion(pool);
    const [raw, tel] = await Promise.all([loadRoutingTables(pool), loadTelephonyData(pool)]);
    let tables;
    try {
      tables = compileConfiguration(raw, tel).tables;
    } catch (err) {
      out.log(`note: the database holds configuration version ${version}, which is invalid (the app keeps running on its last good one):`);
      out.log(`  ${(err as Error).message.replace(/\n/g, '\n  ')}`);
      const app = await askApp(cfg, input);
      if (typeof app === 'string') {
        out.error(`cannot explain: ${app}; fix the configuration in the database or start the app`);
        return 1;
      }
      if (app.outcome !== 'bad-input') out.log(`explained with version ${app.version}, the configuration the app runs on (loaded ${app.loadedAt}):`);
      for (const line of app.lines) (app.outcome === 'bad-input' ? out.error : out.log)(line);
      return exitCodeOf(app.outcome);
    }
    const e = explainRoute(input, {
      tables,
      accounts: new Map(tel.accounts.map((a) => [a.extension, a])),
      trunks: new Map(tel.trunks.map((t) => [t.name, t])),
      features: cfg.features,
    });
    for (const line of e.lines) (e.outcome === 'bad-input' ? out.error : out.log)(line);
    return exitCodeOf(e.outcome);
  } finally {
    await pool.end();
  }
}

if (require.main === module) {
  routeCommand(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
    console.error(`ERROR: ${(e as Error).message}`);
    process.exit(1);
  });
}
