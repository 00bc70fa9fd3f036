/**
 * The campaign dialer (issue 22): a thin adapter that, once a second and whenever an agent's
 * state changes, asks the pure core what to do and does it. For each running campaign: the
 * ready agents of its group (AgentService), the calls in flight, pacing.ts for how many to
 * dial, compliance.ts for which contacts may be dialled, then one agent-first call per contact
 * (src/calls/agent-first.ts, the call queue callbacks make): the agent's phone rings first with
 * the screen pop (campaign.attempt and call.ringing with the list row), and on answer the number
 * is dialled as from that phone, so routing, trunk, caller ID, recording, records and agent
 * states are those of the call session core. The call record ends the attempt (retry.ts decides
 * the retry); the agent's disposition (API or /agent wrap-up) may change that decision.
 */
import { randomUUID } from 'node:crypto';
import type { EventSink, CtiEvent } from '../events/cti-events';
import type { Logger } from '../log/logger';
import type { CallRecord } from '../domain/call-record';
import type { Pool } from '../db/pool';
import * as repo from '../db/campaign-repository';
import { nextAttemptPhase, inFlight, type AttemptEvent, type AttemptPhase } from './attempts';
import { heldBack, pickDiallable, type ComplianceRules, type Refusal } from './compliance';
import { pace } from './pacing';
import { afterAttempt, outcomeOfRecord, type DialOutcome } from './retry';

export interface DialerDeps {
  pool: Pool;
  log: Logger;
  events: EventSink & { subscribe(s: (e: CtiEvent) => void): () => void };
  records: { onWrite(l: (r: CallRecord) => void): () => void };
  agents: {
    get(agent: string): { name: string; queuedSince: number } | undefined;
    applyIfAllowed(agent: string, e: { type: 'direct-ring' | 'offer-cancelled'; guid: string }): unknown;
  };
  /** The members of a group, from the live configuration. */
  members: (group: string) => string[];
  /**
   * Rings the agent first, then dials `dial` as from its phone, under the given GUID (an
   * AgentFirstCall). The hooks report the agent's answer or miss and the customer's answer;
   * the call record ends the attempt.
   */
  dial: (call: CampaignCall, hooks: CampaignCallHooks) => void;
  now?: () => number;
  tickMs?: number;
}

/** One campaign call as the dialer asks for it (agent first, then the customer). */
export interface CampaignCall {
  guid: string;
  agent: string;
  /** What the agent's phone would dial: the campaign's dial prefix + the number. */
  dial: string;
  /** The customer's number as the agent's phone and the screen pop show it. */
  customerNumber: string;
  /** Caller ID name on the agent's phone while it rings first. */
  displayName: string;
  group: string;
  /** Screen pop variables (call.ringing): the campaign and the list row. */
  variables: Record<string, string>;
}

export interface CampaignCallHooks {
  agentMissed(): void;
  agentAnswered(): void;
  customerAnswered(): void;
}

interface Attempt {
  guid: string;
  campaign: repo.CampaignRow;
  contact: repo.ContactRecord;
  agent: string;
  phase: AttemptPhase;
  outcome: DialOutcome | null;
}

/** An agent whose phone was not answered is not rung again by a campaign for this long. */
const MISSED_COOLDOWN_MS = 30_000;

