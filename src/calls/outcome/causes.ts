/**
 * The one table of how a call or a leg ended: Q.850 causes (ARI's ChannelDestroyed), Dial()'s
 * DIALSTATUS (FastAGI fallback), routing refusals, hang-up reasons and the "miss" of the call
 * record (src/records/status.ts). Pure; every path that ends calls asks here.
 */
import type { MissReason } from '../../records/status';

/** How a call or leg is hung up (ARI hang-up reasons) and how a finished call is explained. */
export type HangupReason = 'normal' | 'busy' | 'no_answer' | 'congestion' | 'rejected' | 'unallocated' | 'answered_elsewhere' | 'timeout';

/** How ringing one phone ended, as the ACD and the inbound call see it (no answer, declined, not reachable). */
export type OfferMiss = 'no-answer' | 'rejected' | 'unreachable';

/** What each hang-up reason means: the Q.850 cause sent for it, and the call record's miss. */
const REASONS: Readonly<Record<HangupReason, { cause: number; miss: MissReason }>> = {
  normal: { cause: 16, miss: null }, // normal clearing
  busy: { cause: 17, miss: 'rejected' }, // user busy
  timeout: { cause: 18, miss: 'timeout' }, // no user responding
  no_answer: { cause: 19, miss: 'timeout' }, // no answer from user (user alerted)
  rejected: { cause: 21, miss: 'rejected' }, // call rejected
  unallocated: { cause: 1, miss: 'unreachable' }, // unallocated (unassigned) number
  answered_elsewhere: { cause: 26, miss: null }, // non-selected user clearing
  congestion: { cause: 34, miss: 'unreachable' }, // no circuit/channel available
};

/**
 * Q.850 causes that mean something particular here; every other cause (the rest of the normal
 * class 0-31 and all of classes 32-127: resources, service, protocol, interworking) is
 * congestion for the caller and an unreachable phone for the ACD.
 */
const CAUSES: ReadonlyMap<number, { reason: HangupReason; leg: OfferMiss }> = new Map([
  [1, { reason: 'unallocated', leg: 'unreachable' }], // unallocated number
  [3, { reason: 'unallocated', leg: 'unreachable' }], // no route to destination
  [16, { reason: 'normal', leg: 'unreachable' }], // normal clearing before answer: the phone never took the call
  [17, { reason: 'busy', leg: 'rejected' }], // user busy (DND, declined)
  [18, { reason: 'no_answer', leg: 'no-answer' }], // no user responding
  [19, { reason: 'no_answer', leg: 'no-answer' }], // no answer from user
  [21, { reason: 'rejected', leg: 'rejected' }], // call rejected
] as const);
const OTHER_CAUSE = { reason: 'congestion', leg: 'unreachable' } as const;

/** Q.850 cause of a failed leg -> how the caller is told. */
export function reasonForCause(cause: number): HangupReason {
  return (CAUSES.get(cause) ?? OTHER_CAUSE).reason;
}

/** Q.850 cause of a phone's leg that went away unanswered -> how ringing it ended. */
export function offerResultForCause(cause: number): OfferMiss {
  return (CAUSES.get(cause) ?? OTHER_CAUSE).leg;
}

/** When every leg failed, the most telling cause wins: busy, then no answer, then the first. */
export function worstReason(causes: number[]): HangupReason {
  const reasons = causes.map(reasonForCause);
  if (reasons.includes('busy')) return 'busy';
  if (reasons.includes('no_answer')) return 'no_answer';
  return reasons[0] ?? 'congestion';
}

/** The Q.850 cause that says a hang-up reason (Hangup(cause) in the dialplan). */
export function causeForReason(reason: HangupReason): number {
  return REASONS[reason].cause;
}

/** A call that ended for this reason without being answered: the call record's miss. */
export function missForReason(reason: HangupReason): MissReason {
  return REASONS[reason].miss;
}

/** How ringing a phone ended -> the call record's miss ('cancelled': we stopped it, no miss). */
export function missForOffer(result: OfferMiss | 'cancelled' | 'answered'): MissReason {
  switch (result) {
    case 'no-answer': return 'timeout';
    case 'rejected': return 'rejected';
    case 'unreachable': return 'unreachable';
    default: return null;
  }
}

/** How ringing a phone ended -> how the caller is told when nobody else will take the call. */
export function reasonForOffer(result: OfferMiss): HangupReason {
  switch (result) {
    case 'no-answer': return 'no_answer';
    case 'rejected': return 'busy';
    case 'unreachable': return 'congestion';
  }
}

/** Dial()'s DIALSTATUS -> the call record's miss (FastAGI fallback). */
export function missForDialStatus(dialStatus: string): MissReason {
  switch (dialStatus) {
    case 'NOANSWER': return 'timeout';
    case 'BUSY': return 'rejected';
    case 'CHANUNAVAIL': case 'CONGESTION': return 'unreachable';
    default: return null;
  }
}

/** A routing refusal (the engine's reject reasons) -> how the caller is told. Unknown: unallocated. */
export function reasonForRefusal(refusal: string): HangupReason {
  switch (refusal) {
    case 'no-trunk-available': case 'routing-loop': case 'outbound-limit': return 'congestion';
    case 'rule-rejects': case 'class-of-service': case 'not-whitelisted': return 'rejected';
    default: return 'unallocated';
  }
}
