/**
 * queue_log rows as app_queue writes them (D3), built from what the ACD saw. Pure. Field
 * meanings follow Asterisk's queue_log documentation:
 *   ENTERQUEUE      data1 url, data2 caller id, data3 position
 *   RINGNOANSWER    data1 ring time (ms)
 *   CONNECT         data1 hold time (s), data2 agent channel id, data3 ring time (s)
 *   COMPLETECALLER / COMPLETEAGENT  data1 hold time, data2 talk time, data3 original position (s)
 *   ABANDON / EXITWITHTIMEOUT       data1 position, data2 original position, data3 wait time (s)
 *   AGENTLOGIN / AGENTLOGOFF, PAUSE (data1 reason) / UNPAUSE
 * The agent is the member's interface name, "PJSIP/<extension>", as app_queue writes it.
 */

export interface QueueLogRow {
  time: Date;
  callid: string;
  queuename: string;
  agent: string;
  event: string;
  data: string[];
}

const secs = (ms: number) => String(Math.max(0, Math.round(ms / 1000)));
export const memberName = (extension: string) => `PJSIP/${extension}`;

export const queueLog = {
  enter: (time: Date, guid: string, queue: string, callerId: string, position: number): QueueLogRow =>
    ({ time, callid: guid, queuename: queue, agent: 'NONE', event: 'ENTERQUEUE', data: ['', callerId, String(position)] }),
  ringNoAnswer: (time: Date, guid: string, queue: string, agent: string, ringMs: number): QueueLogRow =>
    ({ time, callid: guid, queuename: queue, agent: memberName(agent), event: 'RINGNOANSWER', data: [String(Math.round(ringMs))] }),
  connect: (time: Date, guid: string, queue: string, agent: string, holdMs: number, agentChannel: string, ringMs: number): QueueLogRow =>
    ({ time, callid: guid, queuename: queue, agent: memberName(agent), event: 'CONNECT', data: [secs(holdMs), agentChannel, secs(ringMs)] }),
  complete: (time: Date, guid: string, queue: string, agent: string, by: 'caller' | 'agent', holdMs: number, talkMs: number, position: number): QueueLogRow =>
    ({ time, callid: guid, queuename: queue, agent: memberName(agent), event: by === 'caller' ? 'COMPLETECALLER' : 'COMPLETEAGENT', data: [secs(holdMs), secs(talkMs), String(position)] }),
  abandon: (time: Date, guid: string, queue: string, position: number, origPosition: number, waitMs: number): QueueLogRow =>
    ({ time, callid: guid, queuename: queue, agent: 'NONE', event: 'ABANDON', data: [String(position), String(origPosition), secs(waitMs)] }),
  exitWithTimeout: (time: Date, guid: string, queue: string, position: number, origPosition: number, waitMs: number): QueueLogRow =>
    ({ time, callid: guid, queuename: queue, agent: 'NONE', event: 'EXITWITHTIMEOUT', data: [String(position), String(origPosition), secs(waitMs)] }),
};

/** Agent presence changes -> app_queue member events, one per group the agent belongs to. */
export function agentStateRows(time: Date, agent: string, from: string, to: string, reason: string | null, groups: readonly string[]): QueueLogRow[] {
  const row = (event: string, data: string[] = []) => groups.map((g): QueueLogRow => ({ time, callid: 'NONE', queuename: g, agent: memberName(agent), event, data }));
  if (from === 'logged_out' && to !== 'logged_out') return [...row('AGENTLOGIN', [memberName(agent)]), ...(to === 'not_ready' ? row('PAUSE', [reason ?? '']) : [])];
  if (to === 'logged_out') return row('AGENTLOGOFF', [memberName(agent)]);
  if (to === 'not_ready') return row('PAUSE', [reason ?? '']);
  if (from === 'not_ready' && to === 'ready') return row('UNPAUSE');
  return [];
}
