/** Transfers (C3): where a call can be sent, and how a dialled target becomes an endpoint. */

export type TransferTarget =
  | { kind: 'extension'; extension: string }
  | { kind: 'group'; group: string }
  | { kind: 'number'; number: string };

export type TransferMode = 'blind' | 'attended';

export function targetLabel(t: TransferTarget): string {
  return t.kind === 'extension' ? t.extension : t.kind === 'group' ? `group ${t.group}` : t.number;
}

/** A number dialled on behalf of an agent, routed as if the agent's phone dialled it. */
export interface DialResolution {
  endpoint: string;
  /** Set when the number reaches a local phone. */
  extension: string | null;
  timeoutSec: number;
  /** The caller ID routing presents on that path (the trunk's number outside). */
  callerId: string;
  /** The trunk an outside number goes out on (the leg counts against its limits, R8); null for a phone. */
  trunk: string | null;
}

export type ResolveDial = (fromExtension: string, number: string) => DialResolution | { error: string };

export type ControlErrorCode = 'wrong-state' | 'unknown-target' | 'not-supported' | 'phone-unreachable';

/** A call-control request the call cannot carry out now (API: 409, or 404 for unknown targets). */
export class CallControlError extends Error {
  constructor(readonly code: ControlErrorCode, message: string) {
    super(message);
  }
}
