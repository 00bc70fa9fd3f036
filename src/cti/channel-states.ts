/**
 * Channel and phone state monitoring (the source's 通道状态发送监控, manual 002 §12). PURE: AMI
 * channel events in, state changes out. Every extension (phone) and trunk channel is followed
 * from its first event to its hang-up:
 *
 *   offhook  the party on this channel picked up and is calling (a phone dialling, a trunk
 *            delivering an inbound call): Asterisk states OffHook, Dialing, Ring, Dialing Offhook
 *   ringing  this channel's far end is alerted (Ringing, Pre-ring)
 *   talking  answered (Up)
 *   idle     hung up (the channel is gone)
 *
 * A channel that Asterisk creates towards a phone or trunk starts Down: nothing is reported until
 * it rings. Each channel change gives one `channel` change; when the aggregated state of a phone
 * (talking > ringing > offhook > idle over its channels) changes, a `phone` change follows.
 */

export type ChannelState = 'idle' | 'offhook' | 'ringing' | 'talking';
export type ChannelKind = 'extension' | 'trunk';

/** Who a channel belongs to: an extension (phone) or a trunk, by its endpoint; null for anything else (Local, snoop...). */
export type Classify = (channelName: string) => { kind: ChannelKind; number: string } | null;

export interface ChannelChange {
  what: 'channel';
  channelId: string;
  channel: string;
  kind: ChannelKind;
  number: string;
  state: ChannelState;
  previous: ChannelState;
  caller: string;
  connected: string;
}

export interface PhoneChange {
  what: 'phone';
  extension: string;
  state: ChannelState;
  previous: ChannelState;
}

export type MonitorChange = ChannelChange | PhoneChange;

/** AMI event fields as asterisk-manager delivers them (keys lower-cased). */
export type AmiFields = Record<string, string | undefined>;

/** Asterisk's ChannelStateDesc -> our state; undefined: not reported (Down, Rsrvd, Busy, Unknown). */
export function stateOf(desc: string | undefined): ChannelState | undefined {
  switch ((desc ?? '').toLowerCase()) {
    case 'offhook':
    case 'dialing':
    case 'ring':
    case 'dialing offhook':
      return 'offhook';
    case 'ringing':
    case 'pre-ring':
      return 'ringing';
    case 'up':
      return 'talking';
    default:
      return undefined;
  }
}

const RANK: Record<ChannelState, number> = { idle: 0, offhook: 1, ringing: 2, talking: 3 };

/** The channel's endpoint: "PJSIP/1001-0000002a" -> "1001", "PJSIP/carrier-a-0000002b" -> "carrier-a"; null for Local and snoop channels. */
export function endpointOf(channelName: string): string | null {
  const m = /^([A-Za-z0-9]+)\/(.+?)(?:-[0-9a-f]{8})?$/i.exec(channelName);
  if (!m || /^(local|snoop|announcer|recorder|bridgemedia|message|unicastrtp)$/i.test(m[1]) || /[@;]/.test(m[2])) return null;
  return m[2];
}

interface Tracked { channel: string; kind: ChannelKind; number: string; state: ChannelState; caller: string; connected: string }

/** Keeps what it has seen of every monitored channel; step() answers the changes an event makes. */
export class ChannelStates {
  private readonly channels = new Map<string, Tracked>();
  private readonly phones = new Map<string, ChannelState>();

  constructor(private readonly classify: Classify) {}

  /** The state of a monitored channel now, by its unique id. */
  channel(id: string): (Tracked & { channelId: string }) | undefined {
    const t = this.channels.get(id);
    return t ? { ...t, channelId: id } : undefined;
  }

  /** The aggregated state of an extension's phone now. */
  phone(extension: string): ChannelState {
    return this.phones.get(extension) ?? 'idle';
  }

  /** Every monitored channel now, in the order they appeared. */
  list(): (Tracked & { channelId: string })[] {
    return [...this.channels.entries()].map(([channelId, t]) => ({ ...t, channelId }));
  }

  step(e: AmiFields): MonitorChange[] {
    const type = (e.event ?? '').toLowerCase();
    const id = e.uniqueid ?? '';
    if (!id) return [];
    if (type === 'hangup') return this.gone(id);
    if (type !== 'newchannel' && type !== 'newstate' && type !== 'coreshowchannel') return [];
    const next = stateOf(e.channelstatedesc);
    let t = this.channels.get(id);
    if (!t) {
      const who = this.classify(e.channel ?? '');
      if (!who) return [];
      t = { channel: e.channel ?? '', kind: who.kind, number: who.number, state: 'idle', caller: '', connected: '' };
      this.channels.set(id, t);
    }
    t.caller = e.calleridnum && e.calleridnum !== '<unknown>' ? e.calleridnum : t.caller;
    t.connected = e.connectedlinenum && e.connectedlinenum !== '<unknown>' ? e.connectedlinenum : t.connected;
    if (!next || next === t.state) return [];
    return this.move(id, t, next);
  }

  private gone(id: string): MonitorChange[] {
    const t = this.channels.get(id);
    if (!t) return [];
    const out = t.state === 'idle' ? [] : this.move(id, t, 'idle');
    this.channels.delete(id);
    // The phone's aggregate without this channel.
    if (t.kind === 'extension') out.push(...this.phoneChange(t.number));
    return out;
  }

  private move(id: string, t: Tracked, next: ChannelState): MonitorChange[] {
    const previous = t.state;
    t.state = next;
    const out: MonitorChange[] = [{ what: 'channel', channelId: id, channel: t.channel, kind: t.kind, number: t.number, state: next, previous, caller: t.caller, connected: t.connected }];
    if (t.kind === 'extension' && next !== 'idle') out.push(...this.phoneChange(t.number));
    return out;
  }

  private phoneChange(extension: string): PhoneChange[] {
    let best: ChannelState = 'idle';
    for (const t of this.channels.values()) {
      if (t.kind === 'extension' && t.number === extension && RANK[t.state] > RANK[best]) best = t.state;
    }
    const previous = this.phone(extension);
    if (best === previous) return [];
    if (best === 'idle') this.phones.delete(extension);
    else this.phones.set(extension, best);
    return [{ what: 'phone', extension, state: best, previous }];
  }
}
