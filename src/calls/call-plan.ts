/**
 * Pure glue between a new channel and the routing engine: who is calling (account or trunk),
 * in which dial context, and which endpoints to ring for a destination.
 */
import type { Destination, RouteRequest } from '../routing';
import type { SipAccount, TrunkConfig } from '../domain';
import type { DialTarget } from './direct/direct';
import type { HangupReason } from './outcome/causes';
import { trunkDialString } from '../asterisk/trunk-dial';

export interface Snapshot {
  accounts: ReadonlyMap<string, SipAccount>;
  trunks: ReadonlyMap<string, TrunkConfig>;
}

export type Origin = { kind: 'account'; account: SipAccount } | { kind: 'trunk'; trunk: TrunkConfig };

export function identify(endpoint: string, snapshot: Snapshot): Origin | null {
  const account = snapshot.accounts.get(endpoint);
  if (account?.enabled) return { kind: 'account', account };
  const trunk = snapshot.trunks.get(endpoint);
  if (trunk?.enabled) return { kind: 'trunk', trunk };
  return null;
}

/** activeOutbound: the outside calls the calling account has up now (R8 limit). */
export function routeRequest(origin: Origin, presentedNumber: string, presentedName: string, dialled: string, activeOutbound = 0): RouteRequest {
  if (origin.kind === 'trunk') return { caller: presentedNumber, callerName: presentedName, context: origin.trunk.inboundContext, dialled };
  const a = origin.account;
  return {
    caller: a.extension, callerName: a.displayName, context: a.dialContext, dialled,
    permission: { callClass: a.callClass ?? 'international', outboundAllowed: a.outboundAllowed ?? true, activeOutbound, maxOutbound: a.maxOutboundCalls ?? 0 },
  };
}

/** Formats a caller ID for ARI originate: "Name" <number>. */
export function callerIdString(number: string, name = ''): string {
  const clean = name.replace(/["<>\\]/g, '').trim();
  return clean ? `"${clean}" <${number}>` : `<${number}>`;
}

export type Plan = { kind: 'dial'; targets: DialTarget[]; summary: string } | { kind: 'reject'; reason: HangupReason; summary: string };

/** Destinations a direct call dials; groups and flows are contact-center calls (IVR, ACD). */
export type DirectDestination = Exclude<Destination, { kind: 'group' } | { kind: 'flow' }>;

export function planFor(d: DirectDestination, req: RouteRequest, snapshot: Snapshot, ringTimeout: number): Plan {
  const callerName = d.kind !== 'reject' && d.callerId === req.caller ? req.callerName ?? '' : '';
  switch (d.kind) {
    case 'reject': {
      const reason: HangupReason = d.reason === 'no-trunk-available' || d.reason === 'routing-loop' || d.reason === 'outbound-limit' ? 'congestion'
        : d.reason === 'rule-rejects' || d.reason === 'class-of-service' || d.reason === 'not-whitelisted' ? 'rejected' : 'unallocated';
      return { kind: 'reject', reason, summary: `reject ${d.reason}: ${d.detail}` };
    }
    case 'extension':
      return { kind: 'dial', summary: `extension ${d.extension}`, targets: [{ endpoint: `PJSIP/${d.extension}`, extension: d.extension, callerId: callerIdString(d.callerId, callerName), timeoutSec: ringTimeout }] };
    case 'trunk': {
      const trunk = snapshot.trunks.get(d.trunk);
      const timeout = trunk && trunk.noAnswerTimeout > 0 ? trunk.noAnswerTimeout : ringTimeout;
      return { kind: 'dial', summary: `trunk ${d.trunk} number ${d.number}`, targets: [{ endpoint: trunkDialString(d.trunk, d.number, trunk), callerId: callerIdString(d.callerId, callerName), timeoutSec: timeout, number: d.number, trunk: d.trunk }] };
    }
  }
}
