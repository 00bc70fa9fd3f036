/**
 * A party simulated for one demo call: a short-lived Asterisk instance on one loopback address,
 * driven over its own ARI (the same machinery as the integration tests' peers,
 * test/integration/harness/peer.ts). Started for the call, stopped after it; the app never uses it.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import ariClient, { type Client } from 'ari-client';
import { cli, instancePaths, moduleDir, pid, prepareDirectories, start, stop, type InstancePaths } from '../asterisk/instance';
import { renderTemplateDir } from '../asterisk/render-templates';
import { TEMPLATE_DIR } from '../asterisk/site-config';
import { applySwaggerFix } from '../ari/swagger-fix';
import { writeFileNoFollow } from '../util/safe-write';
import { DEMO_APP, type PeerSpec } from './peer-config';

/** What happens at a simulated party, as the demo follows it. */
export type PeerEvent =
  | { kind: 'incoming'; peer: string; channel: string; exten: string; callerNumber: string }
  | { kind: 'answered'; peer: string; channel: string }
  | { kind: 'ended'; peer: string; channel: string; cause: number };

/** Only the generic product files a peer needs (no ODBC, no fax, no boards). */
const PRODUCT_FILES = ['asterisk.conf', 'modules.conf', 'logger.conf', 'indications.conf', 'musiconhold.conf'];

export class SimPeer {
  readonly paths: InstancePaths;
  private client: Client | null = null;
  private readonly ended = new Set<string>();
  private readonly causes = new Map<string, number>();

  /**
   * ari-client keeps HTTP credentials in one process-wide registry (the last client wins), so
   * every simulated party of a demo uses the same ARI credentials.
   */
  constructor(readonly spec: PeerSpec, root: string, private readonly ari: { user: string; password: string }, private readonly emit: (e: PeerEvent) => void) {
    this.paths = instancePaths(root, spec.instance);
  }

  get label(): string {
    return this.spec.label;
  }

  async start(): Promise<void> {
    const p = this.paths;
    const vars = { instance: p.name, etcDir: p.etcDir, varDir: p.varDir, modDir: moduleDir(p.root), radiusModules: 'noload = cdr_radius.so' };
    renderTemplateDir(TEMPLATE_DIR, p.hostEtcDir, vars, PRODUCT_FILES);
    for (const [file, text] of Object.entries(this.spec.files)) writeFileNoFollow(join(p.hostEtcDir, file), text, 0o640);
    prepareDirectories(p);
    await start(p);
    // The app's fixes to ari-client's HTTP layer: no crash on a 503 while Asterisk starts, no Swagger notice.
    applySwaggerFix();
    const client = await ariClient.connect(`http://${this.spec.ip}:8088`, this.ari.user, this.ari.password);
    this.client = client;
    const on = (type: string, fn: (e: any) => void) => (client as unknown as NodeJS.EventEmitter).on(type, fn);
    on('StasisStart', (e) => this.onStart(e));
    on('ChannelHangupRequest', (e) => { if (e.cause !== undefined) this.causes.set(e.channel.id, e.cause); });
    // A channel in our app reports StasisEnd; one we originated that never answered only ChannelDestroyed.
    on('StasisEnd', (e) => this.onEnd(e.channel.id, this.causes.get(e.channel.id) ?? 16));
    on('ChannelDestroyed', (e) => this.onEnd(e.channel.id, e.cause ?? 0));
    on('PlaybackFinished', (e) => this.onPlaybackFinished(e));
    await client.start(DEMO_APP);
  }

  /** Stops the instance (whatever state it is in); safe to call twice. */
  async stop(): Promise<void> {
    try { this.client?.stop(); } catch { /* already closed */ }
    this.client = null;
    await stop(this.paths);
  }

  running(): boolean {
    return pid(this.paths) !== null;
  }

  cli(cmd: string): Promise<string> {
    return cli(this.paths, cmd);
  }

  private onStart(e: { args: string[]; channel: { id: string; caller: { number: string }; dialplan: { exten: string } } }): void {
    if (e.args[0] === 'out') this.emit({ kind: 'answered', peer: this.label, channel: e.channel.id });
    else this.emit({ kind: 'incoming', peer: this.label, channel: e.channel.id, exten: e.channel.dialplan.exten, callerNumber: e.channel.caller.number });
  }

