/**
 * A test peer: a second real Asterisk instance bound to one loopback address, playing a
 * carrier, the second site or the agents' phones, driven by the test over its own ARI.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ariClient, { type Client } from 'ari-client';
import { instancePaths, moduleDir, prepareDirectories, start, stop, cli, type InstancePaths } from '../../../src/asterisk/instance';
import { renderTemplateDir } from '../../../src/asterisk/render-templates';
import { TEMPLATE_DIR } from '../../../src/asterisk/site-config';
import { deferred } from './wait';

const PEER_DIR = resolve(__dirname, '../../../../test/peers');

export interface PeerChannel {
  id: string;
  name: string;
  exten: string;
  callerNumber: string;
  callerName: string;
  endpoint: string;
}

type Waiter = { match: (c: PeerChannel) => boolean; resolve: (c: PeerChannel) => void };

export class Peer {
  client!: Client;
  readonly paths: InstancePaths;
  private incoming: PeerChannel[] = [];
  private waiters: Waiter[] = [];
  private readonly destroyed = new Map<string, number>();
  private readonly hangupCause = new Map<string, number>();
  private readonly endWaiters = new Map<string, ((cause: number) => void)[]>();
  private readonly answered = new Set<string>();
  private readonly answerWaiters = new Map<string, (() => void)[]>();

  /**
   * ari-client keeps HTTP credentials in a process-wide swagger registry (the last client
   * wins), so the peers accept the product's ARI credentials: all clients here share them.
   */
  constructor(readonly name: string, readonly ip: string, index: number, root: string, private readonly creds: { user: string; password: string }) {
    this.paths = instancePaths(root, `peer-${name}`);
    this.rtp = { start: 20000 + index * 1000, end: 20999 + index * 1000 };
  }
  private readonly rtp: { start: number; end: number };

  async start(): Promise<void> {
    const p = this.paths;
    const vars = { instance: p.name, etcDir: p.etcDir, varDir: p.varDir, modDir: moduleDir(p.root), peerIp: this.ip, ariUser: this.creds.user, ariPassword: this.creds.password, rtpStart: this.rtp.start, rtpEnd: this.rtp.end, radiusModules: 'noload = cdr_radius.so' };
    // The product's generic files (asterisk.conf, modules, logger, tones), then the peer's own.
    renderTemplateDir(TEMPLATE_DIR, p.hostEtcDir, vars, ['asterisk.conf', 'modules.conf', 'logger.conf', 'indications.conf', 'musiconhold.conf']);
    renderTemplateDir(join(PEER_DIR, 'common'), p.hostEtcDir, vars);
    for (const f of readdirSync(join(PEER_DIR, this.name))) copyFileSync(join(PEER_DIR, this.name, f), join(p.hostEtcDir, f));
    prepareDirectories(p);
    await start(p);
    this.client = await ariClient.connect(`http://${this.ip}:8088`, this.creds.user, this.creds.password);
    const on = (type: string, fn: (e: any) => void) => (this.client as unknown as NodeJS.EventEmitter).on(type, fn);
    on('StasisStart', (e) => this.onStart(e));
    // A channel that entered our Stasis app leaves it (StasisEnd) and is then no longer
    // reported; one we originated and that never answered only reports ChannelDestroyed.
    on('ChannelHangupRequest', (e) => { if (e.cause !== undefined) this.hangupCause.set(e.channel.id, e.cause); });
    on('StasisEnd', (e) => this.onDestroyed(e.channel.id, this.hangupCause.get(e.channel.id) ?? 16));
    on('ChannelDestroyed', (e) => this.onDestroyed(e.channel.id, e.cause ?? 0));
    await this.client.start('peer');
  }

  async stop(): Promise<void> {
    try { this.client?.stop(); } catch { /* closed */ }
    await stop(this.paths);
  }

  cli(cmd: string): Promise<string> {
    return cli(this.paths, cmd);
  }

  private onStart(e: { args: string[]; channel: { id: string; name: string; caller: { number: string; name: string }; dialplan: { exten: string } } }): void {
    if (e.args[0] === 'out') {
      this.answered.add(e.channel.id);
      for (const w of this.answerWaiters.get(e.channel.id) ?? []) w();
      this.answerWaiters.delete(e.channel.id);
      return;
    }
    const c: PeerChannel = { id: e.channel.id, name: e.channel.name, exten: e.channel.dialplan.exten, callerNumber: e.channel.caller.number, callerName: e.channel.caller.name, endpoint: e.args[0] ?? '' };
    const i = this.waiters.findIndex((w) => w.match(c));
    if (i >= 0) this.waiters.splice(i, 1)[0].resolve(c);
    else this.incoming.push(c);
  }

  private onDestroyed(id: string, cause: number): void {
    if (this.destroyed.has(id)) return;
    this.destroyed.set(id, cause);
    for (const w of this.endWaiters.get(id) ?? []) w(cause);
    this.endWaiters.delete(id);
  }

  private tolerated: ((c: PeerChannel) => boolean)[] = [];

  /** Declares rings the running test expects and need not claim (e.g. the other phones of a ring group). */
  tolerate(match: (c: PeerChannel) => boolean): void {
    this.tolerated.push(match);
  }

  /**
   * Forgets ended calls that arrived and were never claimed, and returns those the test did not
   * declare with tolerate(): an unexpected ring is a failure of the test that caused it.
   */
  forgetUnclaimed(): PeerChannel[] {
    const gone = this.incoming.filter((c) => this.destroyed.has(c.id));
    this.incoming = this.incoming.filter((c) => !this.destroyed.has(c.id));
    const strays = gone.filter((c) => !this.tolerated.some((t) => t(c)));
    this.tolerated = [];
    return strays;
  }

  /** Resolves with the next incoming call matching `match` (already arrived or still to come). */
  waitForCall(match: (c: PeerChannel) => boolean, timeoutMs = 5000): Promise<PeerChannel> {
    const i = this.incoming.findIndex(match);
    if (i >= 0) return Promise.resolve(this.incoming.splice(i, 1)[0]);
    const d = deferred<PeerChannel>(`a call at ${this.name}`, timeoutMs);
    const waiter: Waiter = { match, resolve: d.resolve };
    this.waiters.push(waiter);
    return d.promise.finally(() => { this.waiters = this.waiters.filter((w) => w !== waiter); });
  }

  /** Resolves with the hangup cause once the channel is gone. */
  waitForEnd(id: string, timeoutMs = 5000): Promise<number> {
    if (this.destroyed.has(id)) return Promise.resolve(this.destroyed.get(id)!);
    const d = deferred<number>(`channel ${id} at ${this.name} to end`, timeoutMs);
    this.endWaiters.set(id, [...(this.endWaiters.get(id) ?? []), d.resolve]);
    return d.promise;
  }

  waitForAnswer(id: string, timeoutMs = 5000): Promise<void> {
    if (this.answered.has(id)) return Promise.resolve();
    const d = deferred<void>(`channel ${id} at ${this.name} to be answered`, timeoutMs);
    this.answerWaiters.set(id, [...(this.answerWaiters.get(id) ?? []), () => d.resolve()]);
    return d.promise;
  }

  /** Places a call from this peer; the listener is registered before the originate. */
  async call(endpoint: string, opts: { callerId?: string; timeout?: number } = {}): Promise<string> {
    const id = `t-${randomBytes(6).toString('hex')}`;
    await this.client.channels.originate({ endpoint, channelId: id, app: 'peer', appArgs: 'out', callerId: opts.callerId, timeout: opts.timeout ?? 30 });
    return id;
  }

  async answer(id: string): Promise<void> {
    await this.client.channels.answer({ channelId: id });
  }

  async hangup(id: string): Promise<void> {
    try {
      await this.client.channels.hangup({ channelId: id });
    } catch (err) {
      if ((err as { status?: number }).status !== 404) throw err;
    }
  }

  async sendDtmf(id: string, digits: string): Promise<void> {
    await this.client.channels.sendDTMF({ channelId: id, dtmf: digits, duration: 120, between: 150 });
  }

  /**
   * The phone's own transfer key: the channel leaves the test's app for [peer-refer], whose
   * Transfer() sends a SIP REFER (Refer-To: number) on the call's dialog (a blind transfer).
   */
  async referBlind(id: string, number: string): Promise<void> {
    await this.client.channels.continueInDialplan({ channelId: id, context: 'peer-refer', extension: number, priority: 1 });
  }

  /**
   * A desk phone's attended transfer: REFER on channel `id` with Replaces naming the dialog of
   * this peer's channel `consult` (its Call-ID and tags as the product sees them).
   */
  async referAttended(id: string, consult: string, target: string): Promise<void> {
    const v = async (name: string) => (await this.client.channels.getChannelVar({ channelId: consult, variable: `CHANNEL(pjsip,${name})` })).value;
    const [callId, local, remote] = [await v('call-id'), await v('local_tag'), await v('remote_tag')];
    // The product finds the dialog by its own tags: to-tag = the product's (our remote), from-tag = ours.
    const replaces = `${encodeURIComponent(callId)}%3Bto-tag%3D${encodeURIComponent(remote)}%3Bfrom-tag%3D${encodeURIComponent(local)}`;
    await this.client.channels.setChannelVar({ channelId: id, variable: 'CC_REPLACES', value: replaces });
    await this.client.channels.setChannelVar({ channelId: id, variable: 'CC_TARGET', value: target });
    await this.client.channels.continueInDialplan({ channelId: id, context: 'peer-refer', extension: 'attended', priority: 1 });
  }

  /** Plays a sound into the call from this side (audio for recordings). */
  async play(id: string, sound: string): Promise<void> {
    await this.client.channels.play({ channelId: id, media: `sound:${sound}` });
  }

  async registrationStatus(reg: string): Promise<string> {
    const out = await this.cli(`pjsip show registration ${reg}`);
    const m = /(Registered|Unregistered|Rejected|Failed|Stopped)/.exec(out.split('\n').find((l) => l.includes(reg) && l.includes('sip:')) ?? '');
    return m ? m[1] : 'unknown';
  }

  async channelCount(): Promise<number> {
    return (await this.client.channels.list()).length;
  }
}
