/**
 * Runs a flow on one caller channel: carries out the interpreter's play/input actions over ARI
 * (prompts, DTMF that interrupts them, digit timeouts) until the flow hands the call on
 * (queue, transfer, voicemail) or ends it. The session forwards this channel's DTMF and
 * playback events; all work runs inside the session's event queue (via `defer`).
 */
import type { Logger } from '../log/logger';
import { continueFlow, startFlow, type FlowAction, type FlowCursor, type FlowOutcome, type FlowSet, type FlowStep } from './interpreter';

export interface ChannelMedia {
  /** Starts the prompts as one playback; resolves with its id, or null if the channel is gone. */
  play(prompts: string[], language: string): Promise<string | null>;
  stopPlayback(id: string): Promise<void>;
}

export type FlowExit = Exclude<FlowAction, { kind: 'play' } | { kind: 'input' }>;

export class FlowRunner {
  private step: FlowStep | null = null;
  private playbackId: string | null = null;
  private digits = '';
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly media: ChannelMedia,
    private readonly flows: FlowSet,
    private readonly log: Logger,
    private readonly defer: (work: () => Promise<void>) => void,
    private readonly exit: (how: FlowExit, cursor: FlowCursor) => Promise<void>,
  ) {}

  get cursor(): FlowCursor | null {
    return this.step?.cursor ?? null;
  }

  start(name: string, vars: Record<string, string>): Promise<void> {
    return this.enter(startFlow(this.flows, name, vars, new Date()));
  }

  async onDtmf(digit: string): Promise<void> {
    const action = this.step?.action;
    if (this.stopped || !action) return;
    if (action.kind === 'play') {
      if (action.interruptible && this.playbackId) await this.advance({ kind: 'done' });
      return;
    }
    if (action.kind !== 'input') return;
    if (this.playbackId) {
      const id = this.playbackId;
      this.playbackId = null; // its PlaybackFinished will be ignored
      await this.media.stopPlayback(id);
    }
    if (action.terminator && digit === action.terminator) return this.advance({ kind: 'digits', digits: this.digits });
    this.digits += digit;
    if (this.digits.length >= action.maxDigits) return this.advance({ kind: 'digits', digits: this.digits });
    this.armTimer(action.timeoutMs);
  }

  async onPlaybackFinished(id: string): Promise<void> {
    if (this.stopped || id !== this.playbackId) return;
    this.playbackId = null;
    const action = this.step?.action;
    if (!action) return;
    if (action.kind === 'play') return this.advance({ kind: 'done' });
    if (action.kind === 'input') return this.armTimer(action.timeoutMs);
    if (action.kind === 'hangup' || action.kind === 'voicemail') return this.leave(action);
  }

  /** Sets a flow variable of the running flow (API "set flow variable"). */
  setVariable(name: string, value: string): void {
    if (!this.step) return;
    this.step = { ...this.step, cursor: { ...this.step.cursor, vars: { ...this.step.cursor.vars, [name]: value } } };
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
    if (this.playbackId) void this.media.stopPlayback(this.playbackId).catch(() => {});
    this.playbackId = null;
  }

  private async advance(outcome: FlowOutcome): Promise<void> {
    if (!this.step) return;
    this.clearTimer();
    if (this.playbackId) {
      const id = this.playbackId;
      this.playbackId = null;
      await this.media.stopPlayback(id);
    }
    const from = `${this.step.cursor.flow}.${this.step.cursor.node}`;
    const next = continueFlow(this.flows, this.step.cursor, outcome, new Date());
    this.log.info({ outcome: outcome.kind === 'digits' ? `digits ${outcome.digits}` : outcome.kind }, `flow ${from} -> ${next.cursor.flow}.${next.cursor.node} (${next.action.kind})`);
    await this.enter(next);
  }

  private async enter(step: FlowStep): Promise<void> {
    if (this.stopped) return;
    this.step = step;
    this.digits = '';
    const a = step.action;
    switch (a.kind) {
      case 'play':
      case 'input':
      case 'hangup':
      case 'voicemail': {
        if (a.prompts.length === 0) {
          if (a.kind === 'play') return this.advance({ kind: 'done' });
          if (a.kind === 'input') return this.armTimer(a.timeoutMs);
          return this.leave(a);
        }
        this.playbackId = await this.media.play(a.prompts, a.language);
        return;
      }
      default:
        return this.leave(a);
    }
  }

  private leave(how: FlowExit): Promise<void> {
    this.stop();
    return this.exit(how, this.step!.cursor);
  }

  private armTimer(ms: number): void {
    this.clearTimer();
    this.timer = setTimeout(() => this.defer(async () => {
      this.timer = null;
      if (this.stopped) return;
      await this.advance(this.digits ? { kind: 'digits', digits: this.digits } : { kind: 'timeout' });
    }), ms);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
