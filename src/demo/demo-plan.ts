/**
 * Pure: what one demo call needs. Who calls (a simulated phone or a carrier), where the product
 * will route the number, which parties to simulate for it, and whether this site may be
 * simulated at all (only the demo site on loopback: a real site never gets fake carriers or
 * phones). No I/O; src/demo/demo-call.ts does the rest.
 */
import type { SipAccount, TrunkConfig } from '../domain';
import { route, type CompiledTables, type Destination } from '../routing';
import { identify, routeRequest } from '../calls/call-plan';
import { DEMO_PHONES_ADDRESS, isLive, isLoopback, type ProductContact } from './peer-config';

/** A refusal or failure with what the user can do about it. */
export class DemoError extends Error {
  constructor(message: string, readonly hint: string) {
    super(message);
  }
}

export interface DemoOptions {
  from: string;
  to: string;
  /** Keys the caller presses once an IVR answers ('' = none). */
  dtmf: string;
  /** Talk time once answered; with agentAnswer false, how long the caller waits before giving up. */
  holdSec: number;
  agentAnswer: boolean;
  /** Who hangs up after the talk time: the caller, or the side that answered (the agent). */
  hangup: 'caller' | 'agent';
  /** The survey key the caller presses when the agent hung up first ('' = none). */
  score: string;
  /** The trunk an outside caller comes in on. */
  via: string;
}

export const DEFAULT_OPTIONS: DemoOptions = {
  from: '13800138000', to: '02566668888', dtmf: '1', holdSec: 10, agentAnswer: true, hangup: 'caller', score: '', via: 'carrier-a',
};

