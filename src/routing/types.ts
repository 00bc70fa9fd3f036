/** Data types of the routing engine. Plain data: the engine does no I/O. */

export type TransformOp =
  | { op: 'delete'; start: number; length: number }
  | { op: 'replace'; start: number; length: number; text: string }
  | { op: 'insert'; start: number; text: string };

export type RouteType = 'extension' | 'group' | 'flow' | 'trunk' | 'trunk_group' | 'site_trunk' | 'reject';

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
  | 'routing-loop';

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
  | { step: 'select-trunk'; trunkGroup: string; candidates: string[]; skipped: { trunk: string; why: string }[]; chosen: string | null }
  | { step: 'caller-id'; callerId: string; why: string };

export interface RouteDecision {
  destination: Destination;
  trace: TraceStep[];
  /** Round-robin cursors to keep for the next call (only changed entries). */
  roundRobin: Map<string, number>;
}
