/**
 * Today's figures per group for the live dashboard (T4), from the CTI events. Pure: events
 * and the time in, counters out. A day is the local calendar day; counters start again at
 * midnight. Definitions (docs/DASHBOARD.md):
 *   offered   calls that joined the group's queue and have ended (answered + abandoned + other);
 *   answered  an agent of the group answered (record status 9, 4 transferred or 17 retrieved);
 *   abandoned the caller hung up while waiting or while an agent's phone rang (13, 8);
 *   service level  answered within `slSec` of joining the queue, divided by offered.
 */
import type { CtiEvent } from '../events/cti-events';

export interface GroupToday {
  offered: number;
  answered: number;
  abandoned: number;
  answeredWithinSl: number;
  /** Sum of the waits of answered calls (s), for the average speed of answer. */
  answeredWaitSec: number;
}

const ANSWERED = new Set([9, 4, 17]);
const ABANDONED = new Set([13, 8]);

export function dayOf(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export const emptyGroupToday = (): GroupToday => ({ offered: 0, answered: 0, abandoned: 0, answeredWithinSl: 0, answeredWaitSec: 0 });

export class FloorToday {
  private day: string;
  private readonly groups = new Map<string, GroupToday>();
  /** The group each call queued in last (call.result does not name it). */
  private readonly groupOfCall = new Map<string, string>();

  constructor(private readonly slSec: number, now: number) {
    this.day = dayOf(now);
  }

  /** Counters loaded from the database at start (the records of today so far). */
  seed(group: string, counts: GroupToday): void {
    this.groups.set(group, { ...counts });
  }

  apply(e: CtiEvent, now: number): void {
    this.rollOver(now);
    if (e.type === 'call.queued') this.groupOfCall.set(e.guid, e.group);
    if (e.type !== 'call.result') return;
    // A call that queued: its last queue (call.queued), which call.result names too.
    const group = this.groupOfCall.has(e.guid) ? e.group ?? this.groupOfCall.get(e.guid) : undefined;
    this.groupOfCall.delete(e.guid);
    if (!group) return;
    this.count(group, e.status, e.waitSec);
  }

  /** Adds one ended queue call (also used when loading today's records). */
  count(group: string, status: number, waitSec: number): void {
    const g = this.groups.get(group) ?? emptyGroupToday();
    g.offered++;
    if (ANSWERED.has(status)) {
      g.answered++;
      g.answeredWaitSec += waitSec;
      if (waitSec <= this.slSec) g.answeredWithinSl++;
    } else if (ABANDONED.has(status)) {
      g.abandoned++;
    }
    this.groups.set(group, g);
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

  private rollOver(now: number): void {
    const day = dayOf(now);
    if (day === this.day) return;
    this.day = day;
    this.groups.clear();
  }
}
