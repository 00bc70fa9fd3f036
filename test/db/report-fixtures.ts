/**
 * Hand-made call data for the report tests (two days, 2024-03-12 and -13). The expected value
 * of every metric is computed by hand in reports.test.ts from the times written here.
 */
import type { Pool } from '../../src/db/pool';

const D1 = '2024-03-12';
const D2 = '2024-03-13';

interface Call {
  guid: string; direction: 'inbound' | 'outbound' | 'internal'; caller: string; callee: string; flow?: string; group?: string; agent?: string; trunk?: string;
  status: number; started: string; queued?: string; answered?: string; ended: string; wait: number; talk: number; by: 'caller' | 'agent' | 'callee' | 'system'; survey?: number;
}

const g = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
export const GUID = { C1: g(1), C2: g(2), C3: g(3), C4: g(4), C5: g(5), C6: g(6), C7: g(7), C8: g(8), C9: g(9), C10: g(10), C11: g(11), C12: g(12), C13: g(13) };

export const CALLS: Call[] = [
  // Queue sales, day 1 09:xx
  { guid: GUID.C1, direction: 'inbound', caller: '13800000001', callee: '02566668888', flow: 'main', group: 'sales', agent: '1001', trunk: 'carrier-a', status: 9,
    started: `${D1} 09:00:00`, queued: `${D1} 09:00:10`, answered: `${D1} 09:00:20`, ended: `${D1} 09:05:20`, wait: 10, talk: 300, by: 'caller', survey: 5 },
  { guid: GUID.C2, direction: 'inbound', caller: '13800000002', callee: '02566668888', flow: 'main', group: 'sales', agent: '1002', trunk: 'carrier-a', status: 4,
    started: `${D1} 09:10:00`, queued: `${D1} 09:10:05`, answered: `${D1} 09:10:35`, ended: `${D1} 09:12:35`, wait: 30, talk: 120, by: 'agent' },
  // abandoned at 0 s: the caller hung up the moment the call entered the queue
  { guid: GUID.C3, direction: 'inbound', caller: '13800000003', callee: '02566668888', flow: 'main', group: 'sales', trunk: 'carrier-a', status: 13,
    started: `${D1} 09:20:00`, queued: `${D1} 09:20:05`, ended: `${D1} 09:20:05`, wait: 0, talk: 0, by: 'caller' },
  // abandoned while an agent's phone rang (status 8)
  { guid: GUID.C4, direction: 'inbound', caller: '13800000004', callee: '02566668888', flow: 'main', group: 'sales', trunk: 'carrier-a', status: 8,
    started: `${D1} 09:30:00`, queued: `${D1} 09:30:00`, ended: `${D1} 09:30:40`, wait: 40, talk: 0, by: 'caller' },
  // waited the group's maximum, then left a message: offered, neither answered nor abandoned
  { guid: GUID.C5, direction: 'inbound', caller: '13800000005', callee: '02566668888', flow: 'main', group: 'sales', trunk: 'carrier-a', status: 16,
    started: `${D1} 09:40:00`, queued: `${D1} 09:40:00`, ended: `${D1} 09:45:00`, wait: 300, talk: 0, by: 'caller' },
  // spans midnight: starts day 1 23:59, talk ends day 2 00:09:50
  { guid: GUID.C6, direction: 'inbound', caller: '13800000006', callee: '02566668888', flow: 'main', group: 'sales', agent: '1001', trunk: 'carrier-a', status: 9,
    started: `${D1} 23:59:00`, queued: `${D1} 23:59:10`, answered: `${D1} 23:59:50`, ended: `${D2} 00:09:50`, wait: 40, talk: 600, by: 'agent', survey: 2 },
  // support: answered after exactly the service-level threshold (20 s)
  { guid: GUID.C7, direction: 'inbound', caller: '13800000007', callee: '02566668888', flow: 'main', group: 'support', agent: '1003', trunk: 'carrier-a', status: 9,
    started: `${D1} 10:00:00`, queued: `${D1} 10:00:05`, answered: `${D1} 10:00:25`, ended: `${D1} 10:01:25`, wait: 20, talk: 60, by: 'agent', survey: 4 },
  // IVR only
  { guid: GUID.C8, direction: 'inbound', caller: '13800000008', callee: '02566668888', flow: 'main', trunk: 'carrier-a', status: 7,
    started: `${D1} 11:00:00`, ended: `${D1} 11:00:45`, wait: 0, talk: 0, by: 'caller' },
  { guid: GUID.C9, direction: 'inbound', caller: '13800000009', callee: '02566668888', flow: 'main', trunk: 'carrier-a', status: 7,
    started: `${D1} 11:30:00`, ended: `${D1} 11:30:15`, wait: 0, talk: 0, by: 'caller' },
  // outbound: answered (6), failed (12), given up while dialling (14)
  { guid: GUID.C10, direction: 'outbound', caller: '1001', callee: '057188888888', agent: '1001', trunk: 'carrier-a', status: 6,
    started: `${D1} 14:00:00`, answered: `${D1} 14:00:10`, ended: `${D1} 14:02:10`, wait: 0, talk: 120, by: 'callee' },
  { guid: GUID.C11, direction: 'outbound', caller: '1001', callee: '00861012345678', agent: '1001', trunk: 'carrier-b', status: 12,
    started: `${D1} 14:10:00`, ended: `${D1} 14:10:30`, wait: 0, talk: 0, by: 'system' },
  { guid: GUID.C12, direction: 'outbound', caller: '1002', callee: '00861012345679', agent: '1002', trunk: 'carrier-b', status: 14,
    started: `${D1} 14:20:00`, ended: `${D1} 14:20:05`, wait: 0, talk: 0, by: 'caller' },
  // internal 1001 -> 1002, answered by 1002
  { guid: GUID.C13, direction: 'internal', caller: '1001', callee: '1002', agent: '1002', status: 15,
    started: `${D1} 15:00:00`, answered: `${D1} 15:00:05`, ended: `${D1} 15:01:05`, wait: 0, talk: 60, by: 'caller' },
];

