/** Data types of the routing engine. Plain data: the engine does no I/O. */

export type TransformOp =
  | { op: 'delete'; start: number; length: number }
  | { op: 'replace'; start: number; length: number; text: string }
  | { op: 'insert'; start: number; text: string };

export type RouteType = 'extension' | 'group' | 'flow' | 'trunk' | 'trunk_group' | 'site_trunk' | 'reject';

/** Classes of service (R8), from the cheapest calls to the dearest. */
export type CallClass = 'internal' | 'local' | 'national' | 'international';
export const CALL_CLASSES: readonly CallClass[] = ['internal', 'local', 'national', 'international'];

/** What a calling account may dial (R8). Calls from trunks carry none and are not limited. */
export interface Permission {
  /** The dearest class of calls the account may make. */
  callClass: CallClass;
  /** false: outside calls only to whitelisted numbers (internal calls always). */
  outboundAllowed: boolean;
  /** Outside calls this account has up now, and its limit (0 = none). */
  activeOutbound: number;
  maxOutbound: number;
}

export interface DialRule {
  id: number;
  /** Dial plan the rule belongs to, e.g. "agents" or "from-carrier-a". */
  context: string;
  /** A literal prefix ("9") or an Asterisk pattern ("_9X.", "_1XXX"). */
  pattern: string;
  routeType: RouteType;
  /** Extension, group, flow, trunk or trunk group name; empty for "the number itself". */
  target: string;
  transforms: TransformOp[];
  /** Analyse the transformed number again, in reanalyzeContext or the same context. */
  reanalyze: boolean;
  reanalyzeContext?: string | null;
  description?: string;
  /** The class of the calls this rule makes; null: by route type (outside routes national, others internal). */
  callClass?: CallClass | null;
}

export interface NormalizationRule {
  id: number;
  trunkGroup: string;
  pattern: string;
  transforms: TransformOp[];
}

export type CallerIdMode = 'trunk' | 'passthrough';

export interface Trunk {
  name: string;
  /** Number presented on outbound calls when callerIdMode is "trunk". */
  callerIdNumber: string | null;
  callerIdMode: CallerIdMode;
  /** 0 = unlimited. */
  maxChannels: number;
  enabled: boolean;
}

export type TrunkStrategy = 'round_robin' | 'first_free';

export interface TrunkGroup {
  name: string;
  strategy: TrunkStrategy;
  /** Member trunk names in order. */
  trunks: string[];
}

export interface RoutingTables {
  rules: DialRule[];
  normalization: NormalizationRule[];
  trunks: Trunk[];
  trunkGroups: TrunkGroup[];
  /** Enabled local extensions. */
  extensions: ReadonlySet<string>;
  groups: ReadonlySet<string>;
  flows: ReadonlySet<string>;
  /** Numbers or prefixes (literal or Asterisk patterns) agents without outbound permission may dial. */
  whitelist?: string[];
}

/** Live facts the engine cannot know by itself; supplied by the adapters. */
export interface TrunkStatus {
  available: boolean;
  activeCalls: number;
}

export interface RoutingState {
  trunkStatus: ReadonlyMap<string, TrunkStatus>;
  /** Next round-robin start index per trunk group. */
  roundRobin: ReadonlyMap<string, number>;
}

export interface RouteRequest {
  /** Caller number (extension for phones, presented number for trunks). */
  caller: string;
  callerName?: string;
  context: string;
  dialled: string;
  /** The calling account's rights; absent for trunks (not limited). */
  permission?: Permission;
}

export type RejectReason =
  | 'malformed-number'
  | 'no-route'
  | 'rule-rejects'
  | 'unknown-extension'
  | 'unknown-group'
  | 'unknown-flow'
  | 'unknown-trunk'
  | 'no-trunk-available'
  | 'routing-loop'
  | 'class-of-service'
  | 'not-whitelisted'
  | 'outbound-limit';

export type Destination =
  | { kind: 'extension'; extension: string; callerId: string }
  | { kind: 'group'; group: string; callerId: string }
  | { kind: 'flow'; flow: string; callerId: string }
  | { kind: 'trunk'; trunk: string; trunkGroup: string | null; number: string; callerId: string }
  | { kind: 'reject'; reason: RejectReason; detail: string };

export type TraceStep =
  | { step: 'analyse'; context: string; number: string; rule: { id: number; pattern: string; routeType: RouteType; target: string } | null }
  | { step: 'transform'; before: string; after: string; transform: TransformOp }
  | { step: 'reanalyse'; context: string; number: string }
  | { step: 'normalize'; trunkGroup: string; rule: { id: number; pattern: string } | null; before: string; after: string }
  | { step: 'select-trunk'; trunkGroup: string; candidates: string[]; skipped: { trunk: string; why: string }[]; chosen: string | null; note?: string }
  | { step: 'caller-id'; callerId: string; why: string }
  | { step: 'permission'; callClass: CallClass; allowed: boolean; why: string };

export interface RouteDecision {
  destination: Destination;
  trace: TraceStep[];
  /** Round-robin cursors to keep for the next call (only changed entries). */
  roundRobin: Map<string, number>;
}
