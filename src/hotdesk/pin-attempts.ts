/**
 * Wrong PINs per agent ID, pure: after `max` wrong PINs within `windowMs` the agent ID takes no
 * PIN for `lockMs` (a 4-digit PIN must not be guessable by dialling through the codes). Counted
 * per agent ID, not per phone, so guessing from many phones does not help; a supervisor can still
 * seat a locked agent ID without its PIN. A right PIN clears the count.
 */
export class PinAttempts {
  private readonly failures = new Map<string, number[]>();
  private readonly lockedUntil = new Map<string, number>();

  constructor(private readonly max = 5, private readonly windowMs = 15 * 60_000, private readonly lockMs = 15 * 60_000) {}

  locked(agentId: string, now: number): boolean {
    const until = this.lockedUntil.get(agentId);
    if (until === undefined) return false;
    if (now < until) return true;
    this.lockedUntil.delete(agentId);
    return false;
  }

  /** Notes a wrong PIN; true when this one locks the agent ID. */
  failed(agentId: string, now: number): boolean {
    const recent = (this.failures.get(agentId) ?? []).filter((t) => now - t < this.windowMs);
    recent.push(now);
    if (recent.length < this.max) {
      this.failures.set(agentId, recent);
      return false;
    }
    this.failures.delete(agentId);
    this.lockedUntil.set(agentId, now + this.lockMs);
    return true;
  }

  succeeded(agentId: string): void {
    this.failures.delete(agentId);
  }
}
