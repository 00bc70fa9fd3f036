/**
 * The local phones a call involves now, for what an agent may see and control through the API
 * (issue 16): the phone serving the customer (connected), and the phones rung for the call, the
 * calling phone and the agent of record (parties, not connected). Pure over the session's state.
 */
import type { CallParty } from '../registry';
import type { CallSession } from './call-session';

export function partiesOf(s: CallSession): CallParty[] {
  const found = new Map<string, boolean>();
  const add = (extension: string | null | undefined, connected: boolean) => {
    if (extension) found.set(extension, (found.get(extension) ?? false) || connected);
  };
  const p = s.phase;
  if (p.name === 'ended') return [];
  switch (p.name) {
    case 'connected':
      // The serving side may be an outside number after a transfer: only a local phone is an agent.
      if (s.deps.agents.has(p.agent)) add(p.agent, true);
      add(p.consult?.offer.extension, false);
      add(p.party?.offer.extension, p.party?.state.name === 'joined');
      break;
    case 'dialling':
      for (const o of p.offers) add(o.extension, false);
      break;
    case 'queued':
    case 'transferring':
      if (p.offer && !p.offer.endedBy) add(p.offer.extension, false);
      break;
    default:
      break;
  }
  // The calling phone, while its channel is still this call's (not transferred away).
  const caller = s.info.callerExtension;
  const callerHere = s.customerChannel === s.info.callerChannel || (p.name === 'connected' && p.leg === s.info.callerChannel) || p.name === 'dialling' || p.name === 'new';
  if (callerHere) add(caller, false);
  add(s.agent, false);
  return [...found].map(([extension, connected]) => ({ extension, connected }));
}
