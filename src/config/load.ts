/**
 * The one place that reads configuration: a JSON file (CC_CONFIG, default var/callcenter.json)
 * plus CC_* environment variables, validated once, returned frozen.
 */
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { configSchema, type Config } from './schema';

export class ConfigError extends Error {}

export const DEFAULT_CONFIG_PATH = resolve(__dirname, '../../../var/callcenter.json');

type Env = Record<string, string | undefined>;

/** Environment variables that override file values: name -> [path, type]. */
const ENV_OVERRIDES: Record<string, [string[], 'string' | 'number' | 'boolean']> = {
  CC_DB_HOST: [['db', 'host'], 'string'],
  CC_DB_PORT: [['db', 'port'], 'number'],
  CC_DB_USER: [['db', 'user'], 'string'],
  CC_DB_PASSWORD: [['db', 'password'], 'string'],
  CC_DB_NAME: [['db', 'database'], 'string'],
  CC_HTTP_HOST: [['http', 'host'], 'string'],
  CC_HTTP_PORT: [['http', 'port'], 'number'],
  CC_LOG_LEVEL: [['log', 'level'], 'string'],
  CC_ACD_NO_ANSWER_LOGOFF_SEC: [['acd', 'noAnswerLogoffSec'], 'number'],
  CC_ASTERISK_ROOT: [['asterisk', 'root'], 'string'],
  CC_ASTERISK_INSTANCE: [['asterisk', 'instance'], 'string'],
  CC_ARI_URL: [['asterisk', 'ariUrl'], 'string'],
  CC_ARI_REST_OVER_WS: [['asterisk', 'ariRestOverWebSocket'], 'boolean'],
  CC_AGI_PORT: [['agi', 'port'], 'number'],
  CC_AGI_SPOOL: [['agi', 'spoolFile'], 'string'],
  CC_SIP_BIND: [['sip', 'bindAddress'], 'string'],
  CC_SIP_EXTERNAL_ADDRESS: [['sip', 'externalAddress'], 'string'],
};

export function configPath(env: Env = process.env): string {
  return env.CC_CONFIG ? resolve(env.CC_CONFIG) : DEFAULT_CONFIG_PATH;
}

export function loadConfig(env: Env = process.env): Readonly<Config> {
  const path = configPath(env);
  if (!existsSync(path)) {
    throw new ConfigError(`config file ${path} does not exist; run "make install" to create it (or set CC_CONFIG)`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    // V8 quotes the text around a syntax error, which may be a password: only the position is kept.
    const at = /position (\d+)/.exec((e as Error).message);
    throw new ConfigError(`config file ${path} is not valid JSON${at ? ` (at character ${at[1]})` : ''}`);
  }
  return parseConfig(raw, env, path);
}

export function parseConfig(raw: unknown, env: Env = {}, source = 'config'): Readonly<Config> {
  const merged = structuredClone(raw ?? {}) as Record<string, Record<string, unknown>>;
  for (const [name, [[section, key], type]] of Object.entries(ENV_OVERRIDES)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    merged[section] ??= {};
    if (type === 'boolean') {
      if (value !== '1' && value !== '0' && value !== 'true' && value !== 'false') throw new ConfigError(`${name} is not 1, 0, true or false`);
      merged[section][key] = value === '1' || value === 'true';
    } else if (type === 'number') {
      const n = Number(value);
      if (!Number.isInteger(n)) throw new ConfigError(`${name} is not an integer`);
      merged[section][key] = n;
    } else {
      merged[section][key] = value;
    }
  }
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`invalid configuration in ${source}:\n  - ${lines.join('\n  - ')}`);
  }
  return deepFreeze(parsed.data);
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
