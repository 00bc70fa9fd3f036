/**
 * How a demo call talks to the running site, only through what an integrator uses too: the
 * CTI API and its event WebSocket, the product's Asterisk CLI (registered contacts) and the
 * database (configuration, the call record).
 */
import type { RowDataPacket } from 'mysql2/promise';
import WebSocket from 'ws';
import type { Config } from '../config';
import { cli, pid } from '../asterisk/instance';
import { pathsFor } from '../asterisk/site-config';
import type { Pool } from '../db/pool';
import { loadRoutingTables } from '../db/routing-repository';
import { loadTelephonyData } from '../db/telephony-repository';
import { compileTables } from '../routing';
import { DemoError, type SiteView } from './demo-plan';
import { contactUdpAddress, isLoopback, parseContacts, type ProductContact } from './peer-config';
import { udpFree } from './ports';
import type { CtiEvent, Timeline } from './timeline';

export interface AgentView { agent: string; state: string; reason: string | null }

export class ProductLink {
  readonly base: string;
  private readonly authHeader: string | null;

  constructor(private readonly config: Readonly<Config>) {
    this.base = `http://${config.http.host}:${config.http.port}`;
    // A supervisor sees every agent's events and may set any agent ready.
    const strong = (role: string) => role === 'supervisor' || role === 'admin';
    const user = config.api.users.find((u) => strong(u.role));
    const token = config.api.tokens.find((t) => strong(t.role));
    this.authHeader = user ? `Basic ${Buffer.from(`${user.name}:${user.password}`).toString('base64')}` : token ? `Bearer ${token.token}` : null;
  }

  /** Throws (saying what to do) when the config holds no supervisor credentials. */
  checkCredentials(): void {
    void this.auth;
  }

  private get auth(): string {
    if (!this.authHeader) throw new DemoError('the site config has no supervisor user or token (section "api")', 'run "make install" to generate them');
    return this.authHeader;
  }

