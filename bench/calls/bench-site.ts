/**
 * Builds and starts the benchmark site: a fresh database with the bench accounts, the
 * product's Asterisk configuration for instance "bench", plus the reference path (plain
 * dialplan Dial/Queue on the same Asterisk) that the product is compared with.
 */
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../src/config';
import { adminConnection, migrateDatabase } from '../../src/db/admin';
import { createPool } from '../../src/db/pool';
import { loadTelephonyData } from '../../src/db/telephony-repository';
import { pid, prepareDirectories, start, stop, type InstancePaths } from '../../src/asterisk/instance';
import { pathsFor, writeSiteConfig } from '../../src/asterisk/site-config';
import { BENCH, FIRST_AGENT, PHONE_EXTENSION } from './bench-config';

export const agentExtensions = (): string[] => Array.from({ length: BENCH.agents }, (_, i) => String(FIRST_AGENT + i));

/** Every row the bench needs; nothing from the demo site. */
export async function resetBenchDatabase(config: Config): Promise<void> {
  const admin = await adminConnection(config.db, null);
  try {
    await admin.query(`DROP DATABASE IF EXISTS \`${BENCH.database}\``);
    await admin.query(`CREATE DATABASE \`${BENCH.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await admin.end();
  }
  await migrateDatabase(config.db, () => {});
  const db = await adminConnection(config.db);
  try {
    await db.beginTransaction();
    // New accounts are internal-only (sql/032): the bench phone dials 8N abroad.
    await db.query("INSERT INTO sip_accounts (extension, password, display_name, allowed_ip, auto_ready, call_class) VALUES (?, NULL, ?, ?, 0, 'international')",
      [PHONE_EXTENSION, 'Bench phone', BENCH.phone]);
    const agents = agentExtensions();
    await db.query('INSERT INTO sip_accounts (extension, password, display_name, allowed_ip, auto_ready) VALUES ?',
      [agents.map((e) => [e, null, `Agent ${e}`, BENCH.callee, 1])]);
    await db.query(`INSERT INTO flows (name, description, definition) VALUES ('bench-queue', 'straight into the bench group', ?)`,
      [JSON.stringify({ start: 'q', nodes: { q: { type: 'queue', group: 'bench' } } })]);
    await db.query(`INSERT INTO agent_groups (name, display_name, number, ring_timeout_sec, wrapup_sec, max_wait_sec)
      VALUES ('bench', 'Bench', '699', 15, 0, 300)`);
    await db.query('INSERT INTO group_members (group_name, extension, priority) VALUES ?', [agents.map((e) => ['bench', e, 1])]);
    await db.query(`INSERT INTO trunks (name, host, port, username, password, register, inbound_context, caller_id_mode, caller_id_number) VALUES
      ('bench-carrier', ?, 5060, NULL, NULL, 0, 'from-carrier', 'trunk', ?),
      ('bench-in', ?, 5060, NULL, NULL, 0, 'from-carrier', 'passthrough', NULL)`, [BENCH.callee, BENCH.did, BENCH.carrier]);
    await db.query(`INSERT INTO trunk_groups (name, strategy) VALUES ('international', 'round_robin')`);
    await db.query(`INSERT INTO trunk_group_members (group_name, trunk_name, position) VALUES ('international', 'bench-carrier', 1)`);
    await db.query(`INSERT INTO dial_rules (id, context, pattern, route_type, target, description, call_class) VALUES
      (1, 'agents', '_3XXX', 'extension', '', 'agents', 'internal'),
      (2, 'agents', '_8X.', 'trunk_group', 'international', '8 + number, 8 stripped, then 0 -> 0086', 'international'),
      (3, 'from-carrier', ?, 'flow', 'bench-queue', 'bench DID: straight to the queue', NULL)`, [`_${BENCH.did}`]);
    await db.query(`INSERT INTO number_transforms (dial_rule_id, seq, op, start_pos, length, text) VALUES (2, 1, 'delete', 0, 1, '')`);
    await db.query(`INSERT INTO normalization_rules (id, trunk_group, pattern) VALUES (1, 'international', '0')`);
    await db.query(`INSERT INTO number_transforms (normalization_rule_id, seq, op, start_pos, length, text) VALUES (1, 1, 'replace', 0, 1, '0086')`);
    await db.commit();
  } finally {
    await db.end();
  }
}

/**
 * The reference: the same three calls in plain dialplan, reached by endpoint bench-ref
 * (source address BENCH.reference). Same outcome as the product: the agent's phone rings,
 * the number reaches the carrier normalised, an inbound call is answered and queued.
 */
export function referenceDialplan(): string {
  return `
[bench-reference]
; Every call is recorded from the moment it is bridged, as the product records them
; (recording.directCalls for internal and outbound calls, record_calls of the bench group).
exten => _3XXX,1,MixMonitor(bench-\${UNIQUEID}.wav,b)
 same => n,Dial(PJSIP/\${EXTEN},30)
 same => n,Hangup()
exten => _80X.,1,Set(CALLERID(num)=${BENCH.did})
 same => n,MixMonitor(bench-\${UNIQUEID}.wav,b)
 same => n,Dial(PJSIP/0086\${EXTEN:2}@bench-carrier,60)
 same => n,Hangup()
exten => ${BENCH.did},1,Answer()
 same => n,MixMonitor(bench-\${UNIQUEID}.wav,b)
 same => n,Queue(bench-ref,,,,300)
 same => n,Hangup()
`;
}

export function referencePjsip(): string {
  return `
[bench-ref]
type = endpoint
transport = transport-udp
context = bench-reference
disallow = all
allow = ulaw,alaw
direct_media = no
rtp_timeout = ${RTP_TIMEOUT_SEC}

[bench-ref-ip]
type = identify
endpoint = bench-ref
match = ${BENCH.reference}
`;
}

export function referenceQueues(agents: string[]): string {
  return ['[general]', 'persistentmembers = no', '', '[bench-ref]', 'strategy = leastrecent', 'timeout = 15', 'retry = 1',
    'wrapuptime = 0', 'ringinuse = no', 'musicclass = default', ...agents.map((e) => `member => PJSIP/${e}`), ''].join('\n');
}

/** A call whose media stops for this long is hung up by Asterisk: a call alive at the end of a hold had RTP. */
export const RTP_TIMEOUT_SEC = 10;

/** Renders the product's files for instance "bench", then adds the reference path and the RTP timeout. */
export async function writeBenchAsteriskConfig(config: Config): Promise<InstancePaths> {
  const pool = createPool(config.db);
  let p: InstancePaths;
  try {
    p = writeSiteConfig(config, await loadTelephonyData(pool));
  } finally {
    await pool.end();
  }
  const etc = (f: string) => join(p.hostEtcDir, f);
  const pjsip = readFileSync(etc('pjsip.conf'), 'utf8')
    .replace(/^\[cc-phone\]\(!\)$/m, `[cc-phone](!)\nrtp_timeout = ${RTP_TIMEOUT_SEC}`)
    .replace(/^\[cc-trunk\]\(!\)$/m, `[cc-trunk](!)\nrtp_timeout = ${RTP_TIMEOUT_SEC}`);
  writeFileSync(etc('pjsip.conf'), `${pjsip}\n#include bench_reference_pjsip.conf\n`);
  writeFileSync(etc('bench_reference_pjsip.conf'), referencePjsip());
  appendFileSync(etc('extensions.conf'), '\n#include bench_reference_dialplan.conf\n');
  writeFileSync(etc('bench_reference_dialplan.conf'), referenceDialplan());
  writeFileSync(etc('queues.conf'), referenceQueues(agentExtensions()));
  prepareDirectories(p);
  return p;
}

export async function startBenchAsterisk(config: Config): Promise<InstancePaths> {
  const p = pathsFor(config);
  await stop(p);
  // Recordings of earlier runs (product and reference): thousands of files per run.
  for (const d of ['spool/recording', 'spool/monitor']) rmSync(join(p.hostVarDir, d), { recursive: true, force: true });
  await writeBenchAsteriskConfig(config);
  await start(p);
  return p;
}

export async function stopBenchAsterisk(p: InstancePaths): Promise<void> {
  if (pid(p)) await stop(p);
}

export { channelCount } from '../../src/asterisk/instance';
