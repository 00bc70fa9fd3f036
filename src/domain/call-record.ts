/**
 * A finished call's record as plain data (D2, C4, C7): one per call, keyed by its GUID. Pure
 * type, no I/O: src/calls/outcome/call-outcome.ts builds it, src/db/call-record-repository.ts
 * stores it (call_records, recordings, survey_results). Times are ISO strings.
 */
export interface CallRecord {
  guid: string;
  direction: 'inbound' | 'outbound' | 'internal';
  caller: string;
  callee: string;
  flow: string | null;
  group: string | null;
  agent: string | null;
  /** The agent ID (工号) seated at the `agent` phone when it took the call (hot-desking); absent: the extension itself. */
  agentId?: string | null;
  /** The trunk an inbound call came in on or an outbound call went out through (reports, D4). */
  trunk?: string | null;
  status: number;
  startedAt: string;
  queuedAt: string | null;
  answeredAt: string | null;
  endedAt: string;
  ringSec: number;
  waitSec: number;
  talkSec: number;
  hangupBy: 'caller' | 'agent' | 'callee' | 'system';
  endReason: string;
  surveyScore: number | null;
  recording: { path: string; startedAt: string; durationSec: number; kind: 'call' | 'voicemail' } | null;
}
