/**
 * "Agent first, then the customer" (issue 22): the agent's phone rings first, with a screen pop
 * saying why; once the agent answers, the customer's number is dialled as the agent's own phone
 * would dial it (dial rules, trunk, caller ID, limits) and the two are bridged and recorded on
 * an ordinary CallSession (direction outbound, the agent's channel as the calling side). Queue
 * callbacks use it (src/callbacks); an outbound campaign's preview or progressive call can too.
 *
 * The call's GUID is chosen by the user before the agent rings (the ACD offer's GUID, so the
 * agent's states follow one call). The agent's state is the user's business: the ACD puts the
 * agent in "ringing" when it offers; a user without the ACD applies `direct-ring` itself.
 *
 * What the user learns (hooks): the agent did not answer (with the ACD's offer result), the
 * agent answered (the session exists), and how the call ended: whether the customer answered,
 * the end reason (busy, no_answer, ...) and who hung up. The session's record is the normal one;
 * `prepare` sets its facts before it starts (group, queue time, callback status).
 */
import { randomUUID } from 'node:crypto';
import type { Client } from 'ari-client';
import type { OfferResult } from '../acd/acd';
import { ifStillThere, isAllocationFailure } from '../ari/errors';
import { ARI_TRANSFER_VARS, ORIGINATED_ARG } from '../ari/events';
import type { CtiEvent, Customer, EventSink } from '../events/cti-events';
import type { Logger } from '../log/logger';
import type { HungUpBy } from '../records/status';
import { callerIdString } from './call-plan';
import type { DialTarget } from './direct/direct';
import { offerResultForCause } from './outcome/causes';
import type { CallEventLike, CallParty, CallRegistry, ChannelOwner } from './registry';
import type { CallSession } from './session/call-session';
import type { SessionInfo } from './session/types';

export interface AgentFirstDeps {
  ari: () => Client | null;
  registry: CallRegistry;
  app: string;
  log: Logger;
  events: EventSink & { subscribe(listener: (e: CtiEvent) => void): () => void };
  customers?: (phone: string) => Promise<Customer | null>;
  /** Routes a number as the agent's phone would dial it (StasisApp.resolveTarget). */
  resolveTarget: (fromExtension: string, number: string) => { ok: true; target: DialTarget } | { ok: false; error: string };
  /** A call session with the app's services (StasisApp.newSession). */
  newSession: (info: SessionInfo) => CallSession;
  /** The configuration a new call keeps to its end. */
  snapshot: () => Pick<SessionInfo, 'flows' | 'groups'> | null;
}

export interface AgentFirstRequest {
  /** The call's GUID (chosen by the user, e.g. the ACD offer's). */
  guid: string;
  agent: string;
  /** What is dialled for the customer, as the agent's phone would dial it (e.g. "9" + number). */
  dial: string;
  /** The customer's number as the agent's phone and the screen pop show it. */
  customerNumber: string;
  /** Caller ID name on the agent's phone while it rings first (e.g. "Callback"). */
  displayName: string;
  ringTimeoutSec: number;
  group: string | null;
  /** Flow-style variables for the screen pop (call.ringing) and the call. */
  variables: Record<string, string>;
  /** Record the conversation when no group decides (a group's record_calls decides otherwise). */
  record: boolean;
}

export interface AgentFirstEnd {
  session: CallSession;
  customerAnswered: boolean;
  reason: string;
  hungUpBy: HungUpBy;
}

export interface AgentFirstHooks {
  /** The agent did not answer (or could not be rung): its offer result, for the ACD. */
  agentMissed(result: OfferResult | 'unreachable'): void;
  /** The agent answered; the session is about to dial the customer. */
  agentAnswered(session: CallSession): void;
  /** The customer answered (the call is bridged from here on). */
  customerAnswered?(session: CallSession): void;
  /** The call ended (its record is being written). */
  ended(end: AgentFirstEnd): void;
  /** Facts set on the session before it dials (group, queue time, status kind). */
  prepare?(session: CallSession): void;
}

/** The agent's leg id for a call's GUID. */
export const agentLegId = (guid: string): string => `${guid}-af`;

/**
 * Rings the agent (a ChannelOwner while it rings: it has its own registry key, the session
 * registers under the call's GUID once the agent answers).
 */
export class AgentFirstCall implements ChannelOwner {
  readonly guid = randomUUID();
  private state: 'ringing' | 'answered' | 'ended' = 'ringing';
  private timer: NodeJS.Timeout | null = null;
  private missed: OfferResult | 'unreachable' | null = null;
  private readonly since = Date.now();
  private readonly log: Logger;

  constructor(private readonly deps: AgentFirstDeps, readonly request: AgentFirstRequest, private readonly hooks: AgentFirstHooks) {
    this.log = deps.log.child({ guid: request.guid, agent: request.agent });
  }

