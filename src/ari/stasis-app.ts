/**
 * The Stasis application's event dispatcher: new channels become CallSessions, channel events go
 * to the call that owns the channel (via the registry), endpoint states feed trunk selection.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from 'ari-client';
import { route, printable, TrunkStates, type RoutingState } from '../routing';
import { identify, planFor, routeRequest } from '../calls/call-plan';
import { CallSession } from '../calls/session/call-session';
import type { SessionDeps } from '../calls/session/types';
import type { ReferEvent } from '../calls/transfer/refer';
import type { NumberRoute } from '../calls/transfer/targets';
import { clickToCallGuid } from '../calls/click-to-call';
import { handlePhoneCode } from './phone-codes';
import { AnnouncementCall } from '../calls/announcement-call';
import type { Logger } from '../log/logger';
import type { LiveSnapshot } from '../sync/live-config';
import { ifStillThere } from './errors';
import { adoptSurvivors } from './adopt';
import { callOutcome } from '../calls/outcome/call-outcome';
import { resolveDial as resolveDialFor, resolveTransferNumber, type DialResolution as TargetResolution } from '../calls/dial-resolution';
import type { DialResolution } from '../calls/transfer';
import type { OriginateOption } from '../cti/originate-options';
import type { SessionInfo } from '../calls/session/types';
import type { SipAccount } from '../domain';
import { admitOrShed } from '../overload/shed-call';
import { TrunkCallWatch } from '../routing/trunk-outcome';
import { withAriPriority } from '../overload/ari-priority';
import { AriEvent, ORIGINATED_ARG, type ChannelEvent, type EndpointStateEvent, type PlaybackEvent, type RecordingEvent, type StasisStartEvent } from './events';

import type { StasisAppDeps } from './stasis-app-deps';

export type { StasisAppDeps };

/** A call resumed after RADIUS authentication: its GUID and originate options, taken once. */
type Resumed = { guid: string; options: OriginateOption | null };

/** Refusals the caller is told about with a prompt (and that are recorded), rather than a bare hang-up. */
const TOLL_FRAUD_REFUSALS = new Set(['class-of-service', 'not-whitelisted', 'outbound-limit']);

/** The resource id in an ARI target URI such as "channel:abc". */
function targetChannel(uri: string): string | null {
  return uri.startsWith('channel:') ? uri.slice('channel:'.length) : null;
}

export class StasisApp {
  /**
   * Trunk endpoint states, round-robin cursors and the live call counters routing decides by
   * (src/routing/trunk-state.ts). Call sessions report their calls with `trunkStates.callStarted(...)`.
   */
  readonly trunkStates = new TrunkStates();

  /** Issue 18: call outcomes per trunk from its channels' events, so a missed qualify alone does not take a working trunk out. */
  private readonly trunkCalls = new TrunkCallWatch((name) => this.deps.config.current?.trunks.has(name) ?? false, (trunk, ok) => {
    const before = this.trunkStates.isAvailable(trunk);
    this.trunkStates.callOutcome(trunk, ok);
    if (this.trunkStates.isAvailable(trunk) !== before) this.deps.log.warn({ trunk, qualify: this.trunkStates.endpointStates.get(trunk), lastCall: ok ? 'succeeded' : 'failed' }, before ? 'trunk taken out: qualify missed and a call failed' : 'trunk usable again: a call through it succeeded');
  });

  /** PJSIP trunk name -> online / offline / unknown (listed at link-up, then kept by endpoint events). */
  get endpointStates(): ReadonlyMap<string, string> {
    return this.trunkStates.endpointStates;
  }


  constructor(private readonly deps: StasisAppDeps) {}

  /**
   * Keys of recent channel events. The trunks' endpoint subscription (for their states) makes
   * ARI deliver the events of channels on those trunks a second time; a DTMF digit seen
   * twice would be two key presses, so repeats (same type, channel, time and detail) are dropped.
   */
  private readonly recent = new Set<string>();