export class Dialer {
  private readonly attempts = new Map<string, Attempt>();
  private readonly cooldown = new Map<string, number>();
  private readonly held = new Map<number, Partial<Record<Refusal, number>>>();
  private campaigns: repo.CampaignRow[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private queued = false;
  private stopped = false;
  private failing = false;
  private readonly disposers: (() => void)[] = [];
  private readonly now: () => number;

  constructor(private readonly d: DialerDeps) {
    this.now = d.now ?? Date.now;
  }

  /** Loads the campaigns, frees contacts a previous run left 'dialling', starts ticking. Returns the disposer. */
  async start(): Promise<() => Promise<void>> {
    // MySQL away at start: the app starts anyway (calls route from the cached configuration); the ticks retry.
    await this.load().catch((err) => this.d.log.warn({ err: (err as Error).message }, 'campaigns not loaded yet (MySQL): retried every second'));
    this.disposers.push(this.d.records.onWrite((r) => this.onRecord(r)));
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

  private loaded = false;

  private async load(): Promise<void> {
    const freed = await repo.releaseDialling(this.d.pool);
    if (freed) this.d.log.info({ freed }, 'campaigns: contacts of calls lost with the previous run are pending again');
    await this.reload();
    this.loaded = true;
  }

  async reload(): Promise<void> {
    this.campaigns = await repo.listCampaigns(this.d.pool);
  }

  /** A tick now (agent became ready, campaign started); ticks never overlap. */
  kick(): void {
    if (this.stopped || this.queued) return;
    this.queued = true;
    this.running = this.running.then(async () => {
      this.queued = false;
      try {
        await this.tick();
        if (this.failing) this.d.log.info('campaigns: dialer ticks work again');
        this.failing = false;
      } catch (err) {
        // One line per outage, not one per second.
        if (!this.failing) this.d.log.warn({ err: (err as Error).message }, 'campaigns: dialer tick failed (retried every second)');
        this.failing = true;
      }
    });
  }

  /** Live figures of a campaign's calls. */
  live(campaignId: number): { ringingAgents: number; dialling: number; talking: number } {
    const mine = [...this.attempts.values()].filter((a) => a.campaign.id === campaignId);
    return {
      ringingAgents: mine.filter((a) => a.phase === 'agent-ringing').length,
      dialling: mine.filter((a) => a.phase === 'dialling-customer').length,
      talking: mine.filter((a) => a.phase === 'talking').length,
    };
  }

  /** Why due contacts were not dialled at the last look (do-not-call, outside-window, ...): the supervisor's "why is nothing dialled?". */
  heldBackFor(campaignId: number): Partial<Record<Refusal, number>> {
    return this.held.get(campaignId) ?? {};
  }

  busyIn(campaignId: number): boolean {
    return [...this.attempts.values()].some((a) => a.campaign.id === campaignId);
  }

  /** The ready agents of a group that no campaign is ringing and that are not cooling down, longest idle first. */
  readyAgents(group: string): string[] {
    const t = this.now();
    const ringing = new Set([...this.attempts.values()].filter((a) => a.phase === 'agent-ringing').map((a) => a.agent));
    return this.d.members(group)
      .filter((x) => this.d.agents.get(x)?.name === 'ready' && !ringing.has(x) && (this.cooldown.get(x) ?? 0) <= t)
      .sort((a, b) => this.d.agents.get(a)!.queuedSince - this.d.agents.get(b)!.queuedSince);
  }

  private async tick(): Promise<void> {
    if (!this.loaded) await this.load();
    for (const c of this.campaigns) {
      if (this.stopped) return;
      // Predictive campaigns dial customer first: src/campaigns/predictive/predictive-dialer.ts.
      if (c.state !== 'running' || c.mode === 'preview' || c.mode === 'predictive') continue;
      const agents = this.readyAgents(c.group);
      const mine = [...this.attempts.values()].filter((a) => a.campaign.id === c.id);
      // Agent first: every call in flight already holds its agent (ringing or on the call), so
      // none of the ready agents is spoken for; the lines left are the campaign's minus those calls.
      const decision = pace({
        mode: c.mode, readyAgents: agents.length, busyAgents: mine.filter((a) => a.phase === 'talking').length, inFlight: 0,
        answered: 0, abandoned: 0, resolved: 0, avgHandleSec: 0, avgAnswerSec: 0, abandonCap: c.abandonCapPct / 100,
        maxLines: Math.max(0, c.maxLines - mine.filter((a) => inFlight(a.phase)).length),
      });
      if (decision.dials > 0) await this.dialSome(c, agents.slice(0, decision.dials));
      else if (mine.length === 0 && (await repo.pendingCount(this.d.pool, c.id)) === 0) await this.finish(c);
    }
  }

  private async finish(c: repo.CampaignRow): Promise<void> {
    if (await repo.setCampaignState(this.d.pool, c.id, 'running', 'finished')) {
      this.d.log.info({ campaign: c.name }, 'campaign: running -[finish]-> finished (no contact left)');
      c.state = 'finished';
      this.d.events.publish({ type: 'campaign.state', campaign: c.name, id: c.id, from: 'running', to: 'finished' });
    }
  }

  private rules(c: repo.CampaignRow): ComplianceRules {
    return { window: c.window, maxAttempts: c.maxAttempts, defaultTimezone: c.timezone };
  }

  /**
   * One contact per agent. The contacts are chosen first (no agent rings for nothing), then the
   * agents still ready are reserved at once (no await in between: the ACD cannot offer them a
   * call meanwhile), then each contact is claimed and dialled.
   */
  private async dialSome(c: repo.CampaignRow, agents: string[]): Promise<void> {
    const t = this.now();
    const dnc = await repo.dncFor(this.d.pool, c.id);
    const due = await repo.dueContacts(this.d.pool, c.id, t, agents.length * 5 + 20);
    const picked = pickDiallable(due, agents.length, this.rules(c), dnc, t);
    this.held.set(c.id, heldBack(due, this.rules(c), dnc, t));
    if (picked.length === 0 || this.stopped || this.campaigns.find((x) => x.id === c.id)?.state !== 'running') return;
    const still = this.readyAgents(c.group).filter((x) => agents.includes(x)).slice(0, picked.length);
    const reserved = still.map((agent) => ({ agent, guid: randomUUID() }));
    for (const r of reserved) this.d.agents.applyIfAllowed(r.agent, { type: 'direct-ring', guid: r.guid });
    const release = (r: { agent: string; guid: string }) => this.d.agents.applyIfAllowed(r.agent, { type: 'offer-cancelled', guid: r.guid });
    try {
      for (const r of reserved) {
        let contact: repo.ContactRecord | undefined;
        while (!contact && picked.length) {
          const next = picked.shift()!;
          if (await repo.claimContact(this.d.pool, next.id)) contact = next;
        }
        if (!contact) { release(r); continue; }
        await this.place(c, contact, r.agent, r.guid);
      }
    } catch (err) {
      for (const r of reserved) if (!this.attempts.has(r.guid)) release(r);
      throw err;
    }
  }

  /** Preview mode: the agent dials a contact it was shown (claimed by the service). */
  async dialClaimed(c: repo.CampaignRow, contact: repo.ContactRecord, agent: string): Promise<string> {
    const guid = randomUUID();
    this.d.agents.applyIfAllowed(agent, { type: 'direct-ring', guid });
    await this.place(c, contact, agent, guid);
    return guid;
  }

  private async place(c: repo.CampaignRow, contact: repo.ContactRecord, agent: string, guid: string): Promise<void> {
    try {
      await repo.insertAttempt(this.d.pool, { guid, campaignId: c.id, listId: contact.listId, contactId: contact.id, agent, phone: contact.phone });
    } catch (err) {
      this.d.agents.applyIfAllowed(agent, { type: 'offer-cancelled', guid });
      await repo.settleContact(this.d.pool, contact.id, { state: 'pending', nextAt: null, result: 'not-dialled', counts: false }).catch(() => undefined);
      throw err;
    }
    const a: Attempt = { guid, campaign: c, contact, agent, phase: 'agent-ringing', outcome: null };
    this.attempts.set(guid, a);
    this.d.log.info({ guid, campaign: c.name, agent, contact: contact.id, attempt: contact.attempts + 1 }, 'campaign attempt: -> agent-ringing');
    this.d.events.publish({
      type: 'campaign.attempt', guid, campaign: c.name, id: c.id, agent, listId: contact.listId,
      contact: { id: contact.id, phone: contact.phone, name: contact.name, timezone: contact.timezone ?? c.timezone, attempts: contact.attempts, data: contact.data },
    });
    try {
      this.d.dial({
        guid, agent, dial: `${c.dialPrefix}${contact.phone}`, customerNumber: contact.phone, displayName: c.name, group: c.group,
        variables: screenPopVariables(c, contact),
      }, {
        agentAnswered: () => void this.move(a, 'agent-answered'),
        customerAnswered: () => void this.move(a, 'customer-answered'),
        // The agent's phone rang out, was declined or is not registered: no call, no record.
        agentMissed: () => {
          this.d.agents.applyIfAllowed(agent, { type: 'offer-cancelled', guid });
          void this.move(a, 'agent-missed');
        },
      });
    } catch (err) {
      this.d.log.warn({ guid, agent, err: (err as Error).message }, 'campaign attempt: the agent\'s phone could not be rung');
      this.d.agents.applyIfAllowed(agent, { type: 'offer-cancelled', guid });
      await this.move(a, 'agent-missed');
    }
  }

  private onRecord(r: CallRecord): void {
    const a = this.attempts.get(r.guid);
    if (!a) return;
    a.outcome = outcomeOfRecord(r);
    void this.move(a, 'ended');
  }

  private async move(a: Attempt, e: AttemptEvent): Promise<void> {
    const to = nextAttemptPhase(a.phase, e);
    if (!to) return;
    this.d.log.info({ guid: a.guid, campaign: a.campaign.name, agent: a.agent }, `campaign attempt: ${a.phase} -[${e}]-> ${to}`);
    a.phase = to;
    if (to !== 'ended') return;
    this.attempts.delete(a.guid);
    const outcome: DialOutcome = e === 'agent-missed' ? 'agent-missed' : (a.outcome ?? 'failed');
    if (outcome === 'agent-missed') this.cooldown.set(a.agent, this.now() + MISSED_COOLDOWN_MS);
    try {
      await repo.endAttempt(this.d.pool, a.guid, outcome);
      const stored = await repo.getAttempt(this.d.pool, a.guid);
      await this.settle(a.campaign, a.contact, a.guid, a.agent, outcome, stored?.disposition ?? null, outcome !== 'agent-missed');
    } catch (err) {
      this.d.log.warn({ guid: a.guid, err: (err as Error).message }, 'campaign attempt: outcome not stored');
    }
    this.kick();
  }

  /** An answered call's disposition (API): decides the retry when the call has ended, else at its end. */
  async disposed(guid: string, disposition: string): Promise<void> {
    if (this.attempts.has(guid)) return; // settled with the disposition when the record arrives
    const stored = await repo.getAttempt(this.d.pool, guid);
    const contact = stored && (await repo.getContact(this.d.pool, stored.contactId));
    const campaign = stored && this.campaigns.find((c) => c.id === stored.campaignId);
    if (!stored || !contact || !campaign) return;
    await this.settle(campaign, contact, guid, stored.agent ?? '', (stored.outcome as DialOutcome) ?? 'answered', disposition, false);
  }

  /**
   * The contact after an attempt: the disposition decides an answered call (no disposition yet:
   * done as 'answered' until one comes), the outcome any other. `counts`: this settles a dial
   * (not an agent who missed, not a later disposition) and adds one attempt.
   */
  private async settle(c: repo.CampaignRow, contact: repo.ContactRecord, guid: string, agent: string, outcome: DialOutcome, disposition: string | null, counts: boolean): Promise<void> {
    const key = outcome === 'answered' ? disposition ?? 'answered' : outcome;
    // Attempts with this one: a later disposition finds it counted already.
    const used = counts ? contact.attempts + 1 : Math.max(1, contact.attempts);
    const end = outcome === 'answered' && disposition === null ? { next: 'done' as const, result: 'answered', dnc: false } : afterAttempt(key, c.retryRules, used, c.maxAttempts, this.now());
    if (end.next === 'retry') await repo.settleContact(this.d.pool, contact.id, { state: 'pending', nextAt: end.at, result: key, counts: counts && end.counts });
    else await repo.settleContact(this.d.pool, contact.id, { state: 'done', nextAt: null, result: end.result, counts });
    if (end.next === 'done' && end.dnc) await repo.addDnc(this.d.pool, [contact.phone], c.id, 'campaign', `disposition ${key} (${guid})`);
    this.d.events.publish({
      type: 'campaign.outcome', guid, campaign: c.name, id: c.id, agent: agent || null, contactId: contact.id, phone: contact.phone, outcome, disposition,
      next: end.next, nextAt: end.next === 'retry' ? new Date(end.at).toISOString() : null,
    });
  }
}

/** The screen pop of a campaign call: the list row's columns, then the campaign's own facts. */
export function screenPopVariables(c: Pick<repo.CampaignRow, 'id' | 'name' | 'timezone'>, contact: Pick<repo.ContactRecord, 'id' | 'listId' | 'name' | 'timezone' | 'attempts' | 'data'>): Record<string, string> {
  const row: Record<string, string> = {};
  for (const [k, v] of Object.entries(contact.data ?? {})) row[k] = String(v ?? '');
  return {
    ...row, campaign: c.name, campaign_id: String(c.id), campaign_list: String(contact.listId), campaign_contact: String(contact.id),
    contact_name: contact.name ?? '', contact_timezone: contact.timezone ?? c.timezone, attempt: String(contact.attempts + 1),
  };
}
