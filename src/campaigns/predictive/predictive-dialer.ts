/**
 * Live predictive dialling (issue 22), an adapter. Once a second, whenever an agent becomes
 * ready and after every attempt: for each running predictive campaign, customers already
 * answered and waiting get the ready agents first, then the pacing (pacing.ts, fed by
 * accounting.ts: ready agents, talking agents, calls in flight, answers and abandons over 30
 * days, handle time, time to answer, the cap) says how many customers to dial, the compliance
 * filter which, and each is dialled customer first (customer-first.ts). An ended attempt
 * settles its contact with the retry rules and counts into the abandon rate the next tick reads.
 * Progressive and preview campaigns are the agent-first dialer's (dialer.ts).
 */
import { randomUUID } from 'node:crypto';
import type { CtiEvent, EventSink } from '../../events/cti-events';
import type { Logger } from '../../log/logger';
import type { Pool } from '../../db/pool';
import * as repo from '../../db/campaign-repository';
import * as pdb from '../../db/predictive-repository';
import { heldBack, pickDiallable, type Refusal } from '../compliance';
import { pace, type PacingDecision } from '../pacing';
import { afterAttempt, type DialOutcome } from '../retry';
import { abandonRate, pacingInput, RecentMean } from './accounting';
import { inFlight } from './attempt-state';
import { CustomerFirstCall, type CustomerFirstDeps } from './customer-first';
import { LiveAttempt, safeHarborFlows } from './live-attempt';

export interface PredictiveDialerDeps {
  pool: Pool;
  log: Logger;
  events: EventSink & { subscribe(s: (e: CtiEvent) => void): () => void };
  agents: {
    get(agent: string): { name: string; queuedSince: number } | undefined;
    applyIfAllowed(agent: string, e: { type: 'direct-ring' | 'offer-cancelled'; guid: string }): unknown;
  };
  members: (group: string) => string[];
  customerFirst: () => CustomerFirstDeps;
  /** How long a customer's phone rings before the attempt is no-answer. */
  customerRingSec: number;
  now?: () => number;
  tickMs?: number;
}

/** An agent whose phone was not answered is not rung for a predictive customer for this long. */
const MISSED_COOLDOWN_MS = 30_000;

interface CampaignStats { handle: RecentMean; answer: RecentMean; last: PacingDecision | null; rate: number }