  private isRepeat(event: { type: string } & Record<string, unknown>): boolean {
    const ch = (event as { channel?: { id: string } }).channel;
    const p = (event as { playback?: { id: string } }).playback;
    const r = (event as { recording?: { name: string } }).recording;
    const refer = (event as { referred_by?: { source_channel?: { id: string } } }).referred_by?.source_channel;
    const id = ch?.id ?? p?.id ?? r?.name ?? refer?.id;
    if (!id || typeof event.timestamp !== 'string') return false;
    const key = `${event.type}|${id}|${event.timestamp}|${String(event.digit ?? '')}|${String(event.args ?? '')}`;
    if (this.recent.has(key)) return true;
    this.recent.add(key);
    if (this.recent.size > 1000) this.recent.delete(this.recent.values().next().value as string);
    return false;
  }

  dispatch = (event: { type: string } & Record<string, unknown>, client: Client): void => {
    if (this.isRepeat(event)) return;
    this.trunkCalls.onEvent(event as Parameters<TrunkCallWatch['onEvent']>[0]);
    const ch = (event as { channel?: { id: string; state: string } }).channel;
    this.deps.log.debug({ event: event.type, channel: ch?.id, state: ch?.state, args: event.args, cause: event.cause }, 'ARI event');
    switch (event.type) {
      case AriEvent.StasisStart:
        this.onStasisStart(event as unknown as StasisStartEvent, client);
        break;
      case AriEvent.ChannelTransfer:
        this.onTransfer(event as unknown as ReferEvent, client);
        break;
      case AriEvent.EndpointStateChange: {
        const e = (event as unknown as EndpointStateEvent).endpoint;
        if (e.technology === 'PJSIP') this.trunkStates.fromEvent(e.resource, e.state);
        this.deps.log.debug({ endpoint: e.resource, state: e.state }, 'endpoint state');
        break;
      }
      case AriEvent.PlaybackFinished: {
        const p = (event as unknown as PlaybackEvent).playback;
        const id = targetChannel(p.target_uri);
        if (id) this.deps.registry.byChannelId(id)?.onChannelEvent(id, { type: event.type, playbackId: p.id });
        break;
      }
      case AriEvent.RecordingFinished:
      case AriEvent.RecordingFailed: {
        const r = (event as unknown as RecordingEvent).recording;
        const id = targetChannel(r.target_uri);
        if (id) this.deps.registry.byChannelId(id)?.onChannelEvent(id, { type: event.type });
        break;
      }
      default: {
        const e = event as unknown as ChannelEvent;
        if (e.channel) this.deps.registry.byChannelId(e.channel.id)?.onChannelEvent(e.channel.id, e);
      }
    }
  };

  /** Trunk endpoints whose state events the app is subscribed to (this link). */
  private subscribedTrunks = new Set<string>();

  /**
   * Endpoint state events for the PJSIP trunks only (their availability steers routing).
   * Subscribing all of endpoint:PJSIP would also deliver every event of every phone's channels
   * a second time: twice the events per call for Asterisk to build and the app to read.
   */
  async subscribeTrunks(client: Client): Promise<void> {
    const trunks = [...(this.deps.config.current?.telephony.trunks ?? [])]
      .filter((t) => (t.technology ?? 'pjsip') === 'pjsip' && !this.subscribedTrunks.has(t.name)).map((t) => t.name);
    if (trunks.length === 0) return;
    await client.applications.subscribe({ applicationName: this.deps.app, eventSource: trunks.map((t) => `endpoint:PJSIP/${t}`).join(',') });
    for (const t of trunks) this.subscribedTrunks.add(t);
  }

  /** Called whenever the ARI link comes up: endpoint states and endpoint events. */
  async onLinkUp(client: Client): Promise<void> {
    this.subscribedTrunks = new Set();
    await this.subscribeTrunks(client);
    const endpoints = await client.endpoints.listByTech({ tech: 'PJSIP' });
    // Trunks only: phone states are not followed (no subscription), a stale copy would mislead.
    // Only 'online' is believed from the listing: unqualified trunks are listed as offline.
    for (const e of endpoints) if (this.subscribedTrunks.has(e.resource)) this.trunkStates.fromListing(e.resource, e.state);
    this.qualifyTrunks();
    const survivors = await adoptSurvivors(client, {
      ...this.deps,
      restart: (channel, endpoint) => this.onStasisStart({ type: 'StasisStart', args: [endpoint], channel }, client),
    });
    if (survivors.adopted + survivors.restarted + survivors.hungUp > 0) this.deps.log.warn(survivors, 'calls from before the restart taken back');
  }

