/**
 * Keeps the routing tables and telephony data current: polls config_version (bumped by
 * triggers on every config table), reloads and validates on change, rewrites Asterisk's PJSIP
 * objects and reloads res_pjsip. A broken change is reported and the last good config stays.
 */
import type { Client } from 'ari-client';
import { compileTables, type CompiledTables, type RoutingTables } from '../routing';
import { loadConfigVersion, loadRoutingTables } from '../db/routing-repository';
import { loadTelephonyData } from '../db/telephony-repository';
import type { GroupConfig, TelephonyData } from '../domain';
import { compileFlows } from '../flows/flow-set';
import type { FlowSet } from '../flows/interpreter';
import { validateGroups } from '../acd/groups';
import type { Pool } from '../db/pool';
import type { Logger } from '../log/logger';
import type { Snapshot } from '../calls/call-plan';
import { writeFaxDialplan, writeLastResort, writeOoh323Peers, writePjsipObjects } from '../asterisk/site-config';
import type { InstancePaths } from '../asterisk/instance';

export interface LiveSnapshot extends Snapshot {
  version: number;
  tables: CompiledTables;
  telephony: TelephonyData;
  groups: ReadonlyMap<string, GroupConfig>;
  /** Validated flows; a call keeps the set it started with (C2). */
  flows: FlowSet;
  loadedAt: string;
}

/**
 * Validates a whole configuration as the app would run it: routing tables, flows (against the
 * groups and extensions) and groups (against the flows). Throws with every problem when it
 * cannot be used. The route CLI checks the database's configuration with the same function.
 */
export function compileConfiguration(raw: RoutingTables, telephony: TelephonyData): { tables: CompiledTables; flows: FlowSet } {
  const tables = compileTables(raw);
  const flows = compileFlows(telephony.flows, { groups: tables.groups, extensions: tables.extensions });
  validateGroups(telephony.groups, new Set(flows.keys()));
  return { tables, flows };
}

/** A configuration version in the database that failed validation while an older one stays in force. */
export interface InvalidConfig { version: number; error: string; since: string }

export class LiveConfig {
  private snapshot: LiveSnapshot | null = null;
  private timer: NodeJS.Timeout | null = null;
  private polling = false;
  /** Asterisk modules whose generated files changed and still need a reload. */
  private readonly pendingReloads = new Set<string>();
  lastError: string | null = null;
  /**
   * The newest version in the database when it is invalid (the app runs on the last good one, or
   * on none at start-up); null once a valid version is loaded. A database that cannot be read
   * leaves it as it was.
   */
  invalid: InvalidConfig | null = null;
  private readonly listeners: ((now: LiveSnapshot, before: LiveSnapshot | null) => void)[] = [];

  constructor(
    private readonly pool: Pool,
    /** The Asterisk instance whose PJSIP objects this process maintains; null: only read the config (FastAGI). */
    private readonly asterisk: InstancePaths | null,
    private readonly ari: () => Client | null,
    private readonly log: Logger,
    private readonly intervalMs: number,
  ) {}

  /** Called after every successful load (agents and groups follow the configuration). */
  onLoaded(listener: (now: LiveSnapshot, before: LiveSnapshot | null) => void): void {
    this.listeners.push(listener);
  }

  /**
   * What the configuration in force adds to the loaded one (hot-desking: seated agent IDs' groups);
   * it must return the same snapshot when it adds nothing. Returns the disposer.
   */
  useOverlay(overlay: (s: LiveSnapshot) => LiveSnapshot): () => void {
    this.overlay = overlay;
    return () => { if (this.overlay === overlay) this.overlay = null; };
  }

  private overlay: ((s: LiveSnapshot) => LiveSnapshot) | null = null;

  get current(): LiveSnapshot | null {
    return this.snapshot && this.overlay ? this.overlay(this.snapshot) : this.snapshot;
  }

  async start(): Promise<void> {
    await this.poll();
    this.timer = setInterval(() => void this.poll(), this.intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Asks Asterisk to re-read PJSIP objects if a change could not be pushed while ARI was down. */
  async retryPendingReload(): Promise<void> {
    await this.reloadModules();
  }

  async poll(): Promise<void> {
    if (this.polling) return; // never two reloads at once
    this.polling = true;
    try {
      const version = await loadConfigVersion(this.pool);
      if (this.snapshot && version === this.snapshot.version) return;
      const [raw, telephony] = await Promise.all([loadRoutingTables(this.pool), loadTelephonyData(this.pool)]);
      let compiled: { tables: CompiledTables; flows: FlowSet };
      try {
        compiled = compileConfiguration(raw, telephony);
      } catch (err) {
        if (this.invalid?.version !== version) this.invalid = { version, error: (err as Error).message, since: new Date().toISOString() };
        throw err;
      }
      const { tables, flows } = compiled;
      this.invalid = null;
      const previous = this.snapshot;
      this.snapshot = {
        version, tables, telephony, loadedAt: new Date().toISOString(), flows,
        groups: new Map(telephony.groups.map((g) => [g.name, g])),
        accounts: new Map(telephony.accounts.map((a) => [a.extension, a])),
        trunks: new Map(telephony.trunks.map((t) => [t.name, t])),
      };
      this.lastError = null;
      this.log.info({ version, rules: raw.rules.length, accounts: telephony.accounts.length, flows: flows.size }, 'configuration loaded');
      for (const l of this.listeners) l(this.snapshot, previous);
      if (this.asterisk && writePjsipObjects(this.asterisk, telephony)) this.pendingReloads.add('res_pjsip.so');
      if (this.asterisk && writeLastResort(this.asterisk, telephony)) this.pendingReloads.add('pbx_config.so');
      if (this.asterisk && writeOoh323Peers(this.asterisk, telephony)) this.pendingReloads.add('chan_ooh323.so');
      if (this.asterisk && writeFaxDialplan(this.asterisk, telephony)) this.pendingReloads.add('pbx_config.so');
      await this.reloadModules();
    } catch (err) {
      const msg = (err as Error).message;
      if (msg !== this.lastError) this.log.error({ err: msg }, 'configuration reload failed; keeping the last good configuration');
      this.lastError = msg;
    } finally {
      this.polling = false;
    }
  }

  private async reloadModules(): Promise<void> {
    const client = this.ari();
    if (!client) return; // retried when the ARI link comes up
    for (const moduleName of [...this.pendingReloads]) {
      await client.asterisk.reloadModule({ moduleName });
      this.pendingReloads.delete(moduleName);
      this.log.info({ module: moduleName }, 'generated Asterisk configuration rewritten, module reloaded');
    }
  }
}
