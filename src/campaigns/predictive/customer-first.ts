/**
 * Customer first (predictive campaigns, issue 22): the customer's number is dialled before any
 * agent is chosen, routed as a member of the campaign's group would dial it (dial rules, trunk,
 * caller ID, limits). While it rings this object owns the leg (its own registry key, like
 * FlowCall and AgentFirstCall); once a person answers, the leg becomes the customer channel of an
 * ordinary CallSession (direction outbound), which the predictive dialer joins to an agent.
 *
 * Answering-machine detection (optional): the leg is originated into [callcenter-amd]
 * (asterisk-etc/extensions.conf) instead of the app: once answered, Asterisk's AMD() listens to
 * the greeting and the channel enters the app with Stasis(app, dialled, amd, AMDSTATUS, AMDCAUSE).
 * (A channel originated into the app cannot be continued in the dialplan: it hangs up when it
 * leaves the app.) Its events before that reach the app through the trunk's endpoint
 * subscription and a channel subscription. A machine is hung up; a person (or NOTSURE) goes on
 * as answered.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from 'ari-client';
import { ifStillThere, isAllocationFailure } from '../../ari/errors';
import { ARI_TRANSFER_VARS, ORIGINATED_ARG } from '../../ari/events';
import type { CallEventLike, CallParty, CallRegistry, ChannelOwner } from '../../calls/registry';
import type { DialResolution } from '../../calls/transfer';
import type { CallSession } from '../../calls/session/call-session';
import type { SessionInfo } from '../../calls/session/types';
import type { Logger } from '../../log/logger';
import { amdVerdict, outcomeOfCause } from './attempt-state';
import { callOutcome } from '../../calls/outcome/call-outcome';
import type { CallRecord } from '../../domain/call-record';

/** The dialplan context that runs AMD() and returns to the app. */
export const AMD_CONTEXT = 'callcenter-amd';
/** The Stasis argument the AMD context returns with (after ORIGINATED_ARG, so the dispatcher hands it to the owner). */
export const AMD_ARG = 'amd';
/** AMD() analyses at most 5 s by default: a channel with no verdict this long after its ring time is looked up. */
const AMD_GUARD_MS = 12_000;

export interface CustomerFirstDeps {
  ari: () => Client | null;
  registry: CallRegistry;
  app: string;
  log: Logger;
  resolveDial: (fromExtension: string, number: string) => DialResolution | { error: string };
  newSession: (info: SessionInfo) => CallSession;
  snapshot: () => Pick<SessionInfo, 'flows' | 'groups'> | null;
  /** The record path of every call: a dial that never reaches a session (not answered, machine) is recorded here. */
  records?: { write(record: CallRecord): Promise<void> | void };
}

export interface CustomerFirstRequest {
  guid: string;
  /** Dialled as the first of these extensions' phones that can dial it (members of the campaign's group, in turn). */
  from: string[];
  /** The campaign's prefix + the number. */
  dial: string;
  number: string;
  ringTimeoutSec: number;
  /** AMD() parameters (comma separated, docs/CAMPAIGNS.md), or null: no detection. */
  amd: string | null;
  /** Flows the session keeps (the site's, plus the safe-harbor flow). */
  extraFlows: SessionInfo['flows'];
}

export interface CustomerFirstHooks {
  /** The leg answered and AMD runs now. */
  screening(): void;
  /** A person answered (AMD off, or it said HUMAN / NOTSURE): the session owns the customer from here. */
  answered(session: CallSession, amd: string | null): void;
  /** AMD said MACHINE: the leg is hung up. */
  machine(cause: string): void;
  /** Not answered (busy, no answer, failed) or gone before a verdict. */
  ended(outcome: 'busy' | 'no-answer' | 'failed', cause: number): void;
}

export class CustomerFirstCall implements ChannelOwner {
  /** The watcher's own registry key; the session registers under the call's GUID. */
  readonly guid = randomUUID();
  private state: 'dialling' | 'screening' | 'done' = 'dialling';
  private target: DialResolution | null = null;
  private from = '';
  private guard: NodeJS.Timeout | null = null;
  private readonly log: Logger;
  private readonly startedAt = Date.now();
  private answeredAt: number | null = null;

  constructor(private readonly deps: CustomerFirstDeps, readonly request: CustomerFirstRequest, private readonly hooks: CustomerFirstHooks) {
    this.log = deps.log.child({ guid: request.guid });
  }

  get leg(): string {
    return `${this.request.guid}-pd`;
  }

  parties(): CallParty[] {
    return [];
  }

  /** Dials; a number that routes nowhere or cannot be reached ends at once as failed. */
  async start(): Promise<void> {
    const r = this.request;
    const client = this.deps.ari();
    let route: DialResolution | { error: string } = { error: 'the group has no members' };
    for (const from of r.from) {
      route = this.deps.resolveDial(from, r.dial);
      if (!('error' in route)) {
        this.from = from;
        break;
      }
    }
    if (!client || 'error' in route) {
      this.log.warn({ dial: r.dial, error: client ? (route as { error: string }).error : 'ARI link down' }, 'predictive: the number cannot be dialled');
      return this.finish('failed', 0);
    }
    this.target = route;
    this.deps.registry.add(this, [this.leg]);
    const where = r.amd === null
      ? { app: this.deps.app, appArgs: `${ORIGINATED_ARG},${r.guid}` }
      : { context: AMD_CONTEXT, extension: 's', priority: 1 };
    try {
      await client.channels.originate({
        endpoint: route.endpoint, channelId: this.leg, ...where, callerId: route.callerId, timeout: r.ringTimeoutSec,
        variables: { ...ARI_TRANSFER_VARS, ...(r.amd === null ? {} : { CC_AMD: r.amd }) },
      });
    } catch (err) {
      this.log.warn({ endpoint: route.endpoint, err: (err as Error).message }, 'predictive: originate failed');
      return this.finish('failed', isAllocationFailure(err) ? 34 : 41);
    }
    if (r.amd === null) return;
    // In the dialplan, the channel's events come through subscriptions (the trunk's endpoint, this channel).
    await client.applications.subscribe({ applicationName: this.deps.app, eventSource: `channel:${this.leg}` }).catch(() => undefined);
    this.guard = setTimeout(() => void this.lost(), r.ringTimeoutSec * 1000 + AMD_GUARD_MS);
  }