  /** The product's Asterisk runs and the app answers (else says how to start the site); returns a warning when its health is not ok. */
  async checkRunning(): Promise<string | null> {
    const p = pathsFor(this.config);
    if (!pid(p)) throw new DemoError(`the site's Asterisk (instance ${p.name}) is not running`, 'start the demo site with "make run" (in another terminal), then run make demo-call again');
    let status = 0;
    try {
      status = (await fetch(`${this.base}/api/v1/health`, { signal: AbortSignal.timeout(5000) })).status;
    } catch {
      throw new DemoError(`the app does not answer on ${this.base}`, 'start the demo site with "make run" (or wait until it says the dashboard is up)');
    }
    return status === 200 ? null : `the app's health is not ok (HTTP ${status}: ${this.base}/api/v1/health, docs/OPERATIONS.md); trying anyway`;
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.base}${path}`, {
      method, headers: { authorization: this.auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(10000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 200)}`);
    return JSON.parse(text) as T;
  }

  async agents(): Promise<AgentView[]> {
    return (await this.request<{ agents: AgentView[] }>('GET', '/api/v1/agents')).agents;
  }

  async ready(agent: string): Promise<void> {
    await this.request('POST', `/api/v1/agents/${agent}/ready`, {});
  }

  /** Opens the event stream; every event goes to the timeline. Resolves once the app said hello. */
  openEvents(timeline: Timeline): Promise<{ close: () => void }> {
    const url = `ws://${this.config.http.host}:${this.config.http.port}/api/v1/events`;
    const ws = new WebSocket(url, { headers: { authorization: this.auth } });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { ws.terminate(); reject(new Error(`no hello from ${url} within 5 s`)); }, 5000);
      ws.on('message', (data) => {
        let e: CtiEvent;
        try {
          e = JSON.parse(String(data)) as CtiEvent;
        } catch {
          return;
        }
        if (e.type === 'hello') {
          clearTimeout(timer);
          resolve({ close: () => ws.close() });
        } else {
          timeline.push({ src: 'cti', event: e });
        }
      });
      ws.on('unexpected-response', (_req, res) => { clearTimeout(timer); reject(new Error(`${url} refused the event stream (HTTP ${res.statusCode})`)); });
      ws.on('error', (err) => { clearTimeout(timer); reject(err); });
      ws.on('close', () => timeline.abort(new DemoError('the app closed its event stream (did it stop?)', 'see "make status"; start the site again with make run')));
    });
  }

  async contacts(): Promise<ProductContact[]> {
    return parseContacts(await cli(pathsFor(this.config), 'pjsip show contacts'));
  }

  /** Asks the product to check these endpoints' contacts now (OPTIONS), instead of at its next round. */
  async qualifyEndpoints(names: string[]): Promise<void> {
    for (const n of names) await cli(pathsFor(this.config), `pjsip qualify ${n}`).catch(() => '');
  }

  /**
   * Contacts whose reachability is known. After a restart the product lists the contacts it had
   * stored (a phone long gone, a demo killed before it unregistered) as Unknown until its next
   * check: they are checked now, so a gone phone is not taken for a real one.
   */
  async knownContacts(timeoutMs = 5000): Promise<ProductContact[]> {
    const unsure = (cs: ProductContact[]) => [...new Set(cs.filter((c) => c.status === 'Unknown' || c.status === 'Created').map((c) => c.aor))];
    let contacts = await this.contacts();
    const first = unsure(contacts);
    if (first.length === 0) return contacts;
    await this.qualifyEndpoints(first);
    const deadline = Date.now() + timeoutMs;
    while (unsure(contacts).length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      contacts = await this.contacts();
    }
    return contacts;
  }

  /** Asks the product to check a trunk now; true once its contact is reachable. */
  async qualify(trunk: string, timeoutMs: number): Promise<boolean> {
    const p = pathsFor(this.config);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await cli(p, `pjsip qualify ${trunk}`);
      await new Promise((r) => setTimeout(r, 250));
      if ((await this.contacts()).some((c) => c.aor === trunk && c.status === 'Avail')) return true;
      if (Date.now() > deadline) return false;
    }
  }

  /**
   * Contacts on this host whose port nobody listens on are stale, whatever the product still
   * believes: after a restart it lists stored contacts (a phone long gone, a demo killed before
   * it unregistered) as reachable until its checks say otherwise, and would ring them.
   */
  async liveContacts(): Promise<ProductContact[]> {
    const contacts = await this.knownContacts();
    return Promise.all(contacts.map(async (c) => {
      const at = contactUdpAddress(c.uri);
      return at && isLoopback(at.host) && (await udpFree(at.host, at.port)) ? { ...c, status: 'Stale' } : c;
    }));
  }

  async site(pool: Pool): Promise<SiteView> {
    const [raw, tel, contacts] = await Promise.all([loadRoutingTables(pool), loadTelephonyData(pool), this.liveContacts()]);
    return {
      sip: { bindAddress: this.config.sip.bindAddress, port: this.config.sip.port },
      accounts: tel.accounts, trunks: tel.trunks, tables: compileTables(raw), contacts,
      agents: [...new Set(tel.groups.flatMap((g) => g.members.map((m) => m.extension)))],
    };
  }
}

export interface RecordRow {
  guid: string; status: number; direction: string; caller: string; callee: string; agent: string | null; group_name: string | null;
  talk_sec: string; wait_sec: string; hangup_by: string; end_reason: string; survey_score: number | null; recording_path: string | null;
}

/** The call record the app wrote for this call, if it is there within `timeoutMs`. */
export async function callRecord(pool: Pool, guid: string, timeoutMs: number): Promise<RecordRow | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [rows] = await pool.query<RowDataPacket[]>('SELECT guid, status, direction, caller, callee, agent, group_name, talk_sec, wait_sec, hangup_by, end_reason, survey_score, recording_path FROM call_records WHERE guid = ?', [guid]);
    if (rows.length) return rows[0] as RecordRow;
    if (Date.now() > deadline) return null;
    await new Promise((r) => setTimeout(r, 200));
  }
}
