/**
 * Abandon accounting and the pacing's inputs for live predictive dialling (issue 22), pure.
 *
 * The cap is on abandoned / answered over 30 days, where "answered" counts live answers only
 * (a person: answered by an agent or abandoned; machines, busy, no answer are not answers).
 * The stored window (campaign_attempts) is read each tick; attempts that ended since the read
 * are added from memory, so a tick never paces on a rate older than its own last outcomes.
 */
import type { DialOutcome } from '../retry';
import type { PacingInput } from '../pacing';

export interface AbandonWindow {
  answered: number;
  abandoned: number;
  /** Dials that ended, whatever the outcome (the answer rate's sample). */
  resolved: number;
}

/** Adds one ended attempt to a window. `agent-missed` is not a dial. */
export function count(w: AbandonWindow, outcome: DialOutcome): AbandonWindow {
  if (outcome === 'agent-missed') return w;
  const live = outcome === 'answered' || outcome === 'abandoned';
  return { answered: w.answered + (live ? 1 : 0), abandoned: w.abandoned + (outcome === 'abandoned' ? 1 : 0), resolved: w.resolved + 1 };
}

/** Abandoned / answered (0 without answers). */
export function abandonRate(w: AbandonWindow): number {
  return w.answered ? w.abandoned / w.answered : 0;
}

/** A mean over the last `size` samples (handle time, time to answer). */
export class RecentMean {
  private readonly samples: number[] = [];
  constructor(private readonly size = 50, private readonly prior: number | null = null) {}

  add(x: number): void {
    if (!Number.isFinite(x) || x < 0) return;
    this.samples.push(x);
    if (this.samples.length > this.size) this.samples.shift();
  }

  get value(): number {
    if (this.samples.length === 0) return this.prior ?? 0;
    return this.samples.reduce((a, b) => a + b, 0) / this.samples.length;
  }
}

export interface FloorFacts {
  /** Ready agents of the group not spoken for by a campaign call (ringing for one). */
  readyAgents: number;
  /** Agents talking on this campaign's calls. */
  talking: number;
  /** Customer calls dialled and not yet answered by a person (dialling, screening). */
  inFlight: number;
  /** Live customers answered and waiting for an agent right now: each takes a ready agent first. */
  waiting: number;
  window: AbandonWindow;
  avgHandleSec: number;
  avgAnswerSec: number;
  abandonCapPct: number;
  maxLines: number;
}

/**
 * The pacing's input. Customers already answered and waiting take ready agents first, so they
 * are counted as lines whose answer is certain: the ready agents left for new dials shrink by
 * as many.
 */
export function pacingInput(f: FloorFacts): PacingInput {
  return {
    mode: 'predictive', readyAgents: Math.max(0, f.readyAgents - f.waiting), busyAgents: f.talking, inFlight: f.inFlight,
    answered: f.window.answered, abandoned: f.window.abandoned, resolved: f.window.resolved,
    avgHandleSec: f.avgHandleSec, avgAnswerSec: f.avgAnswerSec, abandonCap: f.abandonCapPct / 100, maxLines: Math.max(0, f.maxLines - f.waiting),
  };
}

/**
 * The most an answered customer waits for a ready agent before the safe-harbor message. The rule
 * (FTC / Ofcom) is that the message is heard within 2 s: starting it at 1.5 s leaves the media path
 * (playback start, RTP, the network) half a second.
 */
export const SAFE_HARBOR_AFTER_MS = 1500;
