/**
 * The telephony side of the live dashboard (T4), from AMI: the channels up in Asterisk and the
 * outbound registrations of the trunks. Rebuilt from a full listing whenever the AMI link comes
 * up, then kept current by Newchannel / Newstate / Hangup events; registrations are listed again
 * every few seconds (PJSIP has no per-trunk registration event with the trunk's name).
 */
import type { AmiLink } from '../ami/connection';
import type { Logger } from '../log/logger';

export interface LiveChannel {
  uniqueid: string;
  name: string;
  state: string;
  callerNumber: string;
  exten: string;
  since: number;
}

type AmiEvent = Record<string, string | undefined>;

export class AmiFloor {
  readonly channels = new Map<string, LiveChannel>();
  /** Trunk (outbound registration object) -> status, e.g. Registered, Rejected. */
  readonly registrations = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly ami: AmiLink, private readonly log: Logger, private readonly refreshMs = 5000) {
    ami.on('event', this.onEvent);
    ami.on('up', this.onUp);
    ami.on('down', this.onDown);
  }

  stop(): void {
    this.ami.off('event', this.onEvent);
    this.ami.off('up', this.onUp);
    this.ami.off('down', this.onDown);
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Calls up on a trunk: its channels are named PJSIP/<trunk>-<n>. */
  callsOn(trunk: string): number {
    let n = 0;
    for (const c of this.channels.values()) if (c.name.startsWith(`PJSIP/${trunk}-`)) n++;
    return n;
  }

  private readonly onUp = (): void => {
    this.channels.clear();
    this.listAll();
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(() => this.listRegistrations(), this.refreshMs);
  };

  private readonly onDown = (): void => {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  };

  private listAll(): void {
    this.ami.action({ action: 'CoreShowChannels' }).catch((err: Error) => this.log.debug({ err: err.message }, 'CoreShowChannels failed'));
    this.listRegistrations();
  }

  private listRegistrations(): void {
    this.ami.action({ action: 'PJSIPShowRegistrationsOutbound' }).catch((err: Error) => this.log.debug({ err: err.message }, 'PJSIPShowRegistrationsOutbound failed'));
  }

  private readonly onEvent = (e: AmiEvent): void => {
    const type = (e.event ?? '').toLowerCase();
    const id = e.uniqueid ?? '';
    switch (type) {
      case 'newchannel':
      case 'coreshowchannel':
        if (!id) return;
        this.channels.set(id, {
          uniqueid: id, name: e.channel ?? '', state: e.channelstatedesc ?? '', callerNumber: e.calleridnum ?? '', exten: e.exten ?? '',
          since: type === 'coreshowchannel' ? Date.now() - durationMs(e.duration) : Date.now(),
        });
        break;
      case 'newstate': {
        const c = this.channels.get(id);
        if (c) c.state = e.channelstatedesc ?? c.state;
        break;
      }
      case 'hangup':
        this.channels.delete(id);
        break;
      case 'outboundregistrationdetail':
        if (e.objectname) this.registrations.set(e.objectname, e.status ?? 'Unknown');
        break;
    }
  };
}

/** "00:01:05" -> 65000. */
function durationMs(d: string | undefined): number {
  const m = /^(\d+):(\d\d):(\d\d)$/.exec(d ?? '');
  return m ? ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 : 0;
}
