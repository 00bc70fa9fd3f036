/**
 * ADAPTER around the admission core (admission.ts): samples the event loop's delay
 * (perf_hooks.monitorEventLoopDelay; sustained over two 0.5 s windows), the ARI requests waiting in the priority queue
 * (ari-priority.ts) and the calls in setup, every `tickMs` and at every new call; logs one line
 * when shedding starts and one when it stops; counts refused calls for /metrics and health.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { Logger } from '../log/logger';
import { AdmissionControl, DEFAULT_THRESHOLDS, type AdmissionThresholds, type LoadSample, type OverloadReason, type Transition } from './admission';
import { ariRequests } from './ari-priority';
import type { RequestQueue } from './request-queue';

export interface OverloadStatus {
  shedding: boolean;
  since: string | null;
  reasons: OverloadReason[];
  /** New calls refused for overload since the app started. */
  refusedTotal: number;
  sample: Omit<LoadSample, 'at'>;
  thresholds: AdmissionThresholds;
}

export interface OverloadGuardDeps {
  log: Logger;
  /** Calls the app has taken that are not answered yet. */
  callsInSetup: () => number;
  thresholds?: AdmissionThresholds;
  queue?: RequestQueue;
  tickMs?: number;
  now?: () => number;
}

export class OverloadGuard {
  private readonly core: AdmissionControl;
  private readonly histogram: IntervalHistogram;
  private readonly queue: RequestQueue;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private delayMs = 0;
  private lastWindowMs = 0;
  private refusedTotal = 0;
  private last: LoadSample = { at: 0, eventLoopDelayMs: 0, queuedAriRequests: 0, callsInSetup: 0 };

  constructor(private readonly deps: OverloadGuardDeps) {
    this.core = new AdmissionControl(deps.thresholds ?? DEFAULT_THRESHOLDS);
    this.queue = deps.queue ?? ariRequests;
    this.now = deps.now ?? Date.now;
    this.histogram = monitorEventLoopDelay({ resolution: 20 });
  }

  /** Starts sampling; returns the disposer. */
  start(): () => void {
    this.histogram.enable();
    this.timer = setInterval(() => this.tick(), this.deps.tickMs ?? 500);
    this.timer.unref();
    return () => this.stop();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.histogram.disable();
  }

  /** Thresholds in force now (from the config at start; an operator or a test may change them). */
  setThresholds(t: AdmissionThresholds): void {
    this.core.setThresholds(t);
    this.tick();
  }

  get thresholds(): AdmissionThresholds {
    return this.core.thresholds;
  }

  /** A new call arrives: true to take it. A refusal is counted; the caller refuses the call. */
  admitNewCall(): { admit: boolean; reasons: OverloadReason[] } {
    const r = this.core.admit(this.sample());
    this.report(r.transition);
    if (!r.admit) this.refusedTotal++;
    return { admit: r.admit, reasons: r.reasons };
  }

  status(): OverloadStatus {
    const s = this.core.state;
    const { at: _at, ...sample } = this.last;
    return {
      shedding: s.name === 'shedding', since: s.name === 'shedding' ? new Date(s.since).toISOString() : null,
      reasons: s.name === 'shedding' ? [...s.reasons] : [], refusedTotal: this.refusedTotal, sample, thresholds: this.core.thresholds,
    };
  }

  private tick(): void {
    // The delay of the window just ended (p99 of 20 ms samples), then a fresh window. The input
    // is the lower of the last two windows: a delay sustained for a second, not one pause (a GC,
    // the start-up's own work), which would refuse calls for resumeAfterSec.
    const window = this.histogram.count > 0 ? Math.round(this.histogram.percentile(99) / 1e6) : 0;
    this.delayMs = Math.min(window, this.lastWindowMs);
    this.lastWindowMs = window;
    this.histogram.reset();
    this.report(this.core.evaluate(this.sample()));
  }

  private sample(): LoadSample {
    this.last = { at: this.now(), eventLoopDelayMs: this.delayMs, queuedAriRequests: this.queue.queued, callsInSetup: this.deps.callsInSetup() };
    return this.last;
  }

  private report(t: Transition | null): void {
    if (!t) return;
    const { at: _at, ...sample } = this.last;
    if (t.to === 'shedding') this.deps.log.warn({ reasons: t.reasons, ...sample, thresholds: this.core.thresholds }, 'overload: shedding new calls (refused with SIP 503) until the load falls');
    else this.deps.log.warn({ reasons: t.reasons, refused: t.refused, lastedSec: Math.round(t.lastedMs / 100) / 10, ...sample }, 'overload over: taking new calls again');
  }
}
