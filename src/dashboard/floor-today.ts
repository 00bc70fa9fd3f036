/**
 * Today's figures per group for the live dashboard (T4), from the CTI events. Pure: events
 * and the time in, counters out. A day is the local calendar day; counters start again at
 * midnight. Definitions (docs/DASHBOARD.md):
 *   offered   calls that joined the group's queue and have ended (answered + abandoned + other);
 *   answered  an agent of the group answered (record status 9, 4 transferred or 17 retrieved);
 *   abandoned the caller hung up while waiting or while an agent's phone rang (13, 8);
 *   service level  answered within `slSec` of joining the queue, divided by offered.
 * The same counters are kept per 15-minute slot of the day (by the time the call ended, as the
 * day's counters), for the dashboard's charts; longer intervals add slots up.
 */
import type { CtiEvent } from '../events/cti-events';

export interface GroupToday {
  offered: number;
  answered: number;
  abandoned: number;
  answeredWithinSl: number;
  /** Sum of the waits of answered calls (s), for the average speed of answer. */
  answeredWaitSec: number;
  /** Queue callback (issue 22): callers who pressed the key (20) and callbacks that reached the customer (21). */
  callbacksAccepted: number;
  callbacksConnected: number;
}

/** One interval of today for one group (GET /api/v1/dashboard/intervals). */
export interface IntervalFigures {
  /** Local wall-clock start, 'HH:MM'. */
  start: string;
  offered: number;
  answered: number;
  abandoned: number;
  answeredWithinSl: number;
  /** answeredWithinSl / offered, null when nothing was offered. */
  serviceLevel: number | null;
  /** Mean wait of the answered calls (s), null when none was answered. */
  asaSec: number | null;
}

/** The slot every call is counted in; chart intervals are multiples of it. */
export const SLOT_MIN = 15;
export const CHART_INTERVALS = { '15m': 15, '30m': 30, hour: 60 } as const;
export type ChartInterval = keyof typeof CHART_INTERVALS;

const ANSWERED = new Set([9, 4, 17]);
const ABANDONED = new Set([13, 8]);
/**
 * Queue callback (issue 22): the caller's own call (20) is the offered call; the callback that
 * reaches the customer (21) answers it, with the wait from the caller's place in the queue to
 * the customer's answer; an attempt the customer did not answer (22) counts nowhere.
 */
const CALLBACK_CONNECTED = 21;
const CALLBACK_ATTEMPTS = new Set([21, 22]);

