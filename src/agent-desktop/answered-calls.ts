/**
 * Issue 21: which agents answered which calls, so an agent may give a disposition for a call it
 * talked on after the call has ended (and after a transfer made another agent the agent of
 * record). Fed from the CTI events (call.answered, call.transfer answered). Pure and bounded:
 * entries older than `keepMs` or beyond `max` are forgotten, oldest first.
 */
export class AnsweredCalls {
  private readonly entries = new Map<string, number>();

  constructor(private readonly keepMs = 24 * 3600_000, private readonly max = 50_000) {}

  private key(guid: string, agent: string): string {
    return `${guid}/${agent}`;
  }

  note(guid: string, agent: string, now: number): void {
    const k = this.key(guid, agent);
    this.entries.delete(k);
    this.entries.set(k, now);
    this.prune(now);
  }

  answered(guid: string, agent: string, now: number): boolean {
    const at = this.entries.get(this.key(guid, agent));
    return at !== undefined && now - at <= this.keepMs;
  }

  get size(): number {
    return this.entries.size;
  }

  private prune(now: number): void {
    // Insertion order is time order: drop from the front.
    for (const [k, at] of this.entries) {
      if (this.entries.size <= this.max && now - at <= this.keepMs) break;
      this.entries.delete(k);
    }
  }
}
