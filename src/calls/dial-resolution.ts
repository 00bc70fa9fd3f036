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

/** activeOutbound: the outside calls the account has up now (its R8 limit applies to these calls too). */
export function resolveDial(live: LiveSnapshot, state: RoutingState, fromExtension: string, number: string, ringTimeoutSec: number, activeOutbound = 0): DialResolution {
  const origin = identify(fromExtension, live);
  if (!origin || origin.kind !== 'account') return { ok: false, error: `${fromExtension} is not an enabled account` };
  const req = routeRequest(origin, fromExtension, '', number, activeOutbound);
  const decision = route(req, live.tables, state);
  const d = decision.destination;
  if (d.kind === 'flow' || d.kind === 'group') return { ok: false, error: `${number} leads to ${d.kind} ${d.kind === 'flow' ? d.flow : d.group}, not to a phone or an outside line` };
  const plan = planFor(d, req, live, ringTimeoutSec);
  if (plan.kind === 'reject') return { ok: false, error: `refused by routing (${plan.summary})` };
  const target = plan.targets[0];
  if (target.extension && !live.accounts.get(target.extension)?.enabled) return { ok: false, error: `extension ${target.extension} has no enabled account` };
  return { ok: true, target, roundRobin: decision.roundRobin };
}

/**
 * A number a phone transfers to (keys, API, REFER), routed as if that phone dialled it: a group
 * number reaches the group's queue, a flow's number the flow, an extension the phone, 9/8 + number
 * the trunk with the account's class of service. Pure.
 */
export function resolveTransferNumber(live: LiveSnapshot, state: RoutingState, fromExtension: string, number: string, ringTimeoutSec: number, activeOutbound = 0): { route: NumberRoute; roundRobin: ReadonlyMap<string, number> } {
  const none = new Map<string, number>();
  const origin = identify(fromExtension, live);
  if (!origin || origin.kind !== 'account') return { route: { kind: 'error', error: `${fromExtension} is not an enabled account` }, roundRobin: none };
  const req = routeRequest(origin, fromExtension, '', number, activeOutbound);
  const decision = route(req, live.tables, state);
  const d = decision.destination;
  if (d.kind === 'group') return { route: { kind: 'group', group: d.group }, roundRobin: decision.roundRobin };
  if (d.kind === 'flow') return { route: { kind: 'flow', flow: d.flow }, roundRobin: decision.roundRobin };
  const plan = planFor(d, req, live, ringTimeoutSec);
  if (plan.kind === 'reject') return { route: { kind: 'error', error: `refused by routing (${plan.summary})` }, roundRobin: none };
  const t = plan.targets[0];
  if (t.extension && !live.accounts.get(t.extension)?.enabled) return { route: { kind: 'error', error: `extension ${t.extension} has no enabled account` }, roundRobin: none };
  return { route: { kind: 'dial', endpoint: t.endpoint, extension: t.extension ?? null, timeoutSec: t.timeoutSec, callerId: t.callerId }, roundRobin: decision.roundRobin };
}