  get leg(): string {
    return agentLegId(this.request.guid);
  }

  parties(): CallParty[] {
    return [{ extension: this.request.agent, connected: false }];
  }

  async start(): Promise<void> {
    const r = this.request;
    const client = this.deps.ari();
    if (!client) return this.miss('rejected', 'the ARI link is down');
    this.deps.registry.add(this, [this.leg]);
    this.deps.events.publish({
      type: 'call.ringing', guid: r.guid, agent: r.agent, caller: r.customerNumber, callee: r.customerNumber, group: r.group,
      customer: (await this.deps.customers?.(r.customerNumber).catch(() => null)) ?? null, variables: { ...r.variables },
    });
    this.log.info(`agent-first ${r.guid}: new -[ring ${r.agent}]-> ringing`);
    this.timer = setTimeout(() => void this.giveUp('no-answer'), r.ringTimeoutSec * 1000);
    try {
      await client.channels.originate({
        endpoint: `PJSIP/${r.agent}`, channelId: this.leg, app: this.deps.app, appArgs: `${ORIGINATED_ARG},${r.guid}`,
        callerId: callerIdString(r.customerNumber, r.displayName), timeout: r.ringTimeoutSec + 5, variables: { ...ARI_TRANSFER_VARS },
      });
    } catch (err) {
      this.miss(isAllocationFailure(err) ? 'unreachable' : 'rejected', (err as Error).message);
    }
  }

  /** Stops the agent's ring (the agent went not ready or logged out meanwhile). */
  withdraw(): void {
    void this.giveUp('cancelled');
  }

  onChannelEvent(channelId: string, event: CallEventLike): void {
    if (channelId !== this.leg || this.state !== 'ringing') return;
    if (event.type === 'StasisStart') this.answered();
    else if (event.type === 'ChannelDestroyed' || event.type === 'StasisEnd') this.miss(this.missed ?? offerResultForCause(event.cause ?? 16), `cause ${event.cause ?? '?'}`);
  }

  private async giveUp(result: OfferResult): Promise<void> {
    if (this.state !== 'ringing') return;
    this.missed = result;
    const c = this.deps.ari();
    if (c) await ifStillThere(() => c.channels.hangup({ channelId: this.leg })).catch(() => undefined);
    // ChannelDestroyed reports it; if the leg never existed, report now.
    setTimeout(() => this.miss(result, 'gave up'), 2000).unref();
  }

  private miss(result: OfferResult | 'unreachable', why: string): void {
    if (this.state !== 'ringing') return;
    this.finish();
    this.log.info({ result, why, ringMs: Date.now() - this.since }, `agent-first ${this.request.guid}: ringing -[agent ${result}]-> ended`);
    this.hooks.agentMissed(result);
  }

  private finish(): void {
    this.state = 'ended';
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.deps.registry.remove(this);
  }

  /** The agent answered: a session on the agent's channel dials the customer. */
  private answered(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.state = 'answered';
    this.deps.registry.remove(this);
    const r = this.request;
    const config = this.deps.snapshot();
    const routed = this.deps.resolveTarget(r.agent, r.dial);
    const trunk = routed.ok ? routed.target.trunk ?? null : null;
    const session = this.deps.newSession({
      guid: r.guid, callerChannel: this.leg, direction: 'outbound', caller: r.agent, callerName: '', callee: r.customerNumber,
      callerExtension: r.agent, flows: config?.flows ?? new Map(), groups: config?.groups ?? new Map(), trunk, recordDirect: r.record, outboundSurvey: null,
    } as SessionInfo);
    session.group = r.group;
    session.customerNumber = r.customerNumber;
    Object.assign(session.vars, r.variables);
    this.hooks.prepare?.(session);
    this.log.info({ dial: r.dial, routed: routed.ok ? routed.target.endpoint : routed.error }, `agent-first ${r.guid}: ringing -[agent answered]-> dialling`);
    const stop = this.deps.events.subscribe((e) => {
      if (!('guid' in e) || e.guid !== r.guid) return;
      if (e.type === 'call.answered') this.hooks.customerAnswered?.(session);
      if (e.type === 'call.result') {
        stop();
        this.state = 'ended';
        this.hooks.ended({ session, customerAnswered: session.answeredAt !== null, reason: session.endReason, hungUpBy: session.hungUpBy ?? 'system' });
      }
    });
    this.hooks.agentAnswered(session);
    if (routed.ok) session.startDirect([routed.target]);
    else {
      this.log.warn({ dial: r.dial, error: routed.error }, 'the customer\'s number cannot be dialled');
      session.reject('unallocated');
    }
  }
}
