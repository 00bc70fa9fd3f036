/**
 * Campaign commands (issue 22) behind the CTI API: create, import lists, start / pause / stop,
 * preview, dispositions, do-not-call numbers, live figures and reports. An adapter: the pure
 * core decides (campaign-state.ts, list-import.ts, compliance.ts), MySQL stores, the dialer dials.
 */
import type { EventSink } from '../events/cti-events';
import type { Logger } from '../log/logger';
import type { Pool } from '../db/pool';
import * as repo from '../db/campaign-repository';
import { nextCampaignState, type CampaignCommand } from './campaign-state';
import { normalizePhone, pickDiallable } from './compliance';
import { importContacts, parseCsv } from './list-import';
import type { Dialer } from './dialer';

export class CampaignError extends Error {
  constructor(readonly status: 400 | 404 | 409, readonly code: string, message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
  }
}

export interface CampaignServiceDeps {
  pool: Pool;
  log: Logger;
  events: EventSink;
  dialer: Dialer;
  groupExists: (group: string) => boolean;
  now?: () => number;
}

/** A preview contact shown to an agent and not dialled yet goes back to the list after this. */
const PREVIEW_HOLD_MS = 5 * 60_000;

export class CampaignService {
  private readonly previews = new Map<number, { agent: string; campaignId: number; until: number }>();
  private readonly now: () => number;

  constructor(private readonly d: CampaignServiceDeps) {
    this.now = d.now ?? Date.now;
  }

  async create(c: repo.NewCampaign): Promise<repo.CampaignRow> {
    if (!this.d.groupExists(c.group)) throw new CampaignError(404, 'unknown-group', `no agent group ${c.group}`);
    const id = await repo.insertCampaign(this.d.pool, c);
    if (id === null) throw new CampaignError(409, 'campaign-exists', `a campaign named ${c.name} exists`);
    await this.d.dialer.reload();
    this.d.log.info({ campaign: c.name, id, mode: c.mode, group: c.group }, 'campaign created (stopped)');
    return (await repo.getCampaign(this.d.pool, id))!;
  }

  async get(id: number): Promise<repo.CampaignRow> {
    const c = await repo.getCampaign(this.d.pool, id);
    if (!c) throw new CampaignError(404, 'unknown-campaign', `no campaign ${id}`);
    return c;
  }

  async list(): Promise<object[]> {
    const all = await repo.listCampaigns(this.d.pool);
    return Promise.all(all.map((c) => this.figures(c)));
  }

  /** The campaign with its live figures: agents, calls in progress, contacts left, abandon rate over 30 days. */
  async figures(c: repo.CampaignRow): Promise<object> {
    const win = await repo.abandonWindow(this.d.pool, c.id, 30);
    return {
      ...c,
      live: {
        readyAgents: this.d.dialer.readyAgents(c.group).length, ...this.d.dialer.live(c.id), heldBack: this.d.dialer.heldBackFor(c.id),
        contactsLeft: await repo.pendingCount(this.d.pool, c.id),
        answered30d: win.answered, abandoned30d: win.abandoned, abandonRate30d: win.answered ? win.abandoned / win.answered : 0,
      },
    };
  }

  async command(id: number, command: Exclude<CampaignCommand, 'finish'>): Promise<repo.CampaignRow> {
    const c = await this.get(id);
    const to = nextCampaignState(c.state, command);
    if (!to) throw new CampaignError(409, 'campaign-state', `cannot ${command} a campaign that is ${c.state}`);
    if (!(await repo.setCampaignState(this.d.pool, id, c.state, to))) throw new CampaignError(409, 'campaign-state', 'the campaign changed meanwhile: try again');
    this.d.log.info({ campaign: c.name }, `campaign: ${c.state} -[${command}]-> ${to}`);
    this.d.events.publish({ type: 'campaign.state', campaign: c.name, id, from: c.state, to });
    await this.d.dialer.reload();
    if (to === 'running') this.d.dialer.kick();
    return { ...c, state: to };
  }

  /** A CSV list: all rows valid or nothing imported (400 with every problem). */
  async importList(id: number, name: string, csv: string): Promise<object> {
    const c = await this.get(id);
    const dnc = await repo.dncFor(this.d.pool, id);
    const r = importContacts(csv, await repo.campaignPhones(this.d.pool, id), dnc);
    if (r.errors.length) {
      throw new CampaignError(400, 'invalid-list', `${r.errors.length} line(s) of the list are invalid; nothing was imported`, { problems: r.errors.map((e) => `line ${e.line}: ${e.problem}`) });
    }
    const listId = await repo.insertList(this.d.pool, id, name, r.rows, r.skipped.length, 0);
    if (listId === null) throw new CampaignError(409, 'list-exists', `campaign ${c.name} already has a list named ${name}`);
    this.d.log.info({ campaign: c.name, list: name, imported: r.rows.length, skipped: r.skipped.length }, 'campaign list imported');
    if (c.state === 'running') this.d.dialer.kick();
    return { listId, imported: r.rows.length, skipped: r.skipped };
  }

  /** Preview mode: the next contact the agent may dial, held for it for 5 minutes. */
  async previewNext(id: number, agent: string): Promise<repo.ContactRecord> {
    const c = await this.get(id);
    if (c.mode !== 'preview') throw new CampaignError(409, 'not-preview', `campaign ${c.name} is ${c.mode}, not preview`);
    if (c.state !== 'running') throw new CampaignError(409, 'campaign-state', `campaign ${c.name} is ${c.state}`);
    await this.expirePreviews();
    const t = this.now();
    const dnc = await repo.dncFor(this.d.pool, id);
    const due = await repo.dueContacts(this.d.pool, id, t, 50);
    for (const contact of pickDiallable(due, 50, { window: c.window, maxAttempts: c.maxAttempts, defaultTimezone: c.timezone }, dnc, t)) {
      if (!(await repo.claimContact(this.d.pool, contact.id))) continue;
      this.previews.set(contact.id, { agent, campaignId: id, until: t + PREVIEW_HOLD_MS });
      return { ...contact, state: 'dialling' };
    }
    throw new CampaignError(404, 'no-contact', `no contact of ${c.name} may be called now (done, not due, outside its calling window or do-not-call)`);
  }

