/**
 * A simulated predictive (or progressive) campaign: agents, customers who answer with a given
 * rate after a random time, and handle times, driven second by second by the real pacing
 * function (pacing.ts). Pure and seeded: the same parameters give the same run. The unit tests
 * check the abandon cap over many runs; docs/CAMPAIGNS.md shows measured figures.
 */
import { pace, type DialMode } from './pacing';

export interface SimulationParams {
  mode: DialMode;
  agents: number;
  /** Share of dials a person answers. */
  answerRate: number;
  /** Mean handle time (talk + wrap-up), seconds; exponential, at least 5 s. */
  avgHandleSec: number;
  /** Answered calls are answered after 3..(3 + ringSpreadSec) s; unanswered dials end after 25 s. */
  ringSpreadSec: number;
  abandonCap: number;
  maxLines: number;
  durationSec: number;
  seed: number;
}

export interface SimulationResult {
  dials: number;
  answered: number;
  abandoned: number;
  /** abandoned / answered (0 when nothing was answered). */
  abandonRate: number;
  /** The highest abandon rate seen at any second once 1 call was answered. */
  worstRate: number;
  /** Share of agent-seconds spent on calls. */
  occupancy: number;
}

/** mulberry32: a small, seeded generator (tests must be repeatable). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function simulate(s: SimulationParams): SimulationResult {
  const rand = rng(s.seed);
  const freeAt: number[] = new Array(s.agents).fill(0);
  let flight: { at: number; answers: boolean }[] = [];
  let dials = 0; let answered = 0; let abandoned = 0; let resolved = 0; let busySec = 0; let worst = 0;
  let handleSum = 0; let handled = 0; let answerSum = 0;
  for (let t = 0; t < s.durationSec; t++) {
    // Calls in flight that end at t: answered (an agent takes it, or nobody: abandoned) or not.
    const now = flight.filter((c) => c.at <= t);
    flight = flight.filter((c) => c.at > t);
    for (const c of now) {
      resolved++;
      if (!c.answers) continue;
      answered++;
      const agent = freeAt.findIndex((f) => f <= t);
      if (agent < 0) { abandoned++; continue; }
      const handle = Math.max(5, Math.round(-Math.log(1 - rand()) * s.avgHandleSec));
      freeAt[agent] = t + handle;
      handleSum += handle; handled++;
    }
    if (answered > 0) worst = Math.max(worst, abandoned / answered);
    const ready = freeAt.filter((f) => f <= t).length;
    busySec += s.agents - ready;
    const d = pace({
      mode: s.mode, readyAgents: ready, busyAgents: s.agents - ready, inFlight: flight.length, answered, abandoned, resolved,
      avgHandleSec: handled ? handleSum / handled : s.avgHandleSec, avgAnswerSec: answered ? answerSum / answered : 10,
      abandonCap: s.abandonCap, maxLines: s.maxLines,
    });
    for (let k = 0; k < d.dials; k++) {
      dials++;
      const answers = rand() < s.answerRate;
      const after = answers ? 3 + Math.floor(rand() * (s.ringSpreadSec + 1)) : 25;
      if (answers) answerSum += after;
      flight.push({ at: t + after, answers });
    }
  }
  return { dials, answered, abandoned, abandonRate: answered ? abandoned / answered : 0, worstRate: worst, occupancy: busySec / (s.agents * s.durationSec) };
}