  /** Routes a number as if the phone of `fromExtension` dialled it (transfers, consults). */
  resolveTarget = (fromExtension: string, number: string): TargetResolution => {
    const live = this.deps.config.current;
    if (!live) return { ok: false, error: 'no configuration loaded' };
    const r = resolveDialFor(live, this.routingState(), fromExtension, number, this.deps.ringTimeout, this.activeOutbound(fromExtension));
    if (r.ok) this.trunkStates.keepCursors(r.roundRobin);
    return r;
  };

  /** A number a phone transfers to, routed as that phone would dial it (groups and flows included). */
  resolveNumber = (fromExtension: string, number: string): NumberRoute => {
    const live = this.deps.config.current;
    if (!live) return { kind: 'error', error: 'no configuration loaded' };
    const r = resolveTransferNumber(live, this.routingState(), fromExtension, number, this.deps.ringTimeout, this.activeOutbound(fromExtension));
    this.trunkStates.keepCursors(r.roundRobin);
    return r.route;
  };

  /** The same, in the shape transfers use. */
  resolveDial = (fromExtension: string, number: string): DialResolution | { error: string } => {
    const r = this.resolveTarget(fromExtension, number);
    if (!r.ok) return { error: r.error };
    const t = r.target;
    return { endpoint: t.endpoint, extension: t.extension ?? null, timeoutSec: t.timeoutSec, callerId: t.callerId, trunk: t.trunk ?? null };
  };

  /**
   * Asks Asterisk to qualify every PJSIP trunk now, so their states arrive in seconds rather
   * than at the first qualify interval. Best effort: failures are only logged.
   */
  private qualifyTrunks(): void {
    const qualify = this.deps.qualify;
    if (!qualify) return;
    for (const t of this.subscribedTrunks) {
      qualify(t).catch((err) => this.deps.log.info({ trunk: t, err: (err as Error).message }, 'trunk qualify request failed'));
    }
  }

  /**
   * Set once every kind of call reports itself through `trunkStates.callStarted`: routing then
   * reads the counters only. Until then the calls per trunk and per account come from a registry scan.
   */
  countersWired = true;

  /** Trunk availability (qualify) and the calls up on each trunk (trunks.max_channels, R8). */
  private routingState(): RoutingState {
    if (this.countersWired) return this.trunkStates.routingState();
    const calls = new Map<string, number>();
    for (const c of this.deps.registry.all()) {
      const trunk = c.snapshot?.().trunk;
      if (trunk) calls.set(trunk, (calls.get(trunk) ?? 0) + 1);
    }
    return this.trunkStates.routingState(calls);
  }

  /** Outside calls an account has up now (R8 per-account limit). */
  private activeOutbound(extension: string): number {
    if (this.countersWired) return this.trunkStates.activeOutbound(extension);
    return this.deps.registry.all().filter((c) => {
      const s = c.snapshot?.();
      return s?.direction === 'outbound' && s.agent === extension;
    }).length;
  }

  /** A toll-fraud refusal (R8): the caller hears why, and the attempt is recorded (status 12). */
  private refuse(guid: string, channelId: string, caller: string, dialled: string, reason: string, detail: string, log: Logger): void {
    log.warn({ caller, dialled: printable(dialled), reason, detail }, 'outside call refused');
    this.deps.events.publish({ type: 'call.started', guid, direction: 'outbound', caller, callee: dialled });
    new AnnouncementCall(guid, channelId, this.deps.ari, this.deps.registry, log, this.deps.promptDir).play(['cannot-complete-as-dialed']);
    const now = Date.now();
    const { record, hungup, result } = callOutcome({
      guid, direction: 'outbound', caller, callee: dialled, flow: null, group: null, trunk: null, agent: caller, startedAt: now, queuedAt: null,
      answeredAt: null, talkEndedAt: null, endedAt: now, ringMs: 0, hungUpBy: 'system', endReason: reason, surveyScore: null, recording: null,
      ringingAtEnd: false, miss: null, transferred: false, retrieved: false,
    }); // status 12 (call failed)
    this.deps.events.publish(hungup);
    void this.deps.records.write(record);
    this.deps.events.publish(result);
  }