export function dayOf(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * The 15-minute slot of the local day (0 = 00:00-00:15, 95 = 23:45-24:00). Wall-clock time, so
 * on a daylight-saving day the slots still read as the clock on the wall.
 */
export function slotOf(ms: number): number {
  const d = new Date(ms);
  return Math.floor((d.getHours() * 60 + d.getMinutes()) / SLOT_MIN);
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export const emptyGroupToday = (): GroupToday => ({ offered: 0, answered: 0, abandoned: 0, answeredWithinSl: 0, answeredWaitSec: 0, callbacksAccepted: 0, callbacksConnected: 0 });
const CALLBACK_REQUESTED = 20;

function add(into: GroupToday, status: number, waitSec: number, slSec: number): void {
  if (CALLBACK_ATTEMPTS.has(status) && status !== CALLBACK_CONNECTED) return;
  if (status === CALLBACK_REQUESTED) into.callbacksAccepted++;
  if (status === CALLBACK_CONNECTED) into.callbacksConnected++;
  if (status !== CALLBACK_CONNECTED) into.offered++;
  if (ANSWERED.has(status) || status === CALLBACK_CONNECTED) {
    into.answered++;
    into.answeredWaitSec += waitSec;
    if (waitSec <= slSec) into.answeredWithinSl++;
  } else if (ABANDONED.has(status)) {
    into.abandoned++;
  }
}

export class FloorToday {
  private day: string;
  private readonly groups = new Map<string, GroupToday>();
  /** Per group, the 15-minute slots of today that have calls. */
  private readonly slots = new Map<string, Map<number, GroupToday>>();
  /** The group each call queued in last (call.result does not name it). */
  private readonly groupOfCall = new Map<string, string>();

  constructor(private readonly slSec: number, now: number) {
    this.day = dayOf(now);
  }

  /** Counters loaded from the database at start (the records of today so far; no slots). */
  seed(group: string, counts: Omit<GroupToday, 'callbacksAccepted' | 'callbacksConnected'> & Partial<GroupToday>): void {
    this.groups.set(group, { ...emptyGroupToday(), ...counts });
  }

  apply(e: CtiEvent, now: number): void {
    this.rollOver(now);
    if (e.type === 'call.queued') this.groupOfCall.set(e.guid, e.group);
    if (e.type !== 'call.result') return;
    // A call that queued: its last queue (call.queued), which call.result names too.
    const group = this.groupOfCall.has(e.guid) ? e.group ?? this.groupOfCall.get(e.guid) : CALLBACK_ATTEMPTS.has(e.status) ? e.group ?? undefined : undefined;
    this.groupOfCall.delete(e.guid);
    if (!group) return;
    this.count(group, e.status, e.waitSec, now);
  }

  /**
   * Adds one ended queue call (also used when loading today's records). `endedAt` puts it in
   * its slot; a call that ended on another day than the one counted is left out.
   */
  count(group: string, status: number, waitSec: number, endedAt?: number): void {
    if (endedAt !== undefined && dayOf(endedAt) !== this.day) return;
    const g = this.groups.get(group) ?? emptyGroupToday();
    add(g, status, waitSec, this.slSec);
    this.groups.set(group, g);
    if (endedAt === undefined) return;
    const slots = this.slots.get(group) ?? new Map<number, GroupToday>();
    const slot = slotOf(endedAt);
    const s = slots.get(slot) ?? emptyGroupToday();
    add(s, status, waitSec, this.slSec);
    slots.set(slot, s);
    this.slots.set(group, slots);
  }

  get(group: string, now: number): GroupToday & { serviceLevel: number | null; asaSec: number | null } {
    this.rollOver(now);
    const g = this.groups.get(group) ?? emptyGroupToday();
    return {
      ...g,
      serviceLevel: g.offered ? g.answeredWithinSl / g.offered : null,
      asaSec: g.answered ? g.answeredWaitSec / g.answered : null,
    };
  }

  /**
   * Today's intervals of `minutes` for one group, from 00:00 up to and including the interval
   * that holds `now` (empty intervals included, so a chart has no gaps to guess).
   */
  intervals(group: string, minutes: number, now: number): IntervalFigures[] {
    this.rollOver(now);
    if (minutes % SLOT_MIN !== 0 || minutes <= 0 || 1440 % minutes !== 0) throw new Error(`interval of ${minutes} min is not a multiple of ${SLOT_MIN} that divides a day`);
    const perInterval = minutes / SLOT_MIN;
    const slots = this.slots.get(group);
    const last = Math.floor(slotOf(now) / perInterval);
    const out: IntervalFigures[] = [];
    for (let i = 0; i <= last; i++) {
      const sum = emptyGroupToday();
      for (let s = i * perInterval; s < (i + 1) * perInterval; s++) {
        const c = slots?.get(s);
        if (!c) continue;
        sum.offered += c.offered;
        sum.answered += c.answered;
        sum.abandoned += c.abandoned;
        sum.answeredWithinSl += c.answeredWithinSl;
        sum.answeredWaitSec += c.answeredWaitSec;
      }
      out.push({
        start: hhmm(i * minutes),
        offered: sum.offered, answered: sum.answered, abandoned: sum.abandoned, answeredWithinSl: sum.answeredWithinSl,
        serviceLevel: sum.offered ? sum.answeredWithinSl / sum.offered : null,
        asaSec: sum.answered ? sum.answeredWaitSec / sum.answered : null,
      });
    }
    return out;
  }

  private rollOver(now: number): void {
    const day = dayOf(now);
    if (day === this.day) return;
    this.day = day;
    this.groups.clear();
    this.slots.clear();
  }
}
