/**
 * A number dialled on behalf of an account (conference parties), routed exactly as if that
 * account's phone dialled it: same rules, transforms, trunk choice and caller ID. Pure.
 */
import { route, type RoutingState } from '../routing';
import { identify, planFor, routeRequest } from './call-plan';
import type { DialTarget } from './direct/direct';
import type { NumberRoute } from './transfer/targets';
import type { LiveSnapshot } from '../sync/live-config';

export type DialResolution = { ok: true; target: DialTarget; roundRobin: ReadonlyMap<string, number> } | { ok: false; error: string };

type Routed =
  | { kind: 'error'; error: string }
  | { kind: 'group'; group: string; roundRobin: ReadonlyMap<string, number> }
  | { kind: 'flow'; flow: string; roundRobin: ReadonlyMap<string, number> }
  | { kind: 'dial'; target: DialTarget; roundRobin: ReadonlyMap<string, number> };

/** A number routed as if the account's phone dialled it (activeOutbound: its outside calls up now, for R8). */
function routeAsDialled(live: LiveSnapshot, state: RoutingState, fromExtension: string, number: string, ringTimeoutSec: number, activeOutbound: number): Routed {
  const origin = identify(fromExtension, live);
  if (!origin || origin.kind !== 'account') return { kind: 'error', error: `${fromExtension} is not an enabled account` };
  const req = routeRequest(origin, fromExtension, '', number, activeOutbound);
  const decision = route(req, live.tables, state);
  const d = decision.destination;
  if (d.kind === 'group') return { kind: 'group', group: d.group, roundRobin: decision.roundRobin };
  if (d.kind === 'flow') return { kind: 'flow', flow: d.flow, roundRobin: decision.roundRobin };
  const plan = planFor(d, req, live, ringTimeoutSec);
  if (plan.kind === 'reject') return { kind: 'error', error: `refused by routing (${plan.summary})` };
  const target = plan.targets[0];
  if (target.extension && !live.accounts.get(target.extension)?.enabled) return { kind: 'error', error: `extension ${target.extension} has no enabled account` };
  return { kind: 'dial', target, roundRobin: decision.roundRobin };
}

/** A party dialled for a conference: only a phone or an outside line (not a group or a flow). */
export function resolveDial(live: LiveSnapshot, state: RoutingState, fromExtension: string, number: string, ringTimeoutSec: number, activeOutbound = 0): DialResolution {
  const r = routeAsDialled(live, state, fromExtension, number, ringTimeoutSec, activeOutbound);
  if (r.kind === 'error') return { ok: false, error: r.error };
  if (r.kind === 'group') return { ok: false, error: `${number} leads to group ${r.group}, not to a phone or an outside line` };
  if (r.kind === 'flow') return { ok: false, error: `${number} leads to flow ${r.flow}, not to a phone or an outside line` };
  return { ok: true, target: r.target, roundRobin: r.roundRobin };
}

/**
 * A number a phone transfers to (keys, API, REFER), routed as if that phone dialled it: a group
 * number reaches the group's queue, a flow's number the flow, an extension the phone, 9/8 + number
 * the trunk with the account's class of service. Pure.
 */
export function resolveTransferNumber(live: LiveSnapshot, state: RoutingState, fromExtension: string, number: string, ringTimeoutSec: number, activeOutbound = 0): { route: NumberRoute; roundRobin: ReadonlyMap<string, number> } {
  const r = routeAsDialled(live, state, fromExtension, number, ringTimeoutSec, activeOutbound);
  if (r.kind === 'error') return { route: r, roundRobin: new Map() };
  if (r.kind !== 'dial') return { route: r.kind === 'group' ? { kind: 'group', group: r.group } : { kind: 'flow', flow: r.flow }, roundRobin: r.roundRobin };
  const t = r.target;
  return { route: { kind: 'dial', endpoint: t.endpoint, extension: t.extension ?? null, timeoutSec: t.timeoutSec, callerId: t.callerId, trunk: t.trunk ?? null }, roundRobin: r.roundRobin };
}
