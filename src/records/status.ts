/**
 * Call-record status (D2): the sources' sp_tellrec status codes, decided from what happened
 * during a call. Pure. The table with the Chinese terms is in docs/CALL-RECORDS.md.
 */

export const CallStatus = {
  RING_TIMEOUT: 1, // 超时未接
  AGENT_UNREACHABLE: 2, // 未接听 (呼叫坐席失败)
  REJECTED: 3, // 拒绝接听
  TRANSFERRED: 4, // 转接通话
  WAITING_ON_HOOK: 5, // 等待挂机
  OUTBOUND_TALK: 6, // 外呼通话
  IVR_ONLY: 7, // 来电未转
  TRANSFER_RINGING: 8, // 转接振铃
  AGENT_ANSWERED: 9, // 坐席接听
  CALL_PLACED: 10, // 发起呼叫
  OFF_HOOK_NO_DIAL: 11, // 内线摘机
  CALL_FAILED: 12, // 呼叫失败
  ABANDONED_IN_QUEUE: 13, // 排队等待
  HUNG_UP_WHILE_DIALLING: 14, // 发起外呼
  INTERNAL_CALL: 15, // 呼叫分机
  VOICEMAIL: 16, // 留言
  RETRIEVED: 17, // 转回通话
  // Queue callback (issue 22), beside the source's codes:
  CALLBACK_REQUESTED: 20, // 回呼登记: the caller asked to be called back and left the queue
  CALLBACK_CONNECTED: 21, // 回呼接通: a callback reached the customer, who talked with the agent
  CALLBACK_NOT_ANSWERED: 22, // 回呼未接: a callback attempt did not reach the customer (retried per the group)
} as const;
export type CallStatusCode = (typeof CallStatus)[keyof typeof CallStatus];

export type Direction = 'inbound' | 'outbound' | 'internal';
export type HungUpBy = 'caller' | 'agent' | 'callee' | 'system';
/** How the last attempt to reach a person ended, when nobody answered. */
export type MissReason = 'timeout' | 'unreachable' | 'rejected' | null;

export interface CallFacts {
  direction: Direction;
  /** Someone (agent, extension or outside party) answered. */
  answered: boolean;
  hungUpBy: HungUpBy;
  /** The call waited in an ACD queue. */
  queued: boolean;
  /** A phone was ringing for this call when it ended. */
  ringingAtEnd: boolean;
  voicemail: boolean;
  miss: MissReason;
  /** A transfer by an agent reached its target (C3), on any kind of call. */
  transferred?: boolean;
  /** A transfer was cancelled or failed and the call went back to the agent (C3). */
  retrieved?: boolean;
  /** Queue callback: the call in which the caller asked for one, or an attempt to call the customer back. */
  callback?: 'requested' | 'attempt' | null;
  /** Refused before anyone answered, for overload (issue 18): a failed call (12) whatever its direction. */
  refused?: boolean;
}

export function callStatus(f: CallFacts): CallStatusCode {
  if (f.refused) return CallStatus.CALL_FAILED;
  if (f.voicemail) return CallStatus.VOICEMAIL;
  if (f.callback === 'requested' && !f.answered) return CallStatus.CALLBACK_REQUESTED;
  if (f.callback === 'attempt' && !(f.answered && (f.transferred || f.retrieved))) return f.answered ? CallStatus.CALLBACK_CONNECTED : CallStatus.CALLBACK_NOT_ANSWERED;
  switch (f.direction) {
    case 'inbound':
      if (f.answered && f.transferred) return CallStatus.TRANSFERRED;
      if (f.answered && f.retrieved) return CallStatus.RETRIEVED;
      if (f.answered) return CallStatus.AGENT_ANSWERED;
      if (f.hungUpBy === 'caller' && f.ringingAtEnd) return CallStatus.TRANSFER_RINGING;
      if (f.queued) return CallStatus.ABANDONED_IN_QUEUE;
      return missStatus(f.miss) ?? CallStatus.IVR_ONLY;
    case 'internal':
      if (f.answered && f.transferred) return CallStatus.TRANSFERRED;
      if (f.answered && f.retrieved) return CallStatus.RETRIEVED;
      if (f.answered) return CallStatus.INTERNAL_CALL;
      if (f.hungUpBy === 'caller') return CallStatus.HUNG_UP_WHILE_DIALLING;
      return missStatus(f.miss) ?? CallStatus.CALL_FAILED;
    case 'outbound':
      if (f.answered && f.transferred) return CallStatus.TRANSFERRED;
      if (f.answered && f.retrieved) return CallStatus.RETRIEVED;
      if (f.answered) return f.hungUpBy === 'caller' ? CallStatus.CALL_PLACED : CallStatus.OUTBOUND_TALK;
      if (f.hungUpBy === 'caller') return CallStatus.HUNG_UP_WHILE_DIALLING;
      return CallStatus.CALL_FAILED;
  }
}

function missStatus(m: MissReason): CallStatusCode | null {
  switch (m) {
    case 'timeout': return CallStatus.RING_TIMEOUT;
    case 'unreachable': return CallStatus.AGENT_UNREACHABLE;
    case 'rejected': return CallStatus.REJECTED;
    default: return null;
  }
}

/** English names of the status codes, for events and the API (Chinese terms in docs/CALL-RECORDS.md). */
export const STATUS_TEXT: Record<CallStatusCode, string> = {
  1: 'ring timeout', 2: 'agent unreachable', 3: 'rejected', 4: 'transferred', 5: 'waiting for on-hook', 6: 'outbound talk',
  7: 'not transferred (IVR only)', 8: 'transfer ringing', 9: 'agent answered', 10: 'call placed', 11: 'off-hook no dial', 12: 'call failed',
  13: 'abandoned in queue', 14: 'hung up while dialling', 15: 'internal call', 16: 'voicemail', 17: 'retrieved',
  20: 'callback requested', 21: 'callback connected', 22: 'callback not answered',
};
