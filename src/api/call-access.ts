/**
 * What an agent may see and control of calls (issue 16, docs/CTI-API.md): an agent sees the calls
 * it is a party of (its phone serves the customer, rings for the call, placed it, or it is the
 * call's agent of record) and controls only a call it is connected to (its phone serves the
 * customer). Every other role sees and controls every call (routes still name their least role).
 */
import type { CallParty, ChannelOwner } from '../calls/registry';
import type { Principal } from './auth';
import { ApiError } from './errors';

function partyOf(owner: ChannelOwner | undefined, extension: string): CallParty | undefined {
  return owner?.parties?.().find((p) => p.extension === extension);
}

/** True when the principal may see this call (or channel owner) at all. */
export function canSee(p: Principal, owner: ChannelOwner | undefined): boolean {
  return p.role !== 'agent' || (p.agent !== null && partyOf(owner, p.agent) !== undefined);
}

/** True when the agent extension is a party of the call with this GUID now (the event stream's filter). */
export function isPartyOf(owner: ChannelOwner | undefined, extension: string): boolean {
  return partyOf(owner, extension) !== undefined;
}

const notYours = (p: Principal, owner: ChannelOwner) => new ApiError(403, 'not-your-call', `agent ${p.agent} is not a party of call ${owner.guid}`);

/** 403 unless the principal may see the call. */
export function assertCanSee(p: Principal, owner: ChannelOwner): void {
  if (!canSee(p, owner)) throw notYours(p, owner);
}

/** 403 for an agent not on the call, 409 for one on it but not connected (ringing, or the caller is in the survey). */
export function assertConnected(p: Principal, owner: ChannelOwner): void {
  if (p.role !== 'agent') return;
  const party = p.agent ? partyOf(owner, p.agent) : undefined;
  if (!party) throw notYours(p, owner);
  if (!party.connected) {
    const state = owner.snapshot?.().state ?? 'unknown';
    throw new ApiError(409, 'not-connected', `agent ${p.agent} is not connected to call ${owner.guid} (state ${state}): an agent controls only the call its phone is talking on`);
  }
}
