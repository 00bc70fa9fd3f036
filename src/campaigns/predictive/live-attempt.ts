/**
 * One live predictive attempt (issue 22): the customer dialled first (customer-first.ts), then,
 * on the answered customer's CallSession, an agent's phone rung at once (direct.dial: screen pop,
 * agent states, bridge, recording and record of the one call model), or the safe-harbor message
 * (a one-node flow on the same session), heard within 2 s of the answer, when no agent is ready.
 * The phases are the pure attempt-state.ts; one log line per transition.
 */
import type { EventSink } from '../../events/cti-events';
import type { Logger } from '../../log/logger';
import type { CallSession } from '../../calls/session/call-session';
import type { FlowSet } from '../../flows/interpreter';
import * as direct from '../../calls/direct/direct';
import { runFlow } from '../../calls/contact/contact';
import { callerIdString } from '../../calls/call-plan';
import type { CampaignRow, ContactRecord } from '../../db/campaign-repository';
import type { PredictiveSettings } from '../../db/predictive-repository';
import type { DialOutcome } from '../retry';
import { predictiveTransition, type PredictiveEvent, type PredictivePhase } from './attempt-state';
import { SAFE_HARBOR_AFTER_MS } from './accounting';
import type { CustomerFirstHooks } from './customer-first';

/** The flow an abandoned answer runs: the campaign's safe-harbor prompts, then the end. */
export const SAFE_HARBOR_FLOW = 'campaign-safe-harbor';

export function safeHarborFlows(prompts: string[]): FlowSet {
  return new Map([[SAFE_HARBOR_FLOW, { name: SAFE_HARBOR_FLOW, start: 'message', language: 'en', nodes: { message: { type: 'hangup' as const, prompts } } }]]);
}

export interface LiveAttemptDeps {
  log: Logger;
  events: EventSink;
  agents: { applyIfAllowed(agent: string, e: { type: 'direct-ring' | 'offer-cancelled'; guid: string }): unknown };
  /** The longest-idle ready agent of the group, or null. */
  pickAgent(group: string): string | null;
  /** The agent's phone was not answered: kept out of predictive calls for a while. */
  agentMissed(agent: string): void;
  /** Stores the agent who took the customer. */
  agentTook(guid: string, agent: string): void;
  /** The attempt ended: outcome for the retry rules and the abandon rate. */
  ended(a: LiveAttempt, outcome: DialOutcome): void;
  now(): number;
}

export class LiveAttempt {
  phase: PredictivePhase = 'dialling';
  session: CallSession | null = null;
  agent: string | null = null;
  readonly dialledAt: number;
  answeredAt: number | null = null;
  bridgedAt: number | null = null;
  /** Milliseconds from the answer to the agent's ring or the safe-harbor message (docs: measured). */
  servedAfterMs: number | null = null;
  private deadline: NodeJS.Timeout | null = null;
  private readonly log: Logger;

  constructor(readonly guid: string, readonly campaign: CampaignRow, readonly contact: ContactRecord, readonly settings: PredictiveSettings, private readonly d: LiveAttemptDeps) {
    this.dialledAt = d.now();
    this.log = d.log.child({ guid, campaign: campaign.name });
  }

  /** Moves the phase; false when the event does not apply. */
  move(e: PredictiveEvent): boolean {
    const t = predictiveTransition(this.phase, e);
    if (!t) return false;
    this.log.info({ contact: this.contact.id, agent: this.agent }, `predictive attempt ${this.guid}: ${this.phase} -[${e.type}]-> ${t.to}${t.outcome ? ` (${t.outcome})` : ''}`);
    this.phase = t.to;
    if (t.outcome) {
      if (this.deadline) this.session?.clearTimer(this.deadline);
      this.d.ended(this, t.outcome);
    }
    return true;
  }

  /** What the customer's leg tells the attempt before a session exists. */
  hooks(): CustomerFirstHooks {
    return {
      screening: () => void this.move({ type: 'screen' }),
      answered: (session, amd) => this.attach(session, amd),
      machine: () => { if (this.move({ type: 'machine' })) this.move({ type: 'hangup' }); },
      ended: (outcome) => void this.move(this.phase === 'dialling' ? { type: 'failed', outcome } : { type: 'hangup' }),
    };
  }

  private attach(s: CallSession, amd: string | null): void {
    this.session = s;
    this.answeredAt = this.d.now();
    s.group = this.campaign.group;
    // The screen pop's variables: the campaign and the list row.
    Object.assign(s.vars, { campaign: this.campaign.name, contact_id: String(this.contact.id), contact_name: this.contact.name }, this.contact.data);
    if (!this.move(amd === null ? { type: 'answered' } : { type: 'human' })) return;
    this.serve();
  }

  /** An answered customer waiting: an agent now, else the safe-harbor message once SAFE_HARBOR_AFTER_MS (1.5 s) have passed. */
  serve(): void {
    const s = this.session;
    if (this.phase !== 'waiting' || !s || this.answeredAt === null) return;
    const agent = this.d.pickAgent(this.campaign.group);
    if (agent) return this.ring(s, agent);
    const waited = this.d.now() - this.answeredAt;
    if (waited >= SAFE_HARBOR_AFTER_MS) return this.safeHarbor(s);
    this.deadline ??= s.after(SAFE_HARBOR_AFTER_MS - waited, () => {
      this.deadline = null;
      this.serve();
    });
  }

  private ring(s: CallSession, agent: string): void {
    if (this.deadline) s.clearTimer(this.deadline);
    this.deadline = null;
    // Reserved at once (no await before it): the ACD and other campaigns see the agent ringing.
    this.d.agents.applyIfAllowed(agent, { type: 'direct-ring', guid: this.guid });
    this.agent = agent;
    this.servedAfterMs ??= this.d.now() - (this.answeredAt ?? this.d.now());
    this.move({ type: 'agent-rung', agent });
    this.d.agentTook(this.guid, agent);
    const c = this.campaign;
    const k = this.contact;
    this.d.events.publish({
      type: 'campaign.attempt', guid: this.guid, campaign: c.name, id: c.id, agent, listId: k.listId,
      contact: { id: k.id, phone: k.phone, name: k.name, timezone: k.timezone ?? c.timezone, attempts: k.attempts, data: k.data },
    });
    const ringSec = this.settings.agentRingSec;
    s.enqueue(() => direct.dial(s, [{ endpoint: `PJSIP/${agent}`, callerId: callerIdString(k.phone, k.name), timeoutSec: ringSec, extension: agent }], {
      otherwise: { afterSec: ringSec, run: async () => this.missed(agent) },
    }));
  }

  /** The agent's phone did not answer: another ready agent, else the safe-harbor message (the wait is over). */
  private missed(agent: string): void {
    this.d.agentMissed(agent);
    this.agent = null;
    if (this.move({ type: 'agent-missed' })) this.serve();
  }

  /** The agent answered: customer and agent are bridged (talk.connect). */
  agentAnswered(): void {
    if (this.move({ type: 'agent-answered' })) this.bridgedAt = this.d.now();
  }

  private safeHarbor(s: CallSession): void {
    this.servedAfterMs ??= this.d.now() - (this.answeredAt ?? this.d.now());
    if (!this.move({ type: 'no-agent' })) return;
    this.log.info({ afterMs: this.servedAfterMs, prompts: this.settings.safeHarbor }, 'predictive: no agent ready, the customer hears the safe-harbor message');
    s.enqueue(async () => {
      s.flowName = SAFE_HARBOR_FLOW;
      await runFlow(s, SAFE_HARBOR_FLOW, 'flow');
    });
  }
}
