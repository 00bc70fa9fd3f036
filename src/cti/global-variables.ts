/**
 * Global variables (manual 002 §3.30 设置全局变量): values a supervisor sets for the whole
 * site (a holiday switch, a message of the day). Kept in MySQL (global_variables), held in
 * memory for calls: every flow a call starts sees each as `global_<name>` beside its own
 * variables. A change applies to flows started after it. Writes go to MySQL first; when MySQL
 * refuses, nothing changes.
 */
import type { Pool } from '../db/pool';
import { deleteGlobalVariable, listGlobalVariables, upsertGlobalVariable } from '../db/global-variable-repository';
import { GLOBAL_VARIABLE_PREFIX as GLOBAL_PREFIX } from '../flows/built-in-variables';
import type { Logger } from '../log/logger';

/** A name: lower case, so that global_<name> is a valid flow variable (at most 32 characters). */
export const GLOBAL_NAME = /^[a-z][a-z0-9_]{0,24}$/;

export class GlobalVariables {
  private values: Record<string, string> = {};
  private loaded = false;

  constructor(private readonly pool: Pool, private readonly log: Logger) {}

  /** Reads the table; on failure the next read through the API tries again. */
  async load(): Promise<void> {
    try {
      this.values = await listGlobalVariables(this.pool);
      this.loaded = true;
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'global variables not read from MySQL; retried at the next API read');
    }
  }

  async all(): Promise<Record<string, string>> {
    if (!this.loaded) await this.load();
    if (!this.loaded) throw new Error('global variables are not loaded (MySQL?)');
    return { ...this.values };
  }

  async set(name: string, value: string): Promise<void> {
    await upsertGlobalVariable(this.pool, name, value);
    this.values[name] = value;
    this.log.info({ name, length: value.length }, `global variable ${name} set`);
  }

  async remove(name: string): Promise<boolean> {
    const existed = await deleteGlobalVariable(this.pool, name);
    delete this.values[name];
    if (existed) this.log.info({ name }, `global variable ${name} removed`);
    return existed;
  }

  /** What a flow starts with: global_<name> for each (synchronous, from memory). */
  forFlows(): Record<string, string> {
    return Object.fromEntries(Object.entries(this.values).map(([k, v]) => [`${GLOBAL_PREFIX}${k}`, v]));
  }
}