  private onStasisStart(event: StasisStartEvent, client: Client, resumed?: Resumed): void {
    const ch = event.channel;
    if (event.args[0] === ORIGINATED_ARG) {
      const owner = this.deps.registry.byChannelId(ch.id);
      if (owner) owner.onChannelEvent(ch.id, event);
      else void this.hangupOrphan(client, ch.id);
      return;
    }
    const announced = resumed ? null : clickToCallGuid(ch.id); // click-to-call: the API announced this GUID before the originate
    const guid = resumed?.guid ?? announced ?? randomUUID();
    const options = resumed ? resumed.options : announced ? this.deps.originateOptions?.take(announced) ?? null : null;
    const endpoint = event.args[0] ?? '';
    const dialled = ch.dialplan?.exten ?? '';
    const log = this.deps.log.child({ guid });
    const live = this.deps.config.current;
    const origin = live ? identify(endpoint, live) : null;
    if (!live || !origin) {
      // Not a call of ours (hostile traffic, a disabled account): refused without a record.
      log.warn({ endpoint, dialled: printable(dialled) }, live ? 'call from an unknown endpoint refused' : 'no configuration loaded yet');
      void ifStillThere(() => client.channels.hangup({ channelId: ch.id, reason: live ? 'rejected' : 'congestion' })).catch(() => undefined);
      return;
    }
    const account = origin.kind === 'account' ? origin.account.extension : null;
    if (!resumed && !announced && !admitOrShed(this.deps.overload, { guid, channelId: ch.id, caller: ch.caller.number, callee: dialled, fromTrunk: origin.kind === 'trunk' ? origin.trunk.name : null, account,
      outsideTrunk: () => { const d = route(routeRequest(origin, ch.caller.number, ch.caller.name, dialled), live.tables, this.routingState()).destination; return d.kind === 'trunk' ? d.trunk : null; } }, { ...this.deps, client, log })) return;
    if (origin.kind === 'account' && handlePhoneCode(this.deps, origin.account.extension, dialled, ch.id, guid, live, log)) return;
    if (origin.kind === 'account' && !resumed && this.deps.authorizeCall && this.authorizeFirst(event, client, origin.account, live, { guid, options }, log)) return;
    const req = routeRequest(origin, ch.caller.number, ch.caller.name, dialled, origin.kind === 'account' ? this.activeOutbound(origin.account.extension) : 0);
    const decision = route(req, live.tables, this.routingState());
    this.trunkStates.keepCursors(decision.roundRobin);
    const routed = decision.destination;
    // CallerNo of an API originate: the callee sees this number instead of the routing's caller ID.
    const d = options?.callerNumber && (routed.kind === 'trunk' || routed.kind === 'extension') ? { ...routed, callerId: options.callerNumber } : routed;
    if (d.kind === 'reject' && TOLL_FRAUD_REFUSALS.has(d.reason)) return this.refuse(guid, ch.id, req.caller, dialled, d.reason, d.detail, log);
    const direction = origin.kind === 'trunk' ? 'inbound' : d.kind === 'trunk' ? 'outbound' : 'internal';
    const trunk = origin.kind === 'trunk' ? origin.trunk.name : d.kind === 'trunk' ? d.trunk : null;
    // The GUID in Asterisk's own CDR (D3), so a DBA can join cdr and call_records. Sent after the
    // call's first request (the originate to the callee, or the flow's answer) is on the wire.
    setImmediate(() => void withAriPriority('new', () => ifStillThere(() => client.channels.setChannelVar({ channelId: ch.id, variable: 'CDR(userfield)', value: guid }))).catch(() => undefined));
    const contact = d.kind === 'flow' || d.kind === 'group';
    const call = new CallSession({
      guid, callerChannel: ch.id, direction, caller: contact ? d.callerId : req.caller, callerName: req.callerName ?? '', callee: dialled,
      callerExtension: origin.kind === 'account' ? origin.account.extension : null, flows: live.flows, groups: live.groups, trunk,
      recordDirect: this.deps.recordDirectCalls, outboundSurvey: options?.hangupAll ? null : this.deps.outboundSurveyFlow ?? null,
    }, this.sessionDeps(log));
    if (contact) {
      log.info({ from: endpoint, caller: printable(req.caller), dialled: printable(dialled), to: `${d.kind} ${d.kind === 'flow' ? d.flow : d.group}` }, 'call routed');
      call.startContact(d.kind === 'flow' ? { flow: d.flow } : { group: d.group });
      return;
    }
    const plan = planFor(d, req, live, this.deps.ringTimeout);
    log.info({ from: endpoint, caller: printable(req.caller), context: req.context, dialled: printable(dialled), plan: plan.summary }, 'call routed');
    if (plan.kind === 'reject') call.reject(plan.reason);
    else call.startDirect(plan.targets);
  }