const NUMBER = /^\+?[0-9*#]{1,32}$/;

/** Options as the Makefile passes them (FROM=... TO=...); empty means the default. */
export function parseOptions(raw: Partial<Record<keyof DemoOptions | 'agentAnswer' | 'hold', string | undefined>>): DemoOptions {
  const o = { ...DEFAULT_OPTIONS };
  const given = (v: string | undefined) => v !== undefined && v.trim() !== '';
  const bad = (name: string, value: string, what: string) => new DemoError(`${name}=${value} is not ${what}`, 'see `make demo-call HELP=1` for the options');
  if (given(raw.from)) o.from = raw.from!.trim();
  if (given(raw.to)) o.to = raw.to!.trim();
  if (!NUMBER.test(o.from)) throw bad('FROM', o.from, 'a number or an extension');
  if (!NUMBER.test(o.to)) throw bad('TO', o.to, 'a number');
  if (raw.dtmf !== undefined) o.dtmf = raw.dtmf.trim();
  if (!/^[0-9*#]{0,16}$/.test(o.dtmf)) throw bad('DTMF', o.dtmf, 'keys (0-9 * #), or empty for none');
  if (given(raw.hold)) {
    o.holdSec = Number(raw.hold);
    if (!Number.isInteger(o.holdSec) || o.holdSec < 1 || o.holdSec > 600) throw bad('HOLD', raw.hold!, 'a number of seconds from 1 to 600');
  }
  if (given(raw.agentAnswer)) {
    const v = raw.agentAnswer!.trim().toLowerCase();
    if (!['yes', 'no'].includes(v)) throw bad('AGENT_ANSWER', raw.agentAnswer!, 'yes or no');
    o.agentAnswer = v === 'yes';
  }
  if (given(raw.hangup)) {
    const v = raw.hangup!.trim().toLowerCase();
    if (v !== 'caller' && v !== 'agent') throw bad('HANGUP', raw.hangup!, 'caller or agent');
    o.hangup = v;
  }
  if (given(raw.score)) {
    o.score = raw.score!.trim();
    if (!/^[0-9]$/.test(o.score)) throw bad('SCORE', o.score, 'one key 0-9');
  }
  if (given(raw.via)) o.via = raw.via!.trim();
  return o;
}

export type Caller = { kind: 'phone'; account: SipAccount } | { kind: 'trunk'; trunk: TrunkConfig };

export interface DemoPlan {
  caller: Caller;
  destination: Destination;
  /** Carriers (or the second site) to play: the caller's trunk, the trunk the call goes out on. */
  trunks: TrunkConfig[];
  /** Accounts without a phone of their own: a simulated phone registers for them. */
  simulated: SipAccount[];
  /** Accounts with a live phone: it rings for real, nothing is simulated for them. */
  realPhones: { extension: string; uri: string }[];
}

export interface SiteView {
  sip: { bindAddress: string; port: number };
  accounts: SipAccount[];
  trunks: TrunkConfig[];
  /** Members of any agent group: the agents a contact-center call may ring. */
  agents: string[];
  tables: CompiledTables;
  contacts: ProductContact[];
}

const DEMO_ONLY = 'demo-call only runs on the demo site on loopback (make run on a fresh clone); it never plays carriers or phones on a real site';

/** Decides the call or refuses it (DemoError). */
export function planDemoCall(o: DemoOptions, site: SiteView): DemoPlan {
  if (!isLoopback(site.sip.bindAddress)) {
    throw new DemoError(`this site's SIP listens on ${site.sip.bindAddress}, not on loopback`, DEMO_ONLY);
  }
  const accounts = new Map(site.accounts.map((a) => [a.extension, a]));
  const trunks = new Map(site.trunks.map((t) => [t.name, t]));
  const live = new Map<string, string>();
  for (const c of site.contacts) if (isLive(c)) live.set(c.aor, c.uri);
  const playable = (t: TrunkConfig, role: string): TrunkConfig => {
    if (t.technology !== 'pjsip') throw new DemoError(`trunk ${t.name} (${role}) is ${t.technology}, not SIP`, 'the demo plays SIP carriers only: pick a SIP trunk (VIA=carrier-a)');
    if (!isLoopback(t.host) || t.host === site.sip.bindAddress || t.host === DEMO_PHONES_ADDRESS) {
      throw new DemoError(`trunk ${t.name} (${role}) is at ${t.host}, not a demo carrier address`, `${DEMO_ONLY}; the demo carriers are 127.0.0.2-4`);
    }
    return t;
  };

  const account = accounts.get(o.from);
  let caller: Caller;
  if (account) {
    if (!account.enabled) throw new DemoError(`account ${o.from} is disabled`, 'call from an enabled account (1001..1004 on the demo site)');
    if (account.password === null) throw new DemoError(`account ${o.from} has no password (a device trusted by its address)`, 'call from an account that registers with a password (1001..1004)');
    if (live.has(o.from)) {
      throw new DemoError(`${o.from} has a phone registered (${live.get(o.from)})`, `dial ${o.to} from that phone, or call from an account without one`);
    }
    caller = { kind: 'phone', account };
  } else {
    const t = trunks.get(o.via);
    if (!t || !t.enabled) throw new DemoError(`no enabled trunk ${o.via} for the outside caller ${o.from}`, `name a trunk of this site (VIA=carrier-a), or call from an account (FROM=1001)`);
    caller = { kind: 'trunk', trunk: playable(t, 'the caller\'s carrier') };
  }

  const origin = identify(caller.kind === 'phone' ? caller.account.extension : caller.trunk.name, { accounts, trunks });
  if (!origin) throw new DemoError(`${o.from} is neither an enabled account nor a trunk`, 'call from an account (FROM=1001) or an outside number (FROM=13800138000)');
  const destination = route(routeRequest(origin, o.from, '', o.to), site.tables, { trunkStatus: new Map(), roundRobin: new Map() }).destination;

  const callTrunks: TrunkConfig[] = caller.kind === 'trunk' ? [caller.trunk] : [];
  if (destination.kind === 'trunk') {
    const t = trunks.get(destination.trunk);
    if (t && !callTrunks.includes(t)) callTrunks.push(playable(t, 'where the call goes out'));
  }

  // Phones this call may ring, plus the caller's: never more than the call needs.
  const involved = new Set<string>(caller.kind === 'phone' ? [caller.account.extension] : []);
  if (destination.kind === 'extension') involved.add(destination.extension);
  if (destination.kind === 'flow' || destination.kind === 'group') for (const a of site.agents) involved.add(a);
  const simulated: SipAccount[] = [];
  const realPhones: { extension: string; uri: string }[] = [];
  for (const ext of [...involved].sort()) {
    const a = accounts.get(ext);
    // A browser account (issue 21) is never simulated: a UDP phone cannot take its DTLS-SRTP offer
    // and would replace the browser's contact. Its agent answers on /agent, or it is left alone.
    if (!a || !a.enabled || a.password === null || a.webrtc) continue;
    if (live.has(ext)) realPhones.push({ extension: ext, uri: live.get(ext)! });
    else simulated.push(a);
  }
  return { caller, destination, trunks: callTrunks, simulated, realPhones };
}

/** One line saying where the product sends the number. */
export function describeDestination(d: Destination): string {
  switch (d.kind) {
    case 'flow': return `IVR flow ${d.flow}`;
    case 'group': return `group ${d.group}`;
    case 'extension': return `extension ${d.extension}`;
    case 'trunk': return `trunk ${d.trunk} as ${d.number}`;
    case 'reject': return `refused (${d.reason}: ${d.detail})`;
  }
}