/** [extension, from, to, reason, call GUID, at] */
export const STATES: [string, string, string, string | null, string | null, string][] = [
  ['1001', 'ready', 'logged_out', null, null, '2024-03-11 18:00:00'], // before the range: logged out at its start
  ['1001', 'logged_out', 'ready', null, null, `${D1} 08:50:00`], // logged in across the 08:00/09:00 boundary
  ['1001', 'ready', 'ringing', null, GUID.C1, `${D1} 09:00:15`],
  ['1001', 'ringing', 'on_call', null, GUID.C1, `${D1} 09:00:20`],
  ['1001', 'on_call', 'wrap_up', null, GUID.C1, `${D1} 09:05:20`],
  ['1001', 'wrap_up', 'ready', null, null, `${D1} 09:05:50`],
  ['1001', 'ready', 'not_ready', 'break', null, `${D1} 09:30:00`],
  ['1001', 'not_ready', 'ready', null, null, `${D1} 09:45:00`],
  ['1001', 'ready', 'logged_out', null, null, `${D1} 10:10:00`],
  ['1001', 'logged_out', 'ready', null, null, `${D1} 23:50:00`],
  ['1001', 'ready', 'ringing', null, GUID.C6, `${D1} 23:59:45`],
  ['1001', 'ringing', 'on_call', null, GUID.C6, `${D1} 23:59:50`],
  ['1001', 'on_call', 'wrap_up', null, GUID.C6, `${D2} 00:09:50`],
  ['1001', 'wrap_up', 'ready', null, null, `${D2} 00:10:10`],
  ['1001', 'ready', 'logged_out', null, null, `${D2} 00:30:00`],
  ['1002', 'logged_out', 'ready', null, null, `${D1} 09:00:00`],
  ['1002', 'ready', 'ringing', null, GUID.C2, `${D1} 09:10:30`],
  ['1002', 'ringing', 'on_call', null, GUID.C2, `${D1} 09:10:35`],
  ['1002', 'on_call', 'ready', null, GUID.C2, `${D1} 09:12:35`],
  ['1002', 'ready', 'logged_out', null, null, `${D1} 09:20:00`],
];

