/** Pure: call-setup latencies from captured SIP messages, and percentiles. */
export interface SipMessage {
  /** Capture time, seconds since the epoch (microsecond resolution). */
  t: number;
  src: string;
  dst: string;
  method: string | null;
  status: number | null;
  callId: string;
  fromUser: string;
  cseqMethod: string;
}

/**
 * INVITE sent by the caller (src = caller address) -> first 180 Ringing on the same dialog back
 * to it. Retransmitted INVITEs count from the first. Milliseconds, one per call that rang.
 */
export function inviteToRinging(msgs: SipMessage[], caller: string): number[] {
  const sent = new Map<string, number>();
  const out: number[] = [];
  const done = new Set<string>();
  for (const m of msgs) {
    if (m.method === 'INVITE' && m.src === caller && !sent.has(m.callId)) sent.set(m.callId, m.t);
    if (m.status === 180 && m.dst === caller && m.cseqMethod === 'INVITE' && sent.has(m.callId) && !done.has(m.callId)) {
      done.add(m.callId);
      out.push((m.t - sent.get(m.callId)!) * 1000);
    }
  }
  return out;
}

/**
 * INVITE sent by the caller -> the INVITE the callee receives for that call (a new dialog: a
 * B2BUA sits between them), matched by the caller's number, which is unique per call.
 */
export function inviteToInvite(msgs: SipMessage[], caller: string, callee: string): number[] {
  const sent = new Map<string, number>();
  const done = new Set<string>();
  const out: number[] = [];
  for (const m of msgs) {
    if (m.method !== 'INVITE') continue;
    if (m.src === caller && !sent.has(m.fromUser)) sent.set(m.fromUser, m.t);
    else if (m.dst === callee && sent.has(m.fromUser) && !done.has(m.fromUser)) {
      done.add(m.fromUser);
      out.push((m.t - sent.get(m.fromUser)!) * 1000);
    }
  }
  return out;
}

export interface Percentiles { n: number; p50: number; p95: number; p99: number; max: number }

/** Nearest-rank percentiles; NaN for no samples. */
export function percentiles(samples: number[]): Percentiles {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN);
  return { n: s.length, p50: at(50), p95: at(95), p99: at(99), max: s.length ? s[s.length - 1] : NaN };
}
