/**
 * Issue 16: call records for the calls the static last resort handled (src/asterisk/last-resort.ts),
 * which neither the app nor FastAGI saw: built from Asterisk's CDR rows when the app is back. The
 * last-resort dialplan marks its calls' CDRs (userfield `cc-last-resort`, `cc-last-resort-in` once it
 * rings the agents for a trunk call). One call = the CDR rows of one linkedid. The record's GUID
 * is derived from the linkedid, so building it again gives the same GUID and INSERT IGNORE keeps
 * one row. Pure: CDR rows in, call records out.
 */
import { createHash } from 'node:crypto';
import type { CallRecord } from '../domain/call-record';
import { callOutcome } from '../calls/outcome/call-outcome';
import type { MissReason } from './status';

export const LAST_RESORT_MARK = 'cc-last-resort';
export const LAST_RESORT_INBOUND_MARK = 'cc-last-resort-in';

export interface CdrRow {
  calldate: Date;
  answerdate: Date | null;
  hangupdate: Date | null;
  src: string;
  dst: string;
  dstchannel: string;
  disposition: string;
  billsec: number;
  duration: number;
  uniqueid: string;
  linkedid: string;
  userfield: string;
}

/** A GUID (UUID layout, version 5 bits) that only this Asterisk call gives. */
export function lastResortGuid(linkedid: string): string {
  const h = createHash('sha1').update(`callcenter-last-resort:${linkedid}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

const DISPOSITION_MISS: Record<string, MissReason> = { 'NO ANSWER': 'timeout', BUSY: 'rejected', FAILED: 'unreachable', CONGESTION: 'unreachable' };

/** One call's record from its CDR rows (all with the same linkedid). */
export function lastResortRecord(rows: CdrRow[]): CallRecord {
  const first = rows.reduce((a, b) => (b.calldate < a.calldate ? b : a));
  const inbound = rows.some((r) => r.userfield === LAST_RESORT_INBOUND_MARK);
  // Answered by a phone: a row with a dialled channel (an Answer() for a prompt has none).
  const talked = rows.find((r) => r.dstchannel !== '' && r.disposition === 'ANSWERED' && r.answerdate);
  const dialled = rows.filter((r) => r.dstchannel !== '');
  const startedAt = first.calldate.getTime();
  const endedAt = Math.max(startedAt, ...rows.map((r) => (r.hangupdate ?? new Date(r.calldate.getTime() + r.duration * 1000)).getTime()));
  const answeredAt = talked ? talked.answerdate!.getTime() : null;
  const miss = talked || !dialled.length ? null : DISPOSITION_MISS[dialled[dialled.length - 1].disposition] ?? 'timeout';
  const disposition = talked ? 'answered' : !inbound ? 'no-service' : dialled.length ? (dialled[dialled.length - 1].disposition || 'no answer').toLowerCase().replace(/ /g, '-') : 'no-agents';
  return callOutcome({
    guid: lastResortGuid(first.linkedid || first.uniqueid), direction: inbound ? 'inbound' : 'internal', caller: first.src, callee: first.dst,
    flow: null, group: null, trunk: null, agent: talked ? /^[A-Za-z0-9]+\/([^-]+)-/.exec(talked.dstchannel)?.[1] ?? null : null,
    startedAt, queuedAt: null, answeredAt, talkEndedAt: answeredAt !== null ? Math.min(endedAt, answeredAt + talked!.billsec * 1000) : null, endedAt, ringMs: 0,
    // The CDR does not say which side hung up an answered call: the caller is assumed.
    hungUpBy: talked ? 'caller' : 'system', endReason: `last-resort:${disposition}`.slice(0, 32), surveyScore: null, recording: null,
    ringingAtEnd: false, miss, transferred: false, retrieved: false,
  }).record;
}

/** The records of every call among `rows`, grouped by linkedid. */
export function lastResortRecords(rows: CdrRow[]): CallRecord[] {
  const calls = new Map<string, CdrRow[]>();
  for (const r of rows) {
    const key = r.linkedid || r.uniqueid;
    calls.set(key, [...(calls.get(key) ?? []), r]);
  }
  return [...calls.values()].map(lastResortRecord);
}
