/**
 * Channel and phone state events (manual 002 §12 通道状态发送监控) from AMI: every channel of an
 * extension or a trunk, also those the Stasis app never sees (a phone dialling a feature code,
 * the dialplan's fax and last-resort channels). The pure ChannelStates decides; this adapter
 * feeds it AMI events and publishes `channel.state` / `phone.state` with the owning call's GUID.
 * After the AMI link comes back the states start afresh (hang-ups may have been missed).
 */
import type { EventEmitter } from 'node:events';
import type { EventSink } from '../events/cti-events';
import type { Logger } from '../log/logger';
import { ChannelStates, endpointOf, type AmiFields, type Classify } from './channel-states';

export interface ChannelMonitorDeps {
  /** The AMI link: 'event' for each AMI event, 'up' after every (re)connect. */
  ami: Pick<EventEmitter, 'on' | 'off'>;
  events: EventSink;
  log: Logger;
  /** Is this endpoint an account (extension) or a trunk, by the running configuration. */
  endpointKind: (endpoint: string) => 'extension' | 'trunk' | null;
  /** The call GUID that owns an ARI channel (ARI channel id = Asterisk uniqueid). */
  guidOf: (channelId: string) => string | null;
}

/** Follows channels until it is stopped; start() returns the disposer. */
export class ChannelMonitor {
  private states: ChannelStates;
  private readonly guids = new Map<string, string>();
  private readonly classify: Classify;

  constructor(private readonly d: ChannelMonitorDeps) {
    this.classify = (name) => {
      const endpoint = endpointOf(name);
      const kind = endpoint ? d.endpointKind(endpoint) : null;
      return endpoint && kind ? { kind, number: endpoint } : null;
    };
    this.states = new ChannelStates(this.classify);
  }

  start(): () => void {
    const onEvent = (e: AmiFields) => this.onEvent(e);
    const onUp = () => { this.states = new ChannelStates(this.classify); this.guids.clear(); };
    this.d.ami.on('event', onEvent);
    this.d.ami.on('up', onUp);
    return () => {
      this.d.ami.off('event', onEvent);
      this.d.ami.off('up', onUp);
    };
  }

  /** The monitored channels now (for lookups), with their call. */
  channels() {
    return this.states.list().map((c) => ({ ...c, guid: this.guidFor(c.channelId) }));
  }

  /** The aggregated state of an extension's phone. */
  phone(extension: string) {
    return this.states.phone(extension);
  }

  private guidFor(channelId: string): string | null {
    const known = this.guids.get(channelId);
    if (known) return known;
    const guid = this.d.guidOf(channelId);
    if (guid) this.guids.set(channelId, guid);
    return guid;
  }

  private onEvent(e: AmiFields): void {
    let changes;
    try {
      changes = this.states.step(e);
    } catch (err) {
      this.d.log.warn({ err: (err as Error).message, event: e.event }, 'channel monitor: event not understood');
      return;
    }
    for (const c of changes) {
      if (c.what === 'channel') {
        const guid = this.guidFor(c.channelId);
        this.d.events.publish({ type: 'channel.state', channelId: c.channelId, channel: c.channel, kind: c.kind, number: c.number, state: c.state, previous: c.previous, caller: c.caller, connected: c.connected, guid });
        if (c.state === 'idle') this.guids.delete(c.channelId);
      } else {
        this.d.events.publish({ type: 'phone.state', extension: c.extension, state: c.state, previous: c.previous });
      }
    }
  }
}