  onChannelEvent(channelId: string, event: CallEventLike): void {
    if (channelId !== this.leg || this.state === 'done') return;
    const args = (event as { args?: string[] }).args ?? [];
    if (event.type === 'StasisStart' && args[1] === AMD_ARG) return void this.verdict(args[2] ?? '', args[3] ?? '');
    if (event.type === 'StasisStart' && this.state === 'dialling' && this.request.amd === null) return this.handOver(null);
    if (event.type === 'ChannelStateChange' && event.channel?.state === 'Up' && this.request.amd !== null) return this.screening();
    if (event.type === 'ChannelDestroyed' || (event.type === 'StasisEnd' && this.request.amd === null)) {
      this.finish(this.state === 'screening' ? 'no-answer' : outcomeOfCause(event.cause ?? 0), event.cause ?? 0);
    }
  }

  /** Answered: AMD() listens now. */
  private screening(): void {
    if (this.state !== 'dialling') return;
    this.state = 'screening';
    this.answeredAt = Date.now();
    this.hooks.screening();
  }

  /** No verdict in time (an event lost): the channel, if still there, is hung up; the attempt is no-answer. */
  private async lost(): Promise<void> {
    if (this.state === 'done') return;
    const c = this.deps.ari();
    const there = c ? await c.channels.get({ channelId: this.leg }).then(() => true, () => false) : false;
    if (there) await ifStillThere(() => c!.channels.hangup({ channelId: this.leg })).catch(() => undefined);
    this.finish('no-answer', 0);
  }

  private async verdict(status: string, cause: string): Promise<void> {
    this.screening(); // the Up event may have been missed
    if (this.state !== 'screening') return;
    if (this.guard) clearTimeout(this.guard);
    this.log.info({ status, cause }, `predictive ${this.request.guid}: AMD ${status} (${cause})`);
    if (amdVerdict(status) === 'human') return this.handOver(status);
    this.state = 'done';
    this.deps.registry.remove(this);
    const c = this.deps.ari();
    if (c) await ifStillThere(() => c.channels.hangup({ channelId: this.leg })).catch(() => undefined);
    this.writeRecord('machine');
    this.hooks.machine(cause);
  }

  /** The answered leg becomes the customer channel of a session (same GUID as the attempt). */
  private handOver(amd: string | null): void {
    if (this.guard) clearTimeout(this.guard);
    this.state = 'done';
    this.deps.registry.remove(this);
    const r = this.request;
    const config = this.deps.snapshot();
    const flows = new Map([...(config?.flows ?? new Map()), ...r.extraFlows]);
    const session = this.deps.newSession({
      guid: r.guid, callerChannel: this.leg, direction: 'outbound', caller: presentedNumber(this.target?.callerId ?? '') || this.from, callerName: '', callee: r.dial,
      callerExtension: null, flows, groups: config?.groups ?? new Map(), trunk: this.target?.trunk ?? null, recordDirect: false, outboundSurvey: null,
    });
    session.customerNumber = r.number;
    this.hooks.answered(session, amd);
  }

  private finish(outcome: 'busy' | 'no-answer' | 'failed', cause: number): void {
    if (this.state === 'done') return;
    if (this.guard) clearTimeout(this.guard);
    this.state = 'done';
    this.deps.registry.remove(this);
    this.writeRecord(outcome);
    this.hooks.ended(outcome, cause);
  }

  /**
   * The record of a dial that ended without a session (an answered customer's record is its
   * session's): no call record is lost, whatever the outcome. Outbound, not answered: status 12
   * with the reason (busy, no_answer, congestion); a machine: answered, ended by the system.
   */
  private writeRecord(outcome: 'busy' | 'no-answer' | 'failed' | 'machine'): void {
    if (!this.deps.records) return;
    const r = this.request;
    const reason = { busy: 'busy', 'no-answer': 'no_answer', failed: 'congestion', machine: 'machine' }[outcome];
    const { record } = callOutcome({
      guid: r.guid, direction: 'outbound', caller: presentedNumber(this.target?.callerId ?? '') || this.from, callee: r.dial, flow: null, group: null,
      trunk: this.target?.trunk ?? null, agent: null, startedAt: this.startedAt, queuedAt: null,
      answeredAt: outcome === 'machine' ? this.answeredAt ?? Date.now() : null, talkEndedAt: null, endedAt: Date.now(), ringMs: 0,
      hungUpBy: outcome === 'busy' ? 'callee' : 'system', endReason: reason, surveyScore: null, recording: null, ringingAtEnd: false,
      miss: null, transferred: false, retrieved: false,
    });
    void Promise.resolve(this.deps.records.write(record)).catch((err: Error) => this.log.warn({ err: err.message }, 'predictive: record not written'));
  }
}

/** The number in a caller ID string (`"name" <number>` or a bare number): the record's caller is what the customer saw. */
function presentedNumber(callerId: string): string {
  return (/<([^>]*)>/.exec(callerId)?.[1] ?? callerId).trim();
}
