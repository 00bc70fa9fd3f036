/**
 * Options of an API originate (manual 002 §3 客户端发起呼叫) that the call object needs when the
 * agent's answered channel enters Stasis: CallerNo (the number the callee is shown) and HALLH
 * (the agent hanging up hangs everyone up: no outbound survey keeps the customer). The API puts
 * them here under the call's GUID; StasisApp takes them once. Entries of calls that never start
 * (the agent did not answer) expire, so the map stays bounded.
 */
export interface OriginateOption {
  /** Shown to the callee instead of the routing's caller ID (CallerNo). */
  callerNumber?: string;
  /** HALLH=1: when the agent hangs up, the call ends for everyone. */
  hangupAll?: boolean;
}

interface Entry extends OriginateOption { expiresAt: number }

export class OriginateOptions {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly ttlMs: number, private readonly now: () => number = Date.now) {}

  put(guid: string, option: OriginateOption): void {
    this.prune();
    if (option.callerNumber === undefined && !option.hangupAll) return;
    this.entries.set(guid, { ...option, expiresAt: this.now() + this.ttlMs });
  }

  /** The options of this call, once (null when none or expired). */
  take(guid: string): OriginateOption | null {
    const e = this.entries.get(guid);
    this.entries.delete(guid);
    if (!e || e.expiresAt < this.now()) return null;
    return { callerNumber: e.callerNumber, hangupAll: e.hangupAll };
  }

  get size(): number {
    return this.entries.size;
  }

  private prune(): void {
    const now = this.now();
    for (const [k, e] of this.entries) if (e.expiresAt < now) this.entries.delete(k);
  }
}
