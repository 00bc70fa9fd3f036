/**
 * Hot-desking at run time (issue 19; source 002 §8, §11: 工号 separate from the phone). The agent
 * state machine, the ACD and the calls stay keyed by the phone (the seat): an agent ID logging in
 * at phone 1003 logs out whoever was there, sits down (agent_seats) and logs phone 1003 in; the
 * ACD then rings 1003 in the agent ID's groups (membership.ts, through the LiveConfig overlay).
 * Any change that logs the phone out (*9, the API, no-answer log-off, a removed account) ends
 * the seat; an app restart does not. Records, the state log and CTI events get the agent ID
 * besides the extension (identity(), CallIdentities).
 */
import type { AgentService } from '../agents/agent-service';
import type { AgentChange } from '../db/agent-repository';
import type { CallRecord } from '../domain/call-record';
import { deleteSeat, loadAgentIds, loadPinHash, loadSeats, saveSeat, type AgentIdRow } from '../db/hotdesk-repository';
import type { Pool } from '../db/pool';
import type { CtiEventBody } from '../events/cti-events';
import type { Logger } from '../log/logger';
import type { LiveSnapshot } from '../sync/live-config';
import { CallIdentities } from './call-identities';
import { decideLogin, decideLogout, endsSeat, type HotDeskRefusal } from './login-decision';
import { seatedGroups, type AgentIdGroups } from './membership';
import { pinMatchesAsync } from './pin';
import { PinAttempts } from './pin-attempts';
import { Seating } from './seating';

export interface HotDeskDeps {
  pool: Pool;
  agents: AgentService;
  log: Logger;
  publish: (event: CtiEventBody) => void;
  now?: () => number;
}

export type HotDeskResult =
  | { ok: true; agentId: string; extension: string; displaced: string | null; left: string | null; pending?: boolean }
  | { ok: false; refusal: HotDeskRefusal; message: string };

export interface SeatView { agentId: string; name: string; extension: string; state: string | null }

export class HotDeskService {
  private seating = new Seating();
  private directory = new Map<string, AgentIdRow>();
  private groupsOf = new Map<string, readonly AgentIdGroups[]>();
  /** Bumped on every seat or directory change: the groups overlay is rebuilt then. */
  private version = 0;
  private memo: { base: LiveSnapshot; version: number; result: LiveSnapshot } | null = null;
  readonly calls = new CallIdentities();
  private readonly attempts = new PinAttempts();
  /** Logins and logouts one at a time (each awaits the PIN check and then changes states). */
  private ops: Promise<unknown> = Promise.resolve();
  /** Seat writes in order (a release and the next seat of the same agent never swap). */
  private writes: Promise<void> = Promise.resolve();
  private readonly disposers: (() => void)[] = [];

  constructor(private readonly deps: HotDeskDeps) {}