  /**
   * A call the app placed that runs a flow for whoever answers (a timer's 'flow' action): the
   * answered channel becomes a contact call of direction outbound, its customer the answering party.
   */
  startFlowCall(c: { guid: string; channelId: string; number: string; from: string; flow: string; trunk: string | null }): boolean {
    const live = this.deps.config.current;
    if (!live || !live.flows.has(c.flow)) return false;
    const call = new CallSession({
      guid: c.guid, callerChannel: c.channelId, direction: 'outbound', caller: c.from, callerName: '', callee: c.number,
      callerExtension: null, flows: live.flows, groups: live.groups, trunk: c.trunk, recordDirect: false, outboundSurvey: null,
    }, this.sessionDeps(this.deps.log.child({ guid: c.guid })));
    call.customerNumber = c.number;
    call.startContact({ flow: c.flow });
    return true;
  }

  /** A call session with the app's services, for calls the app places itself (agent-first calls, src/calls/agent-first.ts). */
  newSession(info: SessionInfo): CallSession {
    return new CallSession(info, this.sessionDeps(this.deps.log.child({ guid: info.guid })));
  }

  /**
   * Issue 20: RADIUS authentication of a SIP account's call before it is routed
   * (src/radius/call-authorization.ts). True when the call waits for the server: it then resumes
   * in onStasisStart (same GUID) or is refused like a toll-fraud refusal (status 12).
   */
  private authorizeFirst(event: StasisStartEvent, client: Client, account: SipAccount, live: LiveSnapshot, resume: Resumed, log: Logger): boolean {
    const ch = event.channel;
    const dialled = ch.dialplan?.exten ?? '';
    const req = routeRequest({ kind: 'account', account }, ch.caller.number, ch.caller.name, dialled, this.activeOutbound(account.extension));
    // Pure: the round-robin cursors move only when the call is routed for real.
    const peek = route(req, live.tables, this.routingState()).destination;
    if (peek.kind === 'reject' && TOLL_FRAUD_REFUSALS.has(peek.reason)) return false; // refused here first, no request sent
    const pending = this.deps.authorizeCall!(account, { guid: resume.guid, caller: req.caller, dialled, outside: peek.kind === 'trunk' });
    if (!pending) return false;
    log.info({ account: account.extension, dialled: printable(dialled) }, 'call waits for RADIUS authentication');
    void pending.then(async (r) => {
      if (!r.allow) return this.refuse(resume.guid, ch.id, req.caller, dialled, r.reason ?? 'radius-reject', r.detail, log);
      const there = await client.channels.get({ channelId: ch.id }).then(() => true, () => false);
      if (there) this.onStasisStart(event, client, resume);
      else log.info('the caller hung up during RADIUS authentication');
    }).catch((err) => log.error({ err: (err as Error).message }, 'RADIUS authentication of the call failed'));
    return true;
  }

  /** What every call session is given: the app's services, routing for transfers, the live counters. */
  private sessionDeps(log: Logger): SessionDeps {
    return {
      ...this.deps, log, resolveNumber: this.resolveNumber,
      countCall: (use) => this.trunkStates.callStarted(use),
    };
  }

  /** A ChannelTransfer (REFER) goes to the call that owns the channel it came in on; others are declined. */
  private onTransfer(event: ReferEvent, client: Client): void {
    const source = event.referred_by?.source_channel?.id;
    const owner = source ? this.deps.registry.byChannelId(source) : undefined;
    if (owner && owner instanceof CallSession) return owner.onTransferRequest(source!, event);
    this.deps.log.info({ channel: source }, 'REFER on a channel that is not in a call: declined');
    if (source) {
      const channels = client.channels as unknown as { transfer_progress(p: { channelId: string; states: string }): Promise<void> };
      void ifStillThere(() => channels.transfer_progress({ channelId: source, states: 'channel_declined' })).catch(() => undefined);
    }
  }

  private async hangupOrphan(client: Client, channelId: string): Promise<void> {
    this.deps.log.info({ channelId }, 'answered leg of a finished call hung up');
    await ifStillThere(() => client.channels.hangup({ channelId })).catch(() => {});
  }
}
