/** The calls each measured run places: who calls, what is dialled, how latency is read. */
import { BENCH, PHONE_EXTENSION } from './bench-config';
import { agentExtensions } from './bench-site';
import { inviteToInvite, inviteToRinging, type SipMessage } from './latency';

export type CallType = 'internal' | 'outbound' | 'inbound';
export type Path = 'product' | 'reference';

export const CALL_TYPES: Record<CallType, string> = {
  internal: 'internal call to an agent extension (INVITE -> 180 at the caller)',
  outbound: 'outbound 8N call, normalised 0 -> 0086, via the carrier trunk (INVITE -> 180 at the caller)',
  inbound: 'inbound DID -> queue -> ready agent, IVR skipped (caller INVITE -> agent INVITE)',
};

export function callerAddress(type: CallType, path: Path): string {
  if (path === 'reference') return BENCH.reference;
  return type === 'inbound' ? BENCH.carrier : BENCH.phone;
}

/** [dialled, caller number] for `n` calls; caller numbers are unique where latency is matched by them. */
export function callList(type: CallType, n: number, offset = 0): [string, string][] {
  const agents = agentExtensions();
  return Array.from({ length: n }, (_, k) => {
    const i = k + offset;
    if (type === 'internal') return [agents[i % agents.length], PHONE_EXTENSION];
    if (type === 'outbound') return [`80${String(1000000000 + (i % 1000000000))}`, PHONE_EXTENSION];
    return [BENCH.did, `139${String(i).padStart(8, '0')}`];
  });
}

export function latencies(type: CallType, path: Path, msgs: SipMessage[]): number[] {
  const from = callerAddress(type, path);
  return type === 'inbound' ? inviteToInvite(msgs, from, BENCH.callee) : inviteToRinging(msgs, from);
}
