/** bench/results/<date>.json: every benchmark adds its section; the machine is recorded once per file. */
import { cpus, totalmem } from 'node:os';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const RESULTS_DIR = resolve(__dirname, '../../bench/results');

export function machine(): Record<string, unknown> {
  return { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, quick: process.env.QUICK === '1' };
}

export function saveResults(section: string, data: unknown, date = new Date()): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${date.toISOString().slice(0, 10)}.json`);
  const all = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  all.machine = machine();
  all[section] = { at: date.toISOString(), ...(data as object) };
  writeFileSync(file, JSON.stringify(all, null, 2) + '\n');
  return file;
}
