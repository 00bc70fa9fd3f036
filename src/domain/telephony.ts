/**
 * Telephony configuration as plain data: SIP accounts, trunks, agent groups, flows. Pure types,
 * no I/O: the repositories (src/db) load them, the pure core (routing, ACD, flows, call plans) reads them.
 */
import type { CallClass } from '../routing/types';
import type { DahdiPort, DahdiSpan } from '../asterisk/dahdi-config';

/** S7: telephony board rows (dahdi_spans, dahdi_ports) for the chan_dahdi generator. */
export interface BoardRows {
  spans: DahdiSpan[];
  ports: DahdiPort[];
}

export interface SipAccount {
  extension: string;
  password: string | null;
  enabled: boolean;
  displayName: string;
  allowedIp: string | null;
  dialContext: string;
  codecs: string[];
  /** Logged in and ready at start when the agent has no saved state. */
  autoReady: boolean;
  /** R8: the dearest class of calls, outside calls allowed (else whitelist only), simultaneous outside calls (0 = no limit). */
  callClass?: CallClass;
  outboundAllowed?: boolean;
  maxOutboundCalls?: number;
  /** Issue 20: the SIP transport towards the phone (tcp: it registers over TCP); udp when absent. */
  transport?: 'udp' | 'tcp';
  /** Issue 21: a browser (/agent page, WebRTC over WebSocket) instead of a desk phone; the page answers by itself with autoAnswer. */
  webrtc?: boolean;
  autoAnswer?: boolean;
}

export interface GroupConfig {
  name: string;
  number: string | null;
  ringTimeoutSec: number;
  wrapupSec: number;
  maxWaitSec: number;
  overflowGroup: string | null;
  overflowFlow: string | null;
  announcePosition: boolean;
  mohClass: string;
  recordCalls: boolean;
  surveyFlow: string | null;
  /** Issue 20 (source 003): 'acd' offers a call to one agent at a time; 'ring-all' rings every ready member at once first. */
  strategy?: 'acd' | 'ring-all';
  /** In priority order (lower first). */
  members: { extension: string; priority: number }[];
}

export interface FlowRow { name: string; definition: string }

export interface TrunkConfig {
  name: string;
  technology: 'pjsip' | 'ooh323' | 'dahdi';
  /** S7: the DAHDI channel group a dahdi trunk dials (DAHDI/g<n>/number). */
  dahdiGroup?: number | null;
  host: string;
  port: number;
  /** Issue 20: SIP over UDP (default) or TCP towards the trunk. */
  transport?: 'udp' | 'tcp';
  /** Issue 20, IMS-style registration: host[:port] every request goes through (calls from the trunk come from there). */
  outboundProxy?: string | null;
  /** The domain of the number (From/To of REGISTER, From and Request-URI of calls) when the registrar's address is not it. */
  sipDomain?: string | null;
  /** The number (registration user, contact user). */
  username: string | null;
  /** The digest user name when it differs from the number. */
  authUser?: string | null;
  password: string | null;
  register: boolean;
  registrationExpiry: number;
  inboundContext: string;
  codecs: string[];
  enabled: boolean;
  noAnswerTimeout: number;
}

export interface TelephonyData {
  accounts: SipAccount[];
  trunks: TrunkConfig[];
  groups: GroupConfig[];
  flows: FlowRow[];
  /** S7: telephony board spans and ports (chan_dahdi). */
  boards?: BoardRows;
  /** C8: numbers answered by the fax receiver. */
  faxNumbers?: { number: string; enabled: boolean }[];
}
