/**
 * What the FastAGI fallback does with a call while the Stasis app is away (O2). Pure: the same
 * routing engine and configuration as the app, mapped onto plain dialplan applications.
 * Outbound and internal calls are dialled as usual; calls for a group or an IVR flow get the
 * degraded path: a ring group of the group's agents (those logged in when last seen, or all
 * members if none was), since the app's queue, IVR and agent states are not there.
 */
import { route, type CompiledTables } from '../routing';
import { identify, routeRequest, type Snapshot } from '../calls/call-plan';
import type { GroupConfig } from '../domain';
import type { FlowSet } from '../flows/interpreter';
import type { Direction } from '../records/status';
import { trunkDialString } from '../asterisk/trunk-dial';
import { causeForReason, reasonForRefusal } from '../calls/outcome/causes';

export interface FallbackConfig extends Snapshot {
  tables: CompiledTables;
  groups: ReadonlyMap<string, GroupConfig>;
  flows: FlowSet;
}

export type FallbackPlan =
  | {
    kind: 'dial';
    /** Dial() targets joined with &. */
    dial: string;
    timeoutSec: number;
    /** The caller ID to present, when routing sets one (the trunk's number outside). */
    callerId: string | null;
    direction: Direction;
    caller: string;
    group: string | null;
    callerExtension: string | null;
    summary: string;
  }
  | { kind: 'reject'; cause: number; direction: Direction; caller: string; summary: string };

/** Groups an IVR flow can queue to, following goto nodes into other flows. */
export function groupsOfFlow(flows: FlowSet, start: string): string[] {
  const seen = new Set<string>();
  const groups = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const flow = flows.get(name);
    for (const node of Object.values(flow?.nodes ?? {})) {
      const n = node as { type: string; group?: string; flow?: string };
      if (n.type === 'queue' && n.group) groups.add(n.group);
      if (n.type === 'goto' && n.flow) visit(n.flow);
    }
  };
  visit(start);
  return [...groups];
}

/** Members to ring for groups: those not logged out when last seen; all members if none is. */
export function ringGroupMembers(groups: GroupConfig[], lastStates: ReadonlyMap<string, string>): string[] {
  const members = [...new Set(groups.flatMap((g) => [...g.members].sort((a, b) => a.priority - b.priority).map((m) => m.extension)))];
  const present = members.filter((m) => (lastStates.get(m) ?? 'logged_out') !== 'logged_out');
  return present.length ? present : members;
}

export function fallbackPlan(
  endpoint: string, dialled: string, callerNumber: string, callerName: string,
  cfg: FallbackConfig, lastStates: ReadonlyMap<string, string>, ringTimeoutSec: number,
): FallbackPlan {
  const origin = identify(endpoint, cfg);
  if (!origin) return { kind: 'reject', cause: 21, direction: 'internal', caller: callerNumber, summary: `unknown endpoint ${endpoint}` };
  const req = routeRequest(origin, callerNumber, callerName, dialled);
  const d = route(req, cfg.tables, { trunkStatus: new Map(), roundRobin: new Map() }).destination;
  const fromTrunk = origin.kind === 'trunk';
  const callerExtension = origin.kind === 'account' ? origin.account.extension : null;
  const direction: Direction = fromTrunk ? 'inbound' : d.kind === 'trunk' ? 'outbound' : 'internal';
  const base = { direction, caller: req.caller, callerExtension };
  switch (d.kind) {
    case 'reject':
      return { kind: 'reject', cause: causeForReason(reasonForRefusal(d.reason)), direction, caller: req.caller, summary: `reject ${d.reason}` };
    case 'extension':
      return { ...base, kind: 'dial', dial: `PJSIP/${d.extension}`, timeoutSec: ringTimeoutSec, callerId: d.callerId, group: null, summary: `extension ${d.extension}` };
    case 'trunk': {
      const trunk = cfg.trunks.get(d.trunk);
      const timeout = trunk && trunk.noAnswerTimeout > 0 ? trunk.noAnswerTimeout : ringTimeoutSec;
      return { ...base, kind: 'dial', dial: trunkDialString(d.trunk, d.number, trunk), timeoutSec: timeout, callerId: d.callerId, group: null, summary: `trunk ${d.trunk} number ${d.number}` };
    }
    case 'group':
    case 'flow': {
      const names = d.kind === 'group' ? [d.group] : groupsOfFlow(cfg.flows, d.flow);
      const groups = (names.length ? names : [...cfg.groups.keys()]).map((n) => cfg.groups.get(n)).filter((g): g is GroupConfig => !!g);
      const members = ringGroupMembers(groups, lastStates);
      if (!members.length) return { kind: 'reject', cause: 34, direction, caller: req.caller, summary: `no agents in ${names.join(', ') || 'any group'}` };
      return {
        ...base, kind: 'dial', dial: members.map((m) => `PJSIP/${m}`).join('&'), timeoutSec: ringTimeoutSec, callerId: d.callerId,
        group: groups[0]?.name ?? null, summary: `ring group ${members.join(',')} for ${d.kind} ${d.kind === 'group' ? d.group : d.flow}`,
      };
    }
  }
}
