/**
 * The shapes every call shares (one call model): what the call is, what it depends on, and its
 * phase. A call of any kind (contact-center call, direct call) is one CallSession; its kind only
 * decides how it starts (a flow or a queue, or dialling targets).
 */
import type { Client } from 'ari-client';
import type { Acd } from '../../acd/acd';
import type { QueueLogWriter } from '../../acd/queue-log';
import type { AgentService } from '../../agents/agent-service';
import type { GroupConfig } from '../../domain';
import type { Customer, EventSink } from '../../events/cti-events';
import type { FlowRunner } from '../../flows/flow-runner';
import type { FlowSet } from '../../flows/interpreter';
import type { Logger } from '../../log/logger';
import type { RecordWriter } from '../../records/record-writer';
import type { Direction } from '../../records/status';
import type { CallRecorder } from '../bridge-recording';
import type { InCallCodes, InCallKeys } from '../in-call-codes';
import type { CallRegistry } from '../registry';
import type { CallbackDesk } from '../../callbacks/callback-desk';
import type { ResolveNumber } from '../transfer/targets';
import type { PhoneFeatureLookup } from '../direct/phone-ring';
import type { ThirdParty } from '../three-way/three-way';

export interface SessionDeps {
  ari: () => Client | null;
  registry: CallRegistry;
  log: Logger;
  app: string;
  acd: Acd;
  agents: AgentService;
  records: RecordWriter;
  /** Asterisk's recording folder as this process sees it. */
  recordingDir: string;
  recorder?: CallRecorder;
  promptDir: string;
  queueLog?: QueueLogWriter;
  events?: EventSink;
  /** Routes a number a phone transfers to, as if that phone dialled it (extension, group, flow or trunk). */
  resolveNumber?: ResolveNumber;
  /** In-call codes (*5, *6, *8); absent: the agent's keys are not read. */
  inCallCodes?: InCallCodes;
  /** Screen pop lookup by caller number (bounded in time by the caller of this class). */
  customers?: (phone: string) => Promise<Customer | null>;
  /** Counts the call on its trunk and on the calling account (routing limits); returns the release. */
  countCall?: (use: { trunk: string | null; outboundBy: string | null }) => () => void;
  /** Global variables as flows see them (global_<name>), read when a flow starts. */
  globals?: () => Record<string, string>;
  /** The phones' forwarding, DND and call waiting (issue 20); absent: a phone just rings. */
  phoneFeatures?: PhoneFeatureLookup;
  /** Queue callback (src/callbacks): a group's key and the booking of a callback; absent: no callbacks. */
  callbacks?: CallbackDesk;
}

export interface SessionInfo {
  guid: string;
  /** The channel that started the call (a phone, a trunk, a site). */
  callerChannel: string;
  direction: Direction;
  caller: string;
  callerName: string;
  /** The number dialled (DID, group number, extension or outside number). */
  callee: string;
  /** The calling phone's extension when a local phone placed the call. */
  callerExtension: string | null;
  /** The configuration the call started with: it keeps it to the end (C2). */
  flows: FlowSet;
  groups: ReadonlyMap<string, GroupConfig>;
  /** The trunk the call came in on or goes out through (reports). */
  trunk: string | null;
  /** Record the conversation (contact calls: the group's setting; direct calls: the site's). */
  recordDirect: boolean;
  /** The flow to run for the customer when the agent hangs up first on a direct outbound call. */
  outboundSurvey: string | null;
}

/** A phone (or number) rung for the call: an ACD offer, a transfer target, a direct call's callee. */
export interface Offer {
  agent: string;
  leg: string;
  since: number;
  timer: NodeJS.Timeout | null;
  /** How the ring ended from our side; null while it rings. */
  endedBy: 'timeout' | 'withdrawn' | null;
  viaAcd: boolean;
  /** The dial string when it is not the agent's own phone (transfers to numbers, outside callees). */
  endpoint?: string;
  /** A local phone (agent states, pickup, screen pop). */
  extension: string | null;
}

/** An attended transfer in progress: the customer is held, the agent talks to the target. */
export interface Consult {
  target: string;
  offer: Offer;
  answered: boolean;
}

export type ConnectedPhase = {
  name: 'connected';
  /** The party serving the customer: an extension, or a number when transferred outside. */
  agent: string;
  leg: string;
  bridgeId: string;
  held: boolean;
  consult: Consult | null;
  keys: InCallKeys | null;
  /** The agent's three-way call: the third party ringing or joined (three-way/). */
  party?: ThirdParty | null;
};

export type Phase =
  | { name: 'new' }
  /** A direct call rings its callee(s); the caller hears ringback once one rings. */
  | { name: 'dialling'; offers: Offer[]; failures: number[]; ringing: boolean }
  | { name: 'flow'; runner: FlowRunner }
  | { name: 'queued'; group: string; offer: Offer | null; announcement: string | null }
  | { name: 'transferring'; offer: Offer | null }
  | ConnectedPhase
  | { name: 'survey'; runner: FlowRunner }
  | { name: 'voicemail'; recording: string }
  /** The caller asked to be called back: it hears the confirmation of its number, then the call ends. */
  | { name: 'callback'; playback: string | null }
  | { name: 'ended' };
