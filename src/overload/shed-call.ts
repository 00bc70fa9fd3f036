/**
 * A new call refused for overload (issue 18): hung up before any answer with cause 34
 * (congestion), which PJSIP sends as `503 Service Unavailable`, and recorded (status 12,
 * end reason `overload`, hung up by `system`) with its call.started / call.hungup / call.result
 * events, like every other call. Nothing else is done for it: no routing, no media, no bridge.
 */
import type { Client } from 'ari-client';
import { ifStillThere } from '../ari/errors';
import { callOutcome } from '../calls/outcome/call-outcome';
import type { EventSink } from '../events/cti-events';
import type { Logger } from '../log/logger';
import type { RecordWriter } from '../records/record-writer';
import type { Direction } from '../records/status';
import type { OverloadReason } from './admission';

export const OVERLOAD_END_REASON = 'overload';

export interface ShedCall {
  guid: string;
  channelId: string;
  direction: Direction;
  caller: string;
  callee: string;
  /** The trunk it came in on (inbound) or would have gone out through; the calling account for a phone's call. */
  trunk: string | null;
  agent: string | null;
  reasons: OverloadReason[];
}

export function shedCall(c: ShedCall, d: { client: Client; events: EventSink; records: RecordWriter; log: Logger }): void {
  d.log.info({ caller: c.caller, callee: c.callee, reasons: c.reasons }, 'new call refused: overload (SIP 503)');
  void ifStillThere(() => d.client.channels.hangup({ channelId: c.channelId, reason: 'congestion' })).catch(() => undefined);
  d.events.publish({ type: 'call.started', guid: c.guid, direction: c.direction, caller: c.caller, callee: c.callee });
  const now = Date.now();
  const { record, hungup, result } = callOutcome({
    guid: c.guid, direction: c.direction, caller: c.caller, callee: c.callee, flow: null, group: null, trunk: c.trunk, agent: c.agent,
    startedAt: now, queuedAt: null, answeredAt: null, talkEndedAt: null, endedAt: now, ringMs: 0, hungUpBy: 'system',
    endReason: OVERLOAD_END_REASON, surveyScore: null, recording: null, ringingAtEnd: false, miss: null, transferred: false, retrieved: false,
    refused: true,
  });
  d.events.publish(hungup);
  void d.records.write(record);
  d.events.publish(result);
}

/** What StasisApp hands over for a new call: the verdict is asked here, the refusal done here. */
export interface NewCall {
  guid: string;
  channelId: string;
  caller: string;
  callee: string;
  /** The trunk a call from a carrier came in on; null: a phone's call. */
  fromTrunk: string | null;
  /** The calling account of a phone's call. */
  account: string | null;
  /** A phone's call: the trunk routing would send it out through (null: internal). Asked only for a refused call. */
  outsideTrunk: () => string | null;
}

/**
 * True when the call may go on; false when it was refused for overload (the verdict of the
 * admission core, overload-guard.ts). Calls the app placed itself or resumed never come here.
 */
export function admitOrShed(overload: { admitNewCall(): { admit: boolean; reasons: OverloadReason[] } } | undefined, c: NewCall, d: { client: Client; events: EventSink; records: RecordWriter; log: Logger }): boolean {
  if (!overload) return true;
  const verdict = overload.admitNewCall();
  if (verdict.admit) return true;
  const outside = c.fromTrunk === null ? c.outsideTrunk() : null;
  const direction: Direction = c.fromTrunk !== null ? 'inbound' : outside !== null ? 'outbound' : 'internal';
  shedCall({ guid: c.guid, channelId: c.channelId, direction, caller: c.caller, callee: c.callee, trunk: c.fromTrunk ?? outside, agent: c.account, reasons: verdict.reasons }, d);
  return false;
}