  async previewDial(id: number, contactId: number, agent: string): Promise<string> {
    const held = this.previews.get(contactId);
    if (!held || held.agent !== agent || held.campaignId !== id) throw new CampaignError(404, 'not-previewed', `contact ${contactId} is not held for ${agent}: ask for it with preview first`);
    const c = await this.get(id);
    const contact = await repo.getContact(this.d.pool, contactId);
    if (!contact) throw new CampaignError(404, 'unknown-contact', `no contact ${contactId}`);
    this.previews.delete(contactId);
    return this.d.dialer.dialClaimed(c, contact, agent);
  }

  async previewSkip(id: number, contactId: number, agent: string): Promise<void> {
    const held = this.previews.get(contactId);
    if (!held || held.agent !== agent || held.campaignId !== id) throw new CampaignError(404, 'not-previewed', `contact ${contactId} is not held for ${agent}`);
    this.previews.delete(contactId);
    await repo.settleContact(this.d.pool, contactId, { state: 'pending', nextAt: null, result: 'skipped', counts: false });
  }

  private async expirePreviews(): Promise<void> {
    const t = this.now();
    for (const [contactId, p] of this.previews) {
      if (p.until > t) continue;
      this.previews.delete(contactId);
      await repo.settleContact(this.d.pool, contactId, { state: 'pending', nextAt: null, result: 'preview-expired', counts: false });
    }
  }

  /** The agent's disposition of an answered campaign call: once per attempt; it decides the retry. */
  async dispose(guid: string, agent: string, disposition: string): Promise<void> {
    const a = await repo.getAttempt(this.d.pool, guid);
    if (!a || a.agent !== agent) throw new CampaignError(404, 'unknown-attempt', `no campaign call ${guid} of agent ${agent}`);
    if (a.outcome !== null && a.outcome !== 'answered') throw new CampaignError(409, 'not-answered', `the call was not answered (${a.outcome}): its outcome decides the retry`);
    if (!(await repo.setDisposition(this.d.pool, guid, disposition))) throw new CampaignError(409, 'already-disposed', `call ${guid} already has a disposition`);
    this.d.log.info({ guid, agent, disposition }, 'campaign attempt: disposition');
    await this.d.dialer.disposed(guid, disposition);
  }

  /**
   * A wrap-up disposition saved on the /agent page (call_dispositions): for a campaign call of
   * that agent, answered and not disposed yet, it is the attempt's disposition, exactly as the
   * API's. Other calls are not the campaigns' business; a later correction on the page is stored
   * there but the first disposition keeps deciding the retry.
   */
  async dispositionFromDesk(guid: string, agent: string, code: string): Promise<void> {
    const a = await repo.getAttempt(this.d.pool, guid);
    if (!a || a.agent !== agent) return;
    if (a.outcome !== null && a.outcome !== 'answered') return;
    if (!(await repo.setDisposition(this.d.pool, guid, code))) {
      this.d.log.info({ guid, agent, code, kept: a.disposition }, 'campaign attempt: disposed already; the first disposition decides');
      return;
    }
    this.d.log.info({ guid, agent, disposition: code, from: 'agent desktop' }, 'campaign attempt: disposition');
    await this.d.dialer.disposed(guid, code);
  }

  async addDnc(input: { numbers?: string[]; csv?: string; campaign?: number; source: 'internal' | 'imported'; note: string }): Promise<{ added: number; numbers: number }> {
    if (input.campaign !== undefined) await this.get(input.campaign);
    const raw = [...(input.numbers ?? [])];
    if (input.csv) {
      const table = parseCsv(input.csv);
      const head = table[0]?.map((h) => h.trim().toLowerCase()) ?? [];
      const at = Math.max(0, head.indexOf('phone'));
      raw.push(...table.slice(head.includes('phone') ? 1 : 0).map((r) => r[at] ?? ''));
    }
    const phones = [...new Set(raw.map(normalizePhone))];
    const bad = raw.filter((p) => normalizePhone(p).length < 3 || normalizePhone(p).length > 32).length;
    if (bad) throw new CampaignError(400, 'invalid-numbers', `${bad} number(s) are not 3-32 digits; nothing was added`, { problems: [`${bad} number(s) are not 3-32 digits`] });
    const added = await repo.addDnc(this.d.pool, phones, input.campaign ?? 0, input.campaign !== undefined ? 'campaign' : input.source, input.note);
    this.d.log.info({ added, numbers: phones.length, campaign: input.campaign ?? null }, 'do-not-call numbers added');
    return { added, numbers: phones.length };
  }

  async removeDnc(phone: string, campaign: number | undefined): Promise<void> {
    if (!(await repo.removeDnc(this.d.pool, normalizePhone(phone), campaign ?? 0))) throw new CampaignError(404, 'not-listed', 'the number is not on that do-not-call list');
  }

  listDnc(campaign: number | undefined, limit: number): Promise<object[]> {
    return repo.listDnc(this.d.pool, campaign ?? null, limit);
  }

  async report(id: number): Promise<object> {
    const c = await this.get(id);
    return { campaign: await this.figures(c), lists: await repo.campaignReport(this.d.pool, id), dispositions: await repo.dispositionCounts(this.d.pool, id) };
  }
}