export class PredictiveDialer {
  private readonly attempts = new Map<string, LiveAttempt>();
  private readonly cooldown = new Map<string, number>();
  private readonly stats = new Map<number, CampaignStats>();
  private readonly held = new Map<number, Partial<Record<Refusal, number>>>();
  private readonly disposers: (() => void)[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private queued = false;
  private stopped = false;
  private failing = false;
  private rotation = 0;
  private readonly now: () => number;

  constructor(private readonly d: PredictiveDialerDeps) {
    this.now = d.now ?? Date.now;
  }

  /** Starts ticking; returns the disposer (calls in progress finish on their own). */
  start(): () => Promise<void> {
    this.disposers.push(this.d.events.subscribe((e) => this.onEvent(e)));
    this.timer = setInterval(() => this.kick(), this.d.tickMs ?? 1000);
    this.timer.unref();
    return () => this.stop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    for (const d of this.disposers.splice(0)) d();
    await this.running;
  }

  kick(): void {
    if (this.stopped || this.queued) return;
    this.queued = true;
    this.running = this.running.then(async () => {
      this.queued = false;
      try {
        await this.tick();
        if (this.failing) this.d.log.info('predictive: ticks work again');
        this.failing = false;
      } catch (err) {
        if (!this.failing) this.d.log.warn({ err: (err as Error).message }, 'predictive: tick failed (retried every second)');
        this.failing = true;
      }
    });
  }

  /** Live figures of a campaign (GET /api/v1/campaigns/{id}/predictive). */
  live(campaignId: number): object {
    const mine = [...this.attempts.values()].filter((a) => a.campaign.id === campaignId);
    const n = (p: string) => mine.filter((a) => a.phase === p).length;
    const s = this.stats.get(campaignId);
    return {
      dialling: n('dialling'), screening: n('screening'), waiting: n('waiting'), agentRinging: n('agent-ringing'), talking: n('bridged'),
      safeHarbor: n('safe-harbor'), lastDecision: s?.last ?? null, abandonRate30d: s?.rate ?? 0,
      avgHandleSec: s ? Math.round(s.handle.value) : null, avgAnswerSec: s ? Math.round(s.answer.value * 10) / 10 : null, heldBack: this.held.get(campaignId) ?? {},
    };
  }

  /** Ready agents of a group not cooling down, longest idle first. */
  readyAgents(group: string): string[] {
    const t = this.now();
    return this.d.members(group)
      .filter((x) => this.d.agents.get(x)?.name === 'ready' && (this.cooldown.get(x) ?? 0) <= t)
      .sort((a, b) => this.d.agents.get(a)!.queuedSince - this.d.agents.get(b)!.queuedSince);
  }

  private statsOf(id: number): CampaignStats {
    let s = this.stats.get(id);
    if (!s) this.stats.set(id, (s = { handle: new RecentMean(50), answer: new RecentMean(50), last: null, rate: 0 }));
    return s;
  }

  private onEvent(e: CtiEvent): void {
    if (e.type === 'agent.state' && e.to === 'ready') {
      // A customer may be waiting for exactly this agent (within its 1.5 s).
      for (const a of this.attempts.values()) a.serve();
      this.kick();
      return;
    }
    if (e.type === 'call.answered') this.attempts.get(e.guid)?.agentAnswered();
    else if (e.type === 'call.result') this.attempts.get(e.guid)?.move({ type: 'hangup' });
  }

  private async tick(): Promise<void> {
    const campaigns = (await repo.listCampaigns(this.d.pool)).filter((c) => c.mode === 'predictive');
    for (const c of campaigns) {
      if (this.stopped) return;
      const mine = [...this.attempts.values()].filter((a) => a.campaign.id === c.id);
      for (const a of mine) a.serve();
      if (c.state !== 'running') continue;
      const st = this.statsOf(c.id);
      const win = await repo.abandonWindow(this.d.pool, c.id, 30);
      st.rate = abandonRate(win);
      const ready = this.readyAgents(c.group).length;
      const decision = pace(pacingInput({
        readyAgents: ready, talking: mine.filter((a) => a.phase === 'bridged').length, inFlight: mine.filter((a) => inFlight(a.phase)).length,
        waiting: mine.filter((a) => a.phase === 'waiting').length, window: win, avgHandleSec: st.handle.value, avgAnswerSec: st.answer.value,
        abandonCapPct: c.abandonCapPct, maxLines: c.maxLines,
      }));
      if (decision.dials > 0 || st.last?.why !== decision.why) {
        this.d.log.info({ campaign: c.name, ready, inFlight: mine.length, ...decision, abandonRate: st.rate }, 'predictive: pacing');
      }
      st.last = decision;
      if (decision.dials > 0) await this.dialSome(c, decision.dials);
      else if (mine.length === 0 && (await repo.pendingCount(this.d.pool, c.id)) === 0) await this.finish(c);
    }
  }

  private async finish(c: repo.CampaignRow): Promise<void> {
    if (await repo.setCampaignState(this.d.pool, c.id, 'running', 'finished')) {
      this.d.log.info({ campaign: c.name }, 'campaign: running -[finish]-> finished (no contact left)');
      this.d.events.publish({ type: 'campaign.state', campaign: c.name, id: c.id, from: 'running', to: 'finished' });
    }
  }

  private async dialSome(c: repo.CampaignRow, n: number): Promise<void> {
    const t = this.now();
    const rules = { window: c.window, maxAttempts: c.maxAttempts, defaultTimezone: c.timezone };
    const dnc = await repo.dncFor(this.d.pool, c.id);
    const due = await repo.dueContacts(this.d.pool, c.id, t, n * 5 + 20);
    const picked = pickDiallable(due, n, rules, dnc, t);
    this.held.set(c.id, heldBack(due, rules, dnc, t));
    const members = this.d.members(c.group);
    if (picked.length === 0 || members.length === 0) return;
    const settings = await pdb.getSettings(this.d.pool, c.id);
    for (const contact of picked) {
      if (this.stopped || !(await repo.claimContact(this.d.pool, contact.id))) continue;
      const guid = randomUUID();
      try {
        await pdb.insertCustomerFirstAttempt(this.d.pool, { guid, campaignId: c.id, listId: contact.listId, contactId: contact.id, phone: contact.phone });
      } catch (err) {
        await repo.settleContact(this.d.pool, contact.id, { state: 'pending', nextAt: null, result: 'not-dialled', counts: false }).catch(() => undefined);
        throw err;
      }
      const a = new LiveAttempt(guid, c, contact, settings, {
        log: this.d.log, events: this.d.events, agents: this.d.agents, now: this.now,
        pickAgent: (group) => this.readyAgents(group)[0] ?? null,
        agentMissed: (agent) => this.cooldown.set(agent, this.now() + MISSED_COOLDOWN_MS),
        agentTook: (g, agent) => void pdb.setAttemptAgent(this.d.pool, g, agent).catch(() => undefined),
        ended: (x, outcome) => void this.ended(x, outcome),
      });
      this.attempts.set(guid, a);
      this.d.log.info({ guid, campaign: c.name, contact: contact.id, attempt: contact.attempts + 1, amd: settings.amd }, `predictive attempt ${guid}: -> dialling`);
      // Routed as a member of the group would dial it; members take turns (per-account outside-call limits).
      const first = this.rotation++ % members.length;
      const from = [...members.slice(first), ...members.slice(0, first)];
      await new CustomerFirstCall(this.d.customerFirst(), {
        guid, from, dial: `${c.dialPrefix}${contact.phone}`, number: contact.phone, ringTimeoutSec: this.d.customerRingSec,
        amd: settings.amd ? settings.amdParams : null, extraFlows: safeHarborFlows(settings.safeHarbor),
      }, a.hooks()).start();
    }
  }

  /** The attempt's end: stored, counted, and its contact settled by the retry rules. */
  private async ended(a: LiveAttempt, outcome: DialOutcome): Promise<void> {
    this.attempts.delete(a.guid);
    const st = this.statsOf(a.campaign.id);
    const t = this.now();
    if (a.answeredAt !== null) st.answer.add((a.answeredAt - a.dialledAt) / 1000);
    if (a.bridgedAt !== null) st.handle.add((t - a.bridgedAt) / 1000);
    try {
      await repo.endAttempt(this.d.pool, a.guid, outcome);
      const stored = await repo.getAttempt(this.d.pool, a.guid);
      await this.settle(a, outcome, stored?.disposition ?? null);
    } catch (err) {
      this.d.log.warn({ guid: a.guid, err: (err as Error).message }, 'predictive attempt: outcome not stored');
    }
    this.kick();
  }

  /** As the agent-first dialer: an answered call without a disposition is done until one comes (dialer.disposed). */
  private async settle(a: LiveAttempt, outcome: DialOutcome, disposition: string | null): Promise<void> {
    const c = a.campaign;
    const key = outcome === 'answered' ? disposition ?? 'answered' : outcome;
    const used = a.contact.attempts + 1;
    const end = outcome === 'answered' && disposition === null ? { next: 'done' as const, result: 'answered', dnc: false } : afterAttempt(key, c.retryRules, used, c.maxAttempts, this.now());
    if (end.next === 'retry') await repo.settleContact(this.d.pool, a.contact.id, { state: 'pending', nextAt: end.at, result: key, counts: end.counts });
    else await repo.settleContact(this.d.pool, a.contact.id, { state: 'done', nextAt: null, result: end.result, counts: true });
    if (end.next === 'done' && end.dnc) await repo.addDnc(this.d.pool, [a.contact.phone], c.id, 'campaign', `disposition ${key} (${a.guid})`);
    this.d.events.publish({
      type: 'campaign.outcome', guid: a.guid, campaign: c.name, id: c.id, agent: a.agent, contactId: a.contact.id, phone: a.contact.phone, outcome, disposition,
      next: end.next, nextAt: end.next === 'retry' ? new Date(end.at).toISOString() : null,
    });
  }
}
