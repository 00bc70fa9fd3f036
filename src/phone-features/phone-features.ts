/**
 * PBX features of a phone (source 001 §4.2, 003, 002 §5(7)): call forwarding (unconditional,
 * busy, no answer), do not disturb and call waiting, per account. Pure: what a call to a phone
 * does given the phone's settings and whether it is busy, and what a feature code changes.
 */

export interface PhoneFeatures {
  /** Do not disturb: calls to the phone are busy (or forwarded on busy); the ACD treats the agent as not ready. */
  dnd: boolean;
  /** A second call to a busy phone rings it (with a call-waiting tone) instead of being busy. */
  callWaiting: boolean;
  /** Forward every call (unconditional, 无条件转移). */
  forwardAll: string | null;
  /** Forward when busy (or DND). */
  forwardBusy: string | null;
  /** Forward when not answered within noAnswerSec. */
  forwardNoAnswer: string | null;
  noAnswerSec: number;
}

export const DEFAULT_PHONE_FEATURES: PhoneFeatures = Object.freeze({
  dnd: false, callWaiting: true, forwardAll: null, forwardBusy: null, forwardNoAnswer: null, noAnswerSec: 20,
});

export const NO_ANSWER_SEC = { min: 5, max: 120 } as const;

/** A forward target: an extension, a group number or an outside number, dialled as the forwarding phone would. */
export const FORWARD_NUMBER = /^[0-9]{1,24}$/;

export type RingDecision =
  /** Ring the phone; callWaiting: it is busy and hears the call-waiting tone; noAnswer: where to go after afterSec. */
  | { kind: 'ring'; callWaiting: boolean; noAnswer: { to: string; afterSec: number } | null }
  | { kind: 'forward'; to: string; why: 'always' | 'busy' | 'dnd' }
  /** Refuse with busy (SIP 486, cause 17). */
  | { kind: 'busy'; why: 'busy' | 'dnd' };

/** What a call to a phone does. busy: the phone has a call up or is ringing for one. */
export function decideRing(f: PhoneFeatures, busy: boolean): RingDecision {
  if (f.forwardAll) return { kind: 'forward', to: f.forwardAll, why: 'always' };
  if (f.dnd) return f.forwardBusy ? { kind: 'forward', to: f.forwardBusy, why: 'dnd' } : { kind: 'busy', why: 'dnd' };
  if (busy && !f.callWaiting) return f.forwardBusy ? { kind: 'forward', to: f.forwardBusy, why: 'busy' } : { kind: 'busy', why: 'busy' };
  return { kind: 'ring', callWaiting: busy, noAnswer: f.forwardNoAnswer ? { to: f.forwardNoAnswer, afterSec: f.noAnswerSec } : null };
}

/** Forwarding hops a call may take before it rings where it is (A -> B -> C ...): a loop ends busy. */
export const MAX_FORWARD_HOPS = 5;

/** A change of settings: from a feature code or the API. */
export type FeatureChange = Partial<PhoneFeatures>;

export function applyChange(f: PhoneFeatures, c: FeatureChange): PhoneFeatures {
  return { ...f, ...c };
}

/** The problems of a change (empty when valid); the API answers 400 with all of them. */
export function validateChange(c: FeatureChange, self: string): string[] {
  const problems: string[] = [];
  for (const k of ['forwardAll', 'forwardBusy', 'forwardNoAnswer'] as const) {
    const v = c[k];
    if (v === undefined || v === null) continue;
    if (!FORWARD_NUMBER.test(v)) problems.push(`${k}: digits only, 1-24`);
    else if (v === self) problems.push(`${k}: a phone cannot forward to itself`);
  }
  if (c.noAnswerSec !== undefined && (!Number.isInteger(c.noAnswerSec) || c.noAnswerSec < NO_ANSWER_SEC.min || c.noAnswerSec > NO_ANSWER_SEC.max)) {
    problems.push(`noAnswerSec: a whole number of seconds from ${NO_ANSWER_SEC.min} to ${NO_ANSWER_SEC.max}`);
  }
  return problems;
}

// --- feature codes dialled on the phone ---

export interface PhoneFeatureCodes {
  /** `*21<number>#` forwards every call there; `*21#` cancels. */
  forwardAll: string;
  /** `*22<number>#` on busy; `*22#` cancels. */
  forwardBusy: string;
  /** `*23<number>#` or `*23<number>*<seconds>#` on no answer; `*23#` cancels. */
  forwardNoAnswer: string;
  dndOn: string;
  dndOff: string;
  callWaitingOn: string;
  callWaitingOff: string;
  /** Plain `*`: picks up the call ringing longest in the picker's own group(s) (摘机并按'*'即可抢接). */
  groupPickup: string;
}

export const DEFAULT_PHONE_FEATURE_CODES: PhoneFeatureCodes = Object.freeze({
  forwardAll: '*21', forwardBusy: '*22', forwardNoAnswer: '*23', dndOn: '*31', dndOff: '*32',
  callWaitingOn: '*41', callWaitingOff: '*42', groupPickup: '*',
});

export type PhoneFeatureRequest =
  | { kind: 'change'; change: FeatureChange }
  | { kind: 'group-pickup' };

/** A dialled string as a phone feature request, or null. A trailing # is optional. */
export function matchPhoneFeatureCode(dialled: string, codes: PhoneFeatureCodes): PhoneFeatureRequest | null {
  if (!dialled.startsWith('*')) return null;
  const number = dialled.endsWith('#') ? dialled.slice(0, -1) : dialled;
  // Longest code first, so a plain "*" never shadows "*21".
  const entries = (Object.entries(codes) as [keyof PhoneFeatureCodes, string][]).sort((a, b) => b[1].length - a[1].length);
  for (const [kind, code] of entries) {
    if (!number.startsWith(code)) continue;
    const rest = number.slice(code.length);
    switch (kind) {
      case 'forwardAll':
      case 'forwardBusy':
        if (rest === '') return { kind: 'change', change: { [kind]: null } };
        if (FORWARD_NUMBER.test(rest)) return { kind: 'change', change: { [kind]: rest } };
        break;
      case 'forwardNoAnswer': {
        if (rest === '') return { kind: 'change', change: { forwardNoAnswer: null } };
        const m = /^([0-9]{1,24})(?:\*([0-9]{1,3}))?$/.exec(rest);
        if (m) return { kind: 'change', change: m[2] ? { forwardNoAnswer: m[1], noAnswerSec: Number(m[2]) } : { forwardNoAnswer: m[1] } };
        break;
      }
      case 'dndOn': case 'dndOff':
        if (rest === '') return { kind: 'change', change: { dnd: kind === 'dndOn' } };
        break;
      case 'callWaitingOn': case 'callWaitingOff':
        if (rest === '') return { kind: 'change', change: { callWaiting: kind === 'callWaitingOn' } };
        break;
      case 'groupPickup':
        if (rest === '') return { kind: 'group-pickup' };
        break;
    }
  }
  return null;
}
