/**
 * The Stasis application's event dispatcher: new channels become RoutedCalls, channel events go
 * to the call that owns the channel (via the registry), endpoint states feed trunk selection.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from 'ari-client';
import { route, printable, type RoutingState } from '../routing';
import { identify, planFor, routeRequest } from '../calls/call-plan';
import type { CallRegistry } from '../calls/registry';
import { RoutedCall } from '../calls/routed-call';
import type { Logger } from '../log/logger';
import type { LiveConfig } from '../sync/live-config';
import { ifStillThere } from './errors';
import { AriEvent, ORIGINATED_ARG, type ChannelEvent, type EndpointStateEvent, type StasisStartEvent } from './events';

export interface StasisAppDeps {
  app: string;
  ari: () => Client | null;
  registry: CallRegistry<RoutedCall>;
  config: LiveConfig;
  log: Logger;
  ringTimeout: number;
}

export class StasisApp {
  /** PJSIP endpoint name -> online / offline / unknown. */
  readonly endpointStates = new Map<string, string>();
  private readonly roundRobin = new Map<string, number>();

  constructor(private readonly deps: StasisAppDeps) {}

  dispatch = (event: { type: string } & Record<string, unknown>, client: Client): void => {
    const ch = (event as { channel?: { id: string; state: string } }).channel;
    this.deps.log.debug({ event: event.type, channel: ch?.id, state: ch?.state, args: event.args, cause: event.cause }, 'ARI event');
    switch (event.type) {
      case AriEvent.StasisStart:
        this.onStasisStart(event as unknown as StasisStartEvent, client);
        break;
      case AriEvent.EndpointStateChange: {
        const e = (event as unknown as EndpointStateEvent).endpoint;
        if (e.technology === 'PJSIP') this.endpointStates.set(e.resource, e.state);
        this.deps.log.debug({ endpoint: e.resource, state: e.state }, 'endpoint state');
        break;
      }
      default: {
        const e = event as unknown as ChannelEvent;
        if (e.channel) this.deps.registry.byChannelId(e.channel.id)?.onChannelEvent(e.channel.id, e);
      }
    }
  };

  /** Called whenever the ARI link comes up: endpoint states and endpoint events. */
  async onLinkUp(client: Client): Promise<void> {
    await client.applications.subscribe({ applicationName: this.deps.app, eventSource: 'endpoint:PJSIP' });
    const endpoints = await client.endpoints.listByTech({ tech: 'PJSIP' });
    for (const e of endpoints) this.endpointStates.set(e.resource, e.state ?? 'unknown');
  }

  private routingState(): RoutingState {
    const trunkStatus = new Map<string, { available: boolean; activeCalls: number }>();
    for (const [name, state] of this.endpointStates) trunkStatus.set(name, { available: state !== 'offline', activeCalls: 0 });
    return { trunkStatus, roundRobin: this.roundRobin };
  }

  private onStasisStart(event: StasisStartEvent, client: Client): void {
    const ch = event.channel;
    if (event.args[0] === ORIGINATED_ARG) {
      const owner = this.deps.registry.byChannelId(ch.id);
      if (owner) owner.onChannelEvent(ch.id, event);
      else void this.hangupOrphan(client, ch.id);
      return;
    }
    const guid = randomUUID();
    const endpoint = event.args[0] ?? '';
    const dialled = ch.dialplan?.exten ?? '';
    const log = this.deps.log.child({ guid });
    const live = this.deps.config.current;
    const call = new RoutedCall(guid, ch.id, `${endpoint} -> ${printable(dialled)}`, { ...this.deps, log });
    const origin = live ? identify(endpoint, live) : null;
    if (!live || !origin) {
      log.warn({ endpoint, dialled: printable(dialled) }, live ? 'call from an unknown endpoint refused' : 'no configuration loaded yet');
      call.reject(live ? 'rejected' : 'congestion');
      return;
    }
    const req = routeRequest(origin, ch.caller.number, ch.caller.name, dialled);
    const decision = route(req, live.tables, this.routingState());
    for (const [k, v] of decision.roundRobin) this.roundRobin.set(k, v);
    const plan = planFor(decision.destination, req, live, this.deps.ringTimeout);
    log.info({ from: endpoint, caller: printable(req.caller), context: req.context, dialled: printable(dialled), plan: plan.summary }, 'call routed');
    if (plan.kind === 'reject') call.reject(plan.reason);
    else call.dial(plan.targets);
  }

  private async hangupOrphan(client: Client, channelId: string): Promise<void> {
    this.deps.log.info({ channelId }, 'answered leg of a finished call hung up');
    await ifStillThere(() => client.channels.hangup({ channelId })).catch(() => {});
  }
}
