/**
 * Outside legs a call starts besides its own channel (a transfer or consult target on a trunk, a
 * DID forwarded to a trunk): each counts against its trunk (trunks.max_channels) and against the
 * account it is dialled for (max_outbound_calls, R8) from the routing decision until its channel
 * is gone, so the limits hold for every leg and not only for numbers dialled on a phone.
 *
 * A count is taken in the same synchronous step as the routing decision that checked the limit
 * (no other decision can slip in between), then bound to the leg's channel once it has an id.
 */
import type { CallSession } from './call-session';

export interface LegUse { trunk: string; outboundBy: string | null }

export interface LegCount {
  /** The channel the count follows; null until the leg is originated. */
  leg: string | null;
  readonly release: () => void;
}

const counts = new WeakMap<CallSession, Set<LegCount>>();

/** Counts an outside leg now; the call's end releases it at the latest. Null when the app keeps no counters. */
export function countLeg(s: CallSession, use: LegUse): LegCount | null {
  const release = s.deps.countCall?.(use);
  if (!release) return null;
  const count: LegCount = { leg: null, release };
  const set = counts.get(s) ?? new Set<LegCount>();
  set.add(count);
  counts.set(s, set);
  return count;
}

/** From now on the count ends with this channel. */
export function bindLeg(count: LegCount | null, leg: string): void {
  if (count) count.leg = leg;
}

/** A count whose leg never started (originate refused) or whose channel is gone. */
export function releaseCount(s: CallSession, count: LegCount | null): void {
  if (!count) return;
  count.release();
  counts.get(s)?.delete(count);
}

/** The channel left the call (StasisEnd, ChannelDestroyed): its count, if any, is released. */
export function legGone(s: CallSession, channelId: string): void {
  for (const c of counts.get(s) ?? []) if (c.leg === channelId) releaseCount(s, c);
}

/** The call ended: every count it still holds is released. */
export function releaseAll(s: CallSession): void {
  for (const c of counts.get(s) ?? []) c.release();
  counts.delete(s);
}
