/**
 * Sends each phone its message-waiting lamp (SIP NOTIFY message-summary over AMI PJSIPNotify)
 * when its voicemail counts change: after a voicemail call's record is written (call.result
 * status 16), after a message is marked heard or deleted, and at start. A phone that is not
 * registered is told again at the next change (or the next start).
 */
import type { Logger } from '../log/logger';
import { changedSummaries, notifyVariables, phoneSummaries, type BoxCounts, type PhoneSummary } from './mwi';

export interface MwiDeps {
  counts: () => Promise<ReadonlyMap<string, BoxCounts>>;
  /** The enabled SIP accounts (extensions) and the groups each belongs to. */
  extensions: () => readonly string[];
  groupsOf: (extension: string) => readonly string[];
  notify: (endpoint: string, variables: string) => Promise<void>;
  log: Logger;
}

/** How long after a voicemail call's end its record is surely written (records are batched in 100 ms). */
const RECORD_DELAY_MS = 1500;

export class MwiNotifier {
  private readonly told = new Map<string, PhoneSummary>();
  private running: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly d: MwiDeps) {}

  /** Recounts soon (coalesced); answers when that recount is done. */
  refreshSoon(delayMs = RECORD_DELAY_MS): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.refresh();
    }, delayMs);
  }

  /** Recounts now; one at a time. */
  refresh(): Promise<void> {
    this.running = this.running.then(() => this.run()).catch((err) => this.d.log.warn({ err: (err as Error).message }, 'voicemail lamps not updated'));
    return this.running;
  }

  /** What each phone was last told (phones never told anything are absent). */
  lamps(): PhoneSummary[] {
    return [...this.told.values()].sort((a, b) => a.extension.localeCompare(b.extension));
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async run(): Promise<void> {
    const now = phoneSummaries(this.d.extensions(), this.d.groupsOf, await this.d.counts());
    for (const s of changedSummaries(now, this.told)) {
      // Nothing waiting and never told anything: no NOTIFY needed.
      if (!this.told.has(s.extension) && s.new === 0 && s.old === 0) {
        this.told.set(s.extension, s);
        continue;
      }
      try {
        await this.d.notify(s.extension, notifyVariables(s, `sip:${s.extension}@callcenter`));
        this.told.set(s.extension, s);
        this.d.log.info({ extension: s.extension, new: s.new, old: s.old }, 'message-waiting lamp sent');
      } catch (err) {
        // Not registered, or AMI away: told at the next change.
        this.told.delete(s.extension);
        this.d.log.info({ extension: s.extension, err: (err as Error).message }, 'message-waiting lamp not sent');
      }
    }
  }
}