/** queue_log rows as the ACD writes them for C1, C3, C4 and C6 (plus member events). */
export const QUEUE_LOG: [string, string, string, string, string, string, string, string][] = [
  // time, callid, queue, agent, event, data1, data2, data3
  [`${D1} 08:50:00`, 'NONE', 'sales', 'PJSIP/1001', 'AGENTLOGIN', 'PJSIP/1001', '', ''],
  [`${D1} 09:00:10`, GUID.C1, 'sales', 'NONE', 'ENTERQUEUE', '', '13800000001', '1'],
  [`${D1} 09:00:20`, GUID.C1, 'sales', 'PJSIP/1001', 'CONNECT', '10', `${GUID.C1}-a1`, '5'],
  [`${D1} 09:05:20`, GUID.C1, 'sales', 'PJSIP/1001', 'COMPLETECALLER', '10', '300', '1'],
  [`${D1} 09:20:05`, GUID.C3, 'sales', 'NONE', 'ENTERQUEUE', '', '13800000003', '1'],
  [`${D1} 09:20:05`, GUID.C3, 'sales', 'NONE', 'ABANDON', '1', '1', '0'],
  [`${D1} 09:30:00`, GUID.C4, 'sales', 'NONE', 'ENTERQUEUE', '', '13800000004', '1'],
  [`${D1} 09:30:30`, GUID.C4, 'sales', 'PJSIP/1002', 'RINGNOANSWER', '15000', '', ''],
  [`${D1} 09:30:40`, GUID.C4, 'sales', 'NONE', 'ABANDON', '1', '1', '40'],
  [`${D1} 23:59:10`, GUID.C6, 'sales', 'NONE', 'ENTERQUEUE', '', '13800000006', '1'],
  [`${D1} 23:59:50`, GUID.C6, 'sales', 'PJSIP/1001', 'CONNECT', '40', `${GUID.C6}-a1`, '5'],
  [`${D2} 00:09:50`, GUID.C6, 'sales', 'PJSIP/1001', 'COMPLETEAGENT', '40', '600', '1'],
];

export async function loadFixtures(pool: Pool): Promise<void> {
  for (const c of CALLS) {
    await pool.execute(`INSERT INTO call_records (guid, direction, caller, callee, flow, group_name, agent, trunk, status, started_at, queued_at, answered_at, ended_at,
      ring_sec, wait_sec, talk_sec, hangup_by, end_reason, survey_score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, 'normal', ?)`,
    [c.guid, c.direction, c.caller, c.callee, c.flow ?? null, c.group ?? null, c.agent ?? null, c.trunk ?? null, c.status, c.started, c.queued ?? null,
      c.answered ?? null, c.ended, c.wait, c.talk, c.by, c.survey ?? null]);
    if (c.survey !== undefined) {
      await pool.execute('INSERT INTO survey_results (call_guid, agent, group_name, score, at) VALUES (?, ?, ?, ?, ?)', [c.guid, c.agent ?? null, c.group ?? null, c.survey, c.ended]);
    }
  }
  for (const s of STATES) {
    await pool.execute('INSERT INTO agent_state_log (extension, from_state, to_state, reason, call_guid, at) VALUES (?, ?, ?, ?, ?, ?)', s);
  }
  for (const q of QUEUE_LOG) {
    await pool.execute('INSERT INTO queue_log (time, callid, queuename, agent, event, data1, data2, data3) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', q);
  }
}
