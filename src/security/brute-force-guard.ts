/**
 * SIP brute-force and scanner protection (O4), pure: failures per remote address in a sliding
 * window; an address with too many is blocked for a while. Addresses on the never-block list
 * (the host itself) are counted but never blocked. The adapter enforces the blocks in Asterisk
 * and keeps them in MySQL; restore() takes them back after a restart.
 */

export interface GuardRules {
  failures: number;
  windowMs: number;
  blockMs: number;
  neverBlock: readonly string[];
}

export interface Block {
  address: string;
  since: number;
  until: number;
  failures: number;
  why: string;
}

export class BruteForceGuard {
  private readonly failures = new Map<string, number[]>();
  private readonly blocks = new Map<string, Block>();

  constructor(private readonly rules: GuardRules) {}

  /** Records one failed authentication; returns the new block when this failure causes one. */
  failure(address: string, why: string, now: number): Block | null {
    if (this.isBlocked(address, now)) return null;
    const recent = (this.failures.get(address) ?? []).filter((t) => now - t < this.rules.windowMs);
    recent.push(now);
    this.failures.set(address, recent);
    if (recent.length < this.rules.failures || this.rules.neverBlock.includes(address)) return null;
    this.failures.delete(address);
    const block: Block = { address, since: now, until: now + this.rules.blockMs, failures: recent.length, why };
    this.blocks.set(address, block);
    return block;
  }

  isBlocked(address: string, now: number): boolean {
    const b = this.blocks.get(address);
    return !!b && b.until > now;
  }

  /** Blocks that have run out are removed; returns them. */
  expire(now: number): Block[] {
    const gone = [...this.blocks.values()].filter((b) => b.until <= now);
    for (const b of gone) this.blocks.delete(b.address);
    for (const [a, times] of this.failures) if (times.every((t) => now - t >= this.rules.windowMs)) this.failures.delete(a);
    return gone;
  }

  /**
   * Takes back blocks kept from an earlier run (issue 16 section 4); those already over at `now`
   * and addresses now on the never-block list are left out, and an address blocked twice keeps the later end. Returns the blocks taken.
   */
  restore(blocks: readonly Block[], now: number): Block[] {
    const taken: Block[] = [];
    for (const b of blocks) {
      if (b.until <= now || this.rules.neverBlock.includes(b.address)) continue;
      const known = this.blocks.get(b.address);
      if (known && known.until >= b.until) continue;
      this.blocks.set(b.address, { ...b });
      taken.push(b);
    }
    return taken;
  }

  lift(address: string): boolean {
    this.failures.delete(address);
    return this.blocks.delete(address);
  }

  active(now: number): Block[] {
    return [...this.blocks.values()].filter((b) => b.until > now).sort((a, b) => a.since - b.since);
  }
}

/** "IPV4/UDP/127.0.0.9/5060" (AMI security events' RemoteAddress) -> "127.0.0.9". */
export function addressOf(remote: string | undefined): string | null {
  const m = /^IPV[46]\/[A-Z]+\/(.+)\/\d+$/.exec(remote ?? '');
  return m ? m[1] : null;
}

/** AMI security events that mean a failed attempt (wrong password, unknown account, ACL). */
export const FAILURE_EVENTS = new Set(['invalidpassword', 'challengeresponsefailed', 'invalidaccountid', 'failedacl', 'unexpectedaddress', 'requestnotallowed', 'authmethodnotallowed']);
