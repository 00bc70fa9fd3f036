/**
 * Where a transfer goes (C3): a number keyed or referred by a phone is routed exactly as if that
 * phone dialled it, so a group number reaches the queue, an extension the phone, and 9/8 + number
 * the trunk with the transferring account's class of service (toll-fraud rules apply).
 */
import type { TransferTarget } from '../transfer';

/** A number routed for a transfer. */
export type NumberRoute =
  /** trunk: the trunk an outside number goes out on (its leg counts against the limits, R8). */
  | { kind: 'dial'; endpoint: string; extension: string | null; timeoutSec: number; callerId: string; trunk: string | null }
  | { kind: 'group'; group: string }
  | { kind: 'flow'; flow: string }
  | { kind: 'error'; error: string };

export type ResolveNumber = (fromExtension: string, number: string) => NumberRoute;

/** The target of a REFER's user part or an API request as a transfer target. */
export function targetFromRoute(number: string, r: NumberRoute): TransferTarget {
  if (r.kind === 'group') return { kind: 'group', group: r.group };
  if (r.kind === 'dial' && r.extension) return { kind: 'extension', extension: r.extension };
  return { kind: 'number', number };
}

/** The user part of a SIP URI or a bare number: "sip:1004@host;user=phone" -> "1004". */
export function referDestination(raw: string): string | null {
  const m = /^(?:<)?(?:sips?:)?([^@;>]+)/i.exec(raw.trim());
  if (!m) return null;
  const user = decodeURIComponent(m[1]).replace(/[\s().-]/g, '');
  return /^[0-9*#+]{1,32}$/.test(user) ? user : null;
}
