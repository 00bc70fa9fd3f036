/**
 * Issue 18, overload safety: whether a new call is taken or refused. PURE (no I/O, no clock:
 * the adapter passes samples with their time). The app refuses new calls early and cleanly
 * (SIP 503 before any answer, a call record with the reason) while it falls behind, so that the
 * calls it already accepted keep being served; a call once taken is never dropped for load.
 *
 * Inputs (one sample): the event loop's delay (the worst of the last sampling window), the ARI
 * requests waiting in the priority queue, and the calls in setup (not answered yet).
 *
 * States: `admitting` -> `shedding` as soon as one input reaches its bound;
 *         `shedding` -> `admitting` once every input has been below its resume level (a fraction
 *         of the bound) for `resumeAfterMs` without a break, so a load hovering at the bound does
 *         not flap. One transition, one log line (the adapter logs what `evaluate` returns).
 */
export interface AdmissionThresholds {
  /** Event-loop delay (ms) at which new calls are refused. */
  maxEventLoopDelayMs: number;
  /** ARI requests waiting for their turn (not in flight) at which new calls are refused. */
  maxQueuedAriRequests: number;
  /** Calls not answered yet at which a new call is refused (0: every new call is refused). */
  maxCallsInSetup: number;
  /** Shedding stops when every input is below this fraction of its bound ... */
  resumeRatio: number;
  /** ... for this long without a break. */
  resumeAfterMs: number;
}

export const DEFAULT_THRESHOLDS: AdmissionThresholds = {
  maxEventLoopDelayMs: 500,
  maxQueuedAriRequests: 200,
  maxCallsInSetup: 300,
  resumeRatio: 0.7,
  resumeAfterMs: 3000,
};

export interface LoadSample {
  /** Time of the sample, ms. */
  at: number;
  eventLoopDelayMs: number;
  queuedAriRequests: number;
  callsInSetup: number;
}

export type OverloadReason = 'event-loop-delay' | 'ari-queue' | 'calls-in-setup';

export type AdmissionState =
  | { name: 'admitting' }
  | { name: 'shedding'; since: number; reasons: OverloadReason[]; calmSince: number | null; refused: number };

export interface Transition {
  from: AdmissionState['name'];
  to: AdmissionState['name'];
  reasons: OverloadReason[];
  /** Calls refused during the shedding that just ended. */
  refused: number;
  /** How long that shedding lasted, ms. */
  lastedMs: number;
}

/** The inputs at or above their bound, in a fixed order. */
export function overloaded(s: LoadSample, t: AdmissionThresholds): OverloadReason[] {
  const out: OverloadReason[] = [];
  if (s.eventLoopDelayMs >= t.maxEventLoopDelayMs) out.push('event-loop-delay');
  if (s.queuedAriRequests >= t.maxQueuedAriRequests) out.push('ari-queue');
  if (s.callsInSetup >= t.maxCallsInSetup) out.push('calls-in-setup');
  return out;
}

/** True when every input is below its resume level (for a bound of 0, nothing is ever calm). */
export function calm(s: LoadSample, t: AdmissionThresholds): boolean {
  return s.eventLoopDelayMs < t.maxEventLoopDelayMs * t.resumeRatio
    && s.queuedAriRequests < t.maxQueuedAriRequests * t.resumeRatio
    && s.callsInSetup < t.maxCallsInSetup * t.resumeRatio;
}

/** Thresholds that make sense: every bound >= 0, the ratio in (0, 1]; throws naming the field. */
export function checkThresholds(t: AdmissionThresholds): AdmissionThresholds {
  for (const k of ['maxEventLoopDelayMs', 'maxQueuedAriRequests', 'maxCallsInSetup', 'resumeAfterMs'] as const) {
    if (!Number.isFinite(t[k]) || t[k] < 0) throw new Error(`overload.${k} must be a number >= 0`);
  }
  if (!(t.resumeRatio > 0 && t.resumeRatio <= 1)) throw new Error('overload.resumeRatio must be in (0, 1]');
  return t;
}

export class AdmissionControl {
  private s: AdmissionState = { name: 'admitting' };

  constructor(private t: AdmissionThresholds = DEFAULT_THRESHOLDS) {
    checkThresholds(t);
  }

  get state(): AdmissionState {
    return this.s;
  }

  get thresholds(): AdmissionThresholds {
    return this.t;
  }

  /** New thresholds take effect at the next sample. */
  setThresholds(t: AdmissionThresholds): void {
    this.t = checkThresholds(t);
  }

  /** Feeds a sample; returns the transition it caused, if any. */
  evaluate(sample: LoadSample): Transition | null {
    const reasons = overloaded(sample, this.t);
    const s = this.s;
    if (s.name === 'admitting') {
      if (reasons.length === 0) return null;
      this.s = { name: 'shedding', since: sample.at, reasons, calmSince: null, refused: 0 };
      return { from: 'admitting', to: 'shedding', reasons, refused: 0, lastedMs: 0 };
    }
    if (reasons.length > 0) {
      // Still (or again) overloaded: the calm period starts over; the reasons seen accumulate.
      s.calmSince = null;
      for (const r of reasons) if (!s.reasons.includes(r)) s.reasons.push(r);
      return null;
    }
    if (!calm(sample, this.t)) {
      s.calmSince = null;
      return null;
    }
    s.calmSince ??= sample.at;
    if (sample.at - s.calmSince < this.t.resumeAfterMs) return null;
    this.s = { name: 'admitting' };
    return { from: 'shedding', to: 'admitting', reasons: s.reasons, refused: s.refused, lastedMs: sample.at - s.since };
  }

  /**
   * A new call arrives with this sample: evaluated first, then admitted or refused. The
   * transition (if the call started or ended shedding) is returned for the log.
   */
  admit(sample: LoadSample): { admit: boolean; reasons: OverloadReason[]; transition: Transition | null } {
    const transition = this.evaluate(sample);
    const s = this.s;
    if (s.name === 'admitting') return { admit: true, reasons: [], transition };
    s.refused++;
    return { admit: false, reasons: [...s.reasons], transition };
  }
}
