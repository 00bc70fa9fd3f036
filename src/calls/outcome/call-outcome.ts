/**
 * What a finished call leaves behind (D2, T1): its call record and its last two CTI events,
 * call.hungup and call.result, decided from the facts the call gathered. Pure, no I/O: every
 * path that ends a call (inbound, routed, refused, adopted, FastAGI fallback) builds its facts
 * and writes / publishes what this returns.
 */
import type { CallRecord } from '../../domain/call-record';
import type { CtiEventBody, HangupSide } from '../../events/cti-events';
import { callStatus, STATUS_TEXT, type Direction, type HungUpBy, type MissReason } from '../../records/status';

export interface CallFacts {
  guid: string;
  direction: Direction;
  caller: string;
  /** The number dialled (DID, group number, extension or outside number). */
  callee: string;
  flow: string | null;
  group: string | null;
  trunk: string | null;
  /** Who talked (or placed the call): the record's and the events' agent. */
  agent: string | null;
  /** Times in ms since the epoch; null: it did not happen. */
  startedAt: number;
  /** Entered an ACD queue; the call counts as queued for its status when set. */
  queuedAt: number | null;
  /** Someone answered; the call counts as answered for its status when set. */
  answeredAt: number | null;
  /** The conversation ended before the call did (survey after the agent hung up); null: at endedAt. */
  talkEndedAt: number | null;
  endedAt: number;
  /** The answering phone's ring time. */
  ringMs: number;
  hungUpBy: HungUpBy;
  endReason: string;
  surveyScore: number | null;
  /** kind 'voicemail' makes the call a voicemail (16); a 'call' recording lasts to the end of the talk. */
  recording: { path: string; kind: 'call' | 'voicemail'; startedAt: number } | null;
  /** A phone was ringing for this call when it ended. */
  ringingAtEnd: boolean;
  /** How the last attempt to reach a person ended, when nobody answered (causes.ts). */
  miss: MissReason;
  /** A transfer by an agent reached its target (4). */
  transferred: boolean;
  /** A transfer failed and the call went back to the agent (17). */
  retrieved: boolean;
  /** Queue callback: the call that asked for one (20) or an attempt to call the customer back (21, 22). */
  callback?: 'requested' | 'attempt' | null;
  /**
   * The agent named by call.hungup when it is not `agent` (an inbound call names the phone the
   * caller was connected to, even when that is not a logged-in agent). Absent: `agent`.
   */
  hungUpAgent?: string | null;
  /** Refused before anyone answered, for overload (issue 18): status 12 whatever the direction. */
  refused?: boolean;
}

export type CallHungupEvent = Extract<CtiEventBody, { type: 'call.hungup' }>;
export type CallResultEvent = Extract<CtiEventBody, { type: 'call.result' }>;

export interface CallOutcome {
  record: CallRecord;
  hungup: CallHungupEvent;
  result: CallResultEvent;
}

/** Seconds from a to b, 0 when either is missing, never negative. */
const sec = (a: number | null, b: number | null): number => (a !== null && b !== null ? Math.max(0, (b - a) / 1000) : 0);
const iso = (t: number): string => new Date(t).toISOString();

export function callOutcome(f: CallFacts): CallOutcome {
  const status = callStatus({
    direction: f.direction, answered: f.answeredAt !== null, hungUpBy: f.hungUpBy, queued: f.queuedAt !== null,
    ringingAtEnd: f.ringingAtEnd, voicemail: f.recording?.kind === 'voicemail', miss: f.miss, transferred: f.transferred, retrieved: f.retrieved,
    callback: f.callback ?? null, refused: f.refused ?? false,
  });
  const talkEnd = f.talkEndedAt ?? f.endedAt;
  const talkSec = sec(f.answeredAt, talkEnd);
  const waitSec = sec(f.queuedAt, f.answeredAt ?? f.endedAt);
  const rec = f.recording;
  const by: HangupSide = f.hungUpBy;
  return {
    record: {
      guid: f.guid, direction: f.direction, caller: f.caller, callee: f.callee, flow: f.flow, group: f.group, agent: f.agent, trunk: f.trunk, status,
      startedAt: iso(f.startedAt), queuedAt: f.queuedAt === null ? null : iso(f.queuedAt), answeredAt: f.answeredAt === null ? null : iso(f.answeredAt),
      endedAt: iso(f.endedAt), ringSec: f.ringMs / 1000, waitSec, talkSec, hangupBy: f.hungUpBy, endReason: f.endReason, surveyScore: f.surveyScore,
      recording: rec ? { path: rec.path, kind: rec.kind, startedAt: iso(rec.startedAt), durationSec: sec(rec.startedAt, rec.kind === 'call' ? talkEnd : f.endedAt) } : null,
    },
    hungup: { type: 'call.hungup', guid: f.guid, by, agent: f.hungUpAgent === undefined ? f.agent : f.hungUpAgent },
    result: {
      type: 'call.result', guid: f.guid, status, statusText: STATUS_TEXT[status], caller: f.caller, callee: f.callee, agent: f.agent, group: f.group, talkSec, waitSec,
    },
  };
}
