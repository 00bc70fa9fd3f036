/**
 * Issue 21: one /agent session per agent. A page claims the agent's desktop when it signs in;
 * the newest claim wins and the older page, on its next check (or at once in the same
 * browser, through a BroadcastChannel), sees it was taken over, unregisters and says so. SIP
 * agrees: the account's AOR keeps one contact (max_contacts 1, remove_existing), so the newer
 * page's REGISTER replaces the older one's. Pure: no timers, the caller passes the time.
 */
import { randomUUID } from 'node:crypto';

export interface DesktopClaim {
  agent: string;
  session: string;
  claimedAt: number;
  /** The last check of the page holding the claim. */
  seenAt: number;
}

export type DesktopCheck =
  | { state: 'current'; claim: DesktopClaim }
  | { state: 'taken-over'; by: DesktopClaim }
  | { state: 'signed-out' };

export class DesktopSessions {
  private readonly claims = new Map<string, DesktopClaim>();

  /** `staleMs`: a claim whose page has not checked for this long was a page closed without signing out (pages check every 5 s). */
  constructor(private readonly newId: () => string = randomUUID, private readonly staleMs = 20000) {}

  /** The agent's page signs in: it is the agent's desktop from now on; `replaced` is the live page it took over, if any. */
  claim(agent: string, now: number): { claim: DesktopClaim; replaced: DesktopClaim | null } {
    const before = this.claims.get(agent);
    const replaced = before && now - before.seenAt <= this.staleMs ? before : null;
    const claim = { agent, session: this.newId(), claimedAt: now, seenAt: now };
    this.claims.set(agent, claim);
    return { claim, replaced };
  }

  /** A page asks whether it still holds the agent's desktop (and notes that it is alive). */
  check(agent: string, session: string, now: number): DesktopCheck {
    const c = this.claims.get(agent);
    if (!c) return { state: 'signed-out' };
    if (c.session !== session) return { state: 'taken-over', by: c };
    c.seenAt = now;
    return { state: 'current', claim: c };
  }

  /** The page signs out: only its own claim goes. */
  release(agent: string, session: string): boolean {
    const c = this.claims.get(agent);
    if (!c || c.session !== session) return false;
    this.claims.delete(agent);
    return true;
  }

  current(agent: string): DesktopClaim | null {
    return this.claims.get(agent) ?? null;
  }
}