  private onEnd(channel: string, cause: number): void {
    if (this.ended.has(channel)) return;
    this.ended.add(channel);
    this.loops.delete(channel);
    this.emit({ kind: 'ended', peer: this.label, channel, cause });
  }

  private ari_(): Client {
    if (!this.client) throw new Error(`${this.label} is not running`);
    return this.client;
  }

  /** Places a call; the channel reports 'answered' once the far end answers. */
  async call(endpoint: string, callerId: string, timeoutSec = 60): Promise<string> {
    const id = `demo-${randomBytes(6).toString('hex')}`;
    await this.ari_().channels.originate({ endpoint, channelId: id, app: DEMO_APP, appArgs: 'out', callerId, timeout: timeoutSec });
    return id;
  }

  async answer(id: string): Promise<void> {
    await this.ari_().channels.answer({ channelId: id });
  }

  /** Hangs up; a channel already gone is not an error. */
  async hangup(id: string): Promise<void> {
    if (this.ended.has(id)) return;
    try {
      await this.ari_().channels.hangup({ channelId: id });
    } catch (err) {
      if ((err as { status?: number }).status !== 404) throw err;
    }
  }

  async sendDtmf(id: string, digits: string): Promise<void> {
    await this.ari_().channels.sendDTMF({ channelId: id, dtmf: digits, duration: 120, between: 150 });
  }

  /** Channel -> the sound it plays over and over, and the playback running now. */
  private readonly loops = new Map<string, { sound: string; playback: string }>();

  /**
   * Plays a sound into the call from this side, again and again until stopAudio(): the audio
   * the other side (and the recording) hears for the whole talk time.
   */
  async playLoop(id: string, sound: string): Promise<void> {
    const playback = `demo-pb-${randomBytes(6).toString('hex')}`;
    this.loops.set(id, { sound, playback });
    try {
      await this.ari_().channels.play({ channelId: id, media: `sound:${sound}`, playbackId: playback });
    } catch (err) {
      this.loops.delete(id);
      if ((err as { status?: number }).status !== 404) throw err;
    }
  }

  /**
   * Stops the sound. Needed before keys are sent: ARI runs a channel's commands in order, so
   * DTMF waits until a playback ends.
   */
  async stopAudio(id: string): Promise<void> {
    const loop = this.loops.get(id);
    this.loops.delete(id);
    if (!loop) return;
    try {
      await this.ari_().playbacks.stop({ playbackId: loop.playback });
    } catch {
      // finished or gone with its channel
    }
  }

  private onPlaybackFinished(e: { playback: { id: string; target_uri: string } }): void {
    const channel = e.playback.target_uri.replace(/^channel:/, '');
    const loop = this.loops.get(channel);
    if (!loop || loop.playback !== e.playback.id || this.ended.has(channel)) return;
    this.playLoop(channel, loop.sound).catch(() => { /* the call ended */ });
  }

  /** RTP packets the channel received and sent (RTCP statistics), or null when unknown. */
  async rtpCounts(id: string): Promise<{ rx: number; tx: number } | null> {
    try {
      const get = async (what: string) => Number((await this.ari_().channels.getChannelVar({ channelId: id, variable: `CHANNEL(rtcp,${what})` })).value);
      const [rx, tx] = await Promise.all([get('rxcount'), get('txcount')]);
      return Number.isFinite(rx) && Number.isFinite(tx) ? { rx, tx } : null;
    } catch {
      return null;
    }
  }

  isEnded(id: string): boolean {
    return this.ended.has(id);
  }

  /** Hangs up every channel still up here (the end of a demo call, whatever happened). */
  async hangupAll(): Promise<void> {
    try {
      for (const c of await this.ari_().channels.list()) await this.hangup(c.id);
    } catch {
      // the instance is going away anyway
    }
  }

  async channelCount(): Promise<number> {
    return (await this.ari_().channels.list()).length;
  }

  /** Outbound registrations of this party by name (reg-1001 -> Registered, Rejected ...). */
  async registrations(): Promise<Map<string, string>> {
    const out = await this.cli('pjsip show registrations');
    const states = new Map<string, string>();
    for (const line of out.split('\n')) {
      const m = /^\s*(reg-\S+?)\/\S+\s+\S+\s+(Registered|Unregistered|Rejected|Failed|Stopped)/.exec(line);
      if (m) states.set(m[1], m[2]);
    }
    return states;
  }
}
