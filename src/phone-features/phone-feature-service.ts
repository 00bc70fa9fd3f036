/**
 * The phones' PBX features at run time (issue 20): one settings object per account, changed by
 * feature codes and the API, written to account_features. Do not disturb is also an agent
 * state: turning it on makes the agent not ready (reason "dnd"), so the ACD offers it nothing;
 * turning it off makes an agent that is not ready for "dnd" ready again.
 */
import type { AgentService } from '../agents/agent-service';
import type { Logger } from '../log/logger';
import { applyChange, DEFAULT_PHONE_FEATURES, validateChange, type FeatureChange, type PhoneFeatures } from './phone-features';

export const DND_REASON = 'dnd';

export class PhoneFeatureError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

export interface PhoneFeatureDeps {
  agents: AgentService;
  log: Logger;
  /** Writes one account's settings (MySQL); a failure is logged, the change stays in force. */
  save: (extension: string, f: PhoneFeatures) => Promise<void>;
}

export class PhoneFeatureService {
  private readonly byAccount = new Map<string, PhoneFeatures>();
  private readonly listeners = new Set<(extension: string, f: PhoneFeatures) => void>();

  constructor(private readonly deps: PhoneFeatureDeps) {}

  load(saved: ReadonlyMap<string, PhoneFeatures>): void {
    for (const [ext, f] of saved) this.byAccount.set(ext, { ...DEFAULT_PHONE_FEATURES, ...f });
  }

  get(extension: string): PhoneFeatures {
    return this.byAccount.get(extension) ?? DEFAULT_PHONE_FEATURES;
  }

  isDnd(extension: string): boolean {
    return this.get(extension).dnd;
  }

  /** Called with every change; returns its disposer. */
  onChange(listener: (extension: string, f: PhoneFeatures) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Applies a change (throws PhoneFeatureError listing every problem, changing nothing). */
  async change(extension: string, change: FeatureChange): Promise<PhoneFeatures> {
    const problems = validateChange(change, extension);
    if (problems.length) throw new PhoneFeatureError(problems);
    const before = this.get(extension);
    const after = applyChange(before, change);
    this.byAccount.set(extension, after);
    this.deps.log.info({ agent: extension, change, features: after }, 'phone features changed');
    if (after.dnd !== before.dnd) this.dndChanged(extension, after.dnd);
    for (const l of this.listeners) l(extension, after);
    try {
      await this.deps.save(extension, after);
    } catch (err) {
      this.deps.log.error({ agent: extension, err: (err as Error).message }, 'phone features not saved (in force until the app restarts)');
    }
    return after;
  }

  private dndChanged(extension: string, on: boolean): void {
    const a = this.deps.agents;
    if (!a.has(extension)) return;
    const s = a.get(extension)!;
    if (on) {
      if (s.name !== 'logged_out') a.applyIfAllowed(extension, { type: 'not-ready', reason: DND_REASON });
    } else if (s.name === 'not_ready' && s.reason === DND_REASON) {
      a.applyIfAllowed(extension, { type: 'ready' });
    }
  }
}
