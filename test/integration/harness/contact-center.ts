/** Helpers for the contact-center tests: agents, configuration edits, call records. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { RowDataPacket } from 'mysql2/promise';
import { loadSeed } from '../../../src/db/admin';
import { loadConfigVersion } from '../../../src/db/routing-repository';
import { CallSession } from '../../../src/calls/session/call-session';
import { createPool, type Pool } from '../../../src/db/pool';
import type { Peer, PeerChannel } from './peer';
import { site } from './site';
import { until } from './wait';

const app = () => site.product.app;

/** Logs every demo agent out, then in (and ready) in the given order: the first is idle longest. */
export function resetAgents(order = ['1001', '1002', '1003', '1004']): void {
  for (const ext of order) if (app().agents.get(ext)?.name !== 'logged_out') app().agents.apply(ext, { type: 'logout', reason: 'test-reset' });
  let t = 0;
  for (const ext of order) {
    app().agents.apply(ext, { type: 'login' });
    // Distinct positions even within one millisecond.
    const s = app().agents.get(ext)!;
    s.queuedSince = s.queuedSince + t++;
  }
}

export function agentState(ext: string): string {
  return app().agents.get(ext)?.name ?? 'unknown';
}

/** Runs SQL as the app's user and waits until the app has loaded the resulting configuration. */
export async function changeConfig(sql: string, args: unknown[] = []): Promise<void> {
  await app().pool.query(sql, args);
  await configCaughtUp();
}

export async function configCaughtUp(): Promise<void> {
  const version = await loadConfigVersion(app().pool);
  await until('the app to load config version ' + version, 5000, () => (app().liveConfig.current?.version ?? 0) >= version, 50);
}

/** Puts the demo configuration back (one transaction) and waits for the app to load it. */
export async function restoreDemoConfig(): Promise<void> {
  await loadSeed(site.product.config.db, 'demo');
  await configCaughtUp();
}

/** Waits for the newest call record whose column (caller or guid) has this value. */
async function waitForRecord(column: 'caller' | 'guid', value: string, timeoutMs: number): Promise<RowDataPacket> {
  let row: RowDataPacket | undefined;
  await until(`the call record with ${column} ${value}`, timeoutMs, async () => {
    await app().records.flush();
    const [rows] = await app().pool.query<RowDataPacket[]>(`SELECT * FROM call_records WHERE ${column} = ? ORDER BY started_at DESC LIMIT 1`, [value]);
    row = rows[0];
    return !!row;
  }, 100);
  return row!;
}

export const callRecord = (where: { caller: string }, timeoutMs = 8000) => waitForRecord('caller', where.caller, timeoutMs);
export const recordByGuid = (guid: string, timeoutMs = 8000) => waitForRecord('guid', guid, timeoutMs);

/** The GUID of the only call in progress. */
export function onlyCallGuid(): string {
  const calls = app().registry.all();
  if (calls.length !== 1) throw new Error(`expected one call in progress, found ${calls.length}`);
  return calls[0].guid;
}

export function inboundCalls(): CallSession[] {
  return app().registry.all().filter((c): c is CallSession => c instanceof CallSession && c.info.direction === 'inbound');
}

/** A caller number no other test uses, so records are found without leftovers. */
let seq = 0;
export function uniqueCaller(): string {
  return `138${String(Date.now() % 1e6).padStart(6, '0')}${String(seq++ % 100).padStart(2, '0')}`;
}

/** RMS level of a 16-bit PCM WAV file's samples (0 = silence). */
export function wavRms(path: string): number {
  const buf = readFileSync(path);
  const data = buf.indexOf('data');
  const start = data >= 0 ? data + 8 : 44;
  let sum = 0;
  let n = 0;
  for (let i = start; i + 1 < buf.length; i += 2) {
    const v = buf.readInt16LE(i);
    sum += v * v;
    n++;
  }
  return n ? Math.sqrt(sum / n) : 0;
}

export function fileSize(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

/**
 * A direct call placed from one peer (dial string on that peer), answered at another peer where
 * `exten` rings, and connected in the product: returns the two peer channels and the call's GUID.
 */
export async function connectedCall(
  from: Peer, dial: string, to: Peer, exten: string, callerId?: string,
): Promise<{ caller: string; callee: PeerChannel; guid: string }> {
  const caller = await from.call(dial, callerId ? { callerId } : {});
  const callee = await to.waitForCall((c) => c.exten === exten);
  const guid = onlyCallGuid();
  await to.answer(callee.id);
  await from.waitForAnswer(caller);
  await until('the call connected', 5000, () => app().registry.byGuid(guid)?.snapshot?.().state === 'connected', 20);
  return { caller, callee, guid };
}

/**
 * For tests that run the app as a real process: agents reset and saved, the in-process app
 * stopped (Asterisk keeps running); returns a database pool for the test's checks.
 */
export async function stopInProcessApp(): Promise<Pool> {
  resetAgents();
  await app().agents.flush();
  await site.product.stopApp();
  return createPool(site.product.config.db);
}
