/**
 * The product under test: a fresh test database, the product's Asterisk (instance "test",
 * same ports as the demo) and the app started in-process so tests can inspect its registry.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pino from 'pino';
import type { Client } from 'ari-client';
import { configPath, parseConfig, type Config } from '../../../src/config';
import { adminConnection, loadSeed, migrateDatabase } from '../../../src/db/admin';
import { createPool } from '../../../src/db/pool';
import { loadTelephonyData } from '../../../src/db/telephony-repository';
import { pid, start, stop, cli, channelCount, instancePaths } from '../../../src/asterisk/instance';
import { pathsFor, writeSiteConfig } from '../../../src/asterisk/site-config';
import { startApp, type RunningApp } from '../../../src/app';
import { createLogger } from '../../../src/log/logger';

export const TEST_DB = 'callcenter_test';
export const LOG_FILE = resolve(__dirname, '../../../../var/log/test-app.log');

/** API users of the test site (the site's own config file may hold other secrets). */
export const TEST_API = {
  admin: { name: 'admin', password: 'test-admin-password', role: 'admin' as const },
  supervisor: { name: 'super', password: 'test-super-password', role: 'supervisor' as const },
  token: { name: 'crm', token: 'test-crm-token-0123456789abcdef', role: 'crm' as const },
  /** A program with supervisor rights (Prometheus scraping /metrics). */
  monitor: { name: 'prometheus', token: 'test-prometheus-token-0123456789', role: 'supervisor' as const },
};

export function testConfig(): Config {
  const raw = JSON.parse(readFileSync(configPath(), 'utf8'));
  raw.api = { users: [TEST_API.admin, TEST_API.supervisor], tokens: [TEST_API.token, TEST_API.monitor] };
  return parseConfig(raw, { ...process.env, CC_DB_NAME: TEST_DB, CC_ASTERISK_INSTANCE: 'test', CC_LOG_LEVEL: 'debug', CC_ACD_NO_ANSWER_LOGOFF_SEC: '5' }, 'test config');
}

export async function resetDatabase(config: Config): Promise<void> {
  const conn = await adminConnection(config.db, null);
  await conn.query(`DROP DATABASE IF EXISTS \`${TEST_DB}\``);
  await conn.query(`CREATE DATABASE \`${TEST_DB}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await conn.end();
  await migrateDatabase(config.db, () => {});
  await loadSeed(config.db, 'demo');
}

export class Product {
  app!: RunningApp;
  readonly config = testConfig();
  readonly paths = pathsFor(this.config);

  async start(): Promise<void> {
    const demo = instancePaths(this.config.asterisk.root, 'main');
    if (pid(demo)) throw new Error('the demo site\'s Asterisk is running on the same ports: run "make stop" first');
    await resetDatabase(this.config);
    const pool = createPool(this.config.db);
    try {
      writeSiteConfig(this.config, await loadTelephonyData(pool));
    } finally {
      await pool.end();
    }
    await stop(this.paths); // a leftover from an interrupted run
    await start(this.paths);
    this.log = createLogger('debug', pino.destination({ dest: LOG_FILE, mkdir: true, sync: true, append: false }));
    this.app = await startApp(this.config, this.log);
  }

  private log!: ReturnType<typeof createLogger>;

  /**
   * Stops the app and starts a new one against the same Asterisk and database; `changes` are
   * site-config settings for that app only (the next restart without them goes back).
   */
  async restartApp(changes: Partial<Config> = {}): Promise<void> {
    await this.app.stop();
    this.app = await startApp({ ...this.config, ...changes }, this.log);
  }

  /** Stops the app only (Asterisk keeps running): Stasis() then finds no application. */
  async stopApp(): Promise<void> {
    await this.app.stop();
    this.appRunning = false;
  }

  async startAppAgain(): Promise<void> {
    this.app = await startApp(this.config, this.log);
    this.appRunning = true;
  }

  appRunning = true;

  /** Channels up in the product's Asterisk, asked over the CLI (works with the app stopped). */
  channelCount(): Promise<number> {
    return channelCount(this.paths);
  }

  ari(): Client {
    const c = this.app.ari.current;
    if (!c) throw new Error('product ARI link is down');
    return c;
  }

  cli(cmd: string): Promise<string> {
    return cli(this.paths, cmd);
  }

  async stop(): Promise<void> {
    await this.app?.stop();
    await stop(this.paths);
  }
}