  /** Reads agent IDs and seats; follows agent state changes. A database that cannot be read leaves nobody seated. */
  async start(): Promise<void> {
    this.disposers.push(this.deps.agents.onChange((c) => this.onAgentChange(c)));
    try {
      await this.refresh();
      this.seating = new Seating((await loadSeats(this.deps.pool)).filter((s) => this.directory.get(s.agent)?.enabled));
      this.version++;
      if (this.seating.seats().length) this.deps.log.info({ seats: this.seating.seats() }, 'hot-desk seats restored');
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message }, 'hot-desk agent IDs or seats not readable; nobody is seated');
    }
  }

  stop(): void {
    for (const d of this.disposers.splice(0)) d();
  }

  /** Re-reads agent IDs and their groups (after a configuration reload); a removed or disabled agent ID is logged out. */
  async refresh(): Promise<void> {
    const rows = await loadAgentIds(this.deps.pool);
    this.directory = new Map(rows.map((r) => [r.agentId, r]));
    this.groupsOf = new Map(rows.map((r) => [r.agentId, r.groups]));
    this.version++;
    for (const s of this.seating.seats()) {
      if (this.directory.get(s.agent)?.enabled) continue;
      this.deps.log.info({ agentId: s.agent, extension: s.extension }, 'hot-desk: agent ID removed or disabled, logged out');
      if (!this.deps.agents.applyIfAllowed(s.extension, { type: 'logout', reason: 'agent-id-removed' })) this.release(s.agent, 'agent-id-removed');
    }
  }

  /** The agent ID at a phone now: the seated one, else the phone's own (its extension). */
  identity(extension: string): string {
    return this.seating.agentAt(extension) ?? extension;
  }

  /** The agent ID that served a call at a phone (noted when it rang or talked), else the one seated now. */
  identityForCall(extension: string, guid: string | null): string {
    return (guid ? this.calls.of(guid, extension) : undefined) ?? this.identity(extension);
  }

  /** The record with the agent ID of its agent's phone (the note stays for the call's last events; the map is bounded). */
  enrichRecord(r: CallRecord): CallRecord {
    if (!r.agent || r.agentId) return r;
    return { ...r, agentId: this.identityForCall(r.agent, r.guid) };
  }

  /** The configuration with the seated agent IDs' groups in force (same object when nobody is seated). */
  overlay(base: LiveSnapshot): LiveSnapshot {
    if (this.seating.seats().length === 0) return base;
    if (this.memo?.base === base && this.memo.version === this.version) return this.memo.result;
    const result = { ...base, groups: seatedGroups(base.groups, this.seating.seats(), this.groupsOf) };
    this.memo = { base, version: this.version, result };
    return result;
  }

  seats(): SeatView[] {
    return this.seating.seats().map((s) => ({ agentId: s.agent, name: this.directory.get(s.agent)?.name ?? '', extension: s.extension, state: this.deps.agents.get(s.extension)?.name ?? null }));
  }

  /** Logs an agent ID in at a phone; `pin` null: a supervisor seats it without one. `by`: "phone" or the API user. */
  login(agentId: string, pin: string | null, extension: string, by: string): Promise<HotDeskResult> {
    const run = this.ops.then(() => this.doLogin(agentId, pin, extension, by));
    this.ops = run.catch(() => undefined);
    return run;
  }

  /** Logs an agent ID out of the phone it sits at (after the current call, if on one). */
  logout(agentId: string, by: string): Promise<HotDeskResult> {
    const run = this.ops.then(() => this.doLogout(agentId, by));
    this.ops = run.catch(() => undefined);
    return run;
  }

  /** Resolves when the seat changes so far are written (tests). */
  flush(): Promise<void> {
    return this.writes;
  }

  private async doLogin(agent: string, pin: string | null, extension: string, by: string): Promise<HotDeskResult> {
    const now = this.deps.now?.() ?? Date.now();
    if (pin !== null && this.attempts.locked(agent, now)) {
      this.deps.log.warn({ agentId: agent, extension, by }, `hot-desk: login of agent ${agent} at ${extension} refused (pin-locked)`);
      return { ok: false, refusal: 'pin-locked', message: `too many wrong PINs for agent ID ${agent}; try again later` };
    }
    const row = await loadPinHash(this.deps.pool, agent);
    const pinOk = pin === null ? true : row ? await pinMatchesAsync(pin, row.pinHash) : false;
    if (pin !== null && !pinOk && row && this.attempts.failed(agent, now)) {
      this.deps.log.warn({ agentId: agent, extension, by }, `hot-desk: agent ID ${agent} locked after repeated wrong PINs`);
    }
    if (pin !== null && pinOk) this.attempts.succeeded(agent);
    const d = decideLogin({ agent, extension, agentRow: row, pinOk, phoneState: (e) => this.deps.agents.get(e)?.name, seating: this.seating });
    if (!d.ok) {
      this.deps.log.info({ agentId: agent, extension, by, refusal: d.refusal }, `hot-desk: login of agent ${agent} at ${extension} refused (${d.refusal})`);
      return d;
    }
    // Phones first logged out (their seats end through onAgentChange), then the seat, then the login.
    for (const o of d.logOut) this.deps.agents.applyIfAllowed(o.extension, { type: 'logout', reason: o.reason });
    if (this.seating.phoneOf(agent) !== extension) {
      this.seating.login(agent, extension);
      this.version++;
      this.persist(() => saveSeat(this.deps.pool, agent, extension, by));
      this.deps.log.info({ agentId: agent, extension, by, displaced: d.displaced, left: d.left }, `hot-desk: agent ${agent} seated at ${extension}`);
      this.deps.publish({ type: 'agent.seat', agentId: agent, extension, action: 'login', displaced: d.displaced, left: d.left, by });
    }
    this.deps.agents.applyIfAllowed(extension, { type: 'login' });
    return { ok: true, agentId: agent, extension, displaced: d.displaced, left: d.left };
  }

  private async doLogout(agent: string, by: string): Promise<HotDeskResult> {
    const d = decideLogout(agent, this.seating);
    if (!d.ok) return d;
    const after = this.deps.agents.applyIfAllowed(d.extension, { type: 'logout', reason: by === 'phone' ? 'phone' : 'hot-desk-logout' });
    // Logged out already (no state change to end the seat): release it here.
    if (this.seating.phoneOf(agent) === d.extension && (!after || after.name === 'logged_out')) this.release(agent, by);
    const pending = this.seating.phoneOf(agent) === d.extension;
    return { ok: true, agentId: agent, extension: d.extension, displaced: null, left: d.extension, ...(pending ? { pending: true } : {}) };
  }

  private onAgentChange(c: AgentChange): void {
    if (c.callGuid && (c.to === 'ringing' || c.to === 'on_call')) this.calls.note(c.callGuid, c.agent, c.agentId ?? this.identity(c.agent));
    if (!endsSeat(c)) return;
    const seated = this.seating.agentAt(c.agent);
    if (seated !== null) this.release(seated, c.reason ?? 'logout');
  }

  private release(agent: string, why: string): void {
    const ext = this.seating.logout(agent);
    if (ext === null) return;
    this.version++;
    this.persist(() => deleteSeat(this.deps.pool, agent));
    this.deps.log.info({ agentId: agent, extension: ext, why }, `hot-desk: agent ${agent} left ${ext}`);
    this.deps.publish({ type: 'agent.seat', agentId: agent, extension: ext, action: 'logout', displaced: null, left: ext, by: why });
  }

  private persist(write: () => Promise<void>): void {
    this.writes = this.writes.then(write).catch((err) => {
      this.deps.log.warn({ err: (err as Error).message }, 'hot-desk seat not saved');
    });
  }
}
