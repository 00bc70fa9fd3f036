/**
 * S9: one RADIUS accounting session per call, keyed by the call GUID. The Start goes out when
 * the call is answered (CTI event call.answered, once per GUID even if a transfer answers
 * again); the Stop when the call's record is written (caller, callee, answer/end times, talk
 * seconds), for every answered call, also one the app took over after a restart (O3).
 * Unanswered calls open no session. Sending never waits on the call path; a record the server
 * does not acknowledge waits in a spool file until it does (accounting-spool.ts). The FastAGI
 * fallback sends the same records for the calls it routes (src/agi/fallback-call.ts).
 */
import type { CtiEvent } from '../events/cti-events';
import type { CallRecord } from '../db/call-record-repository';
import type { Logger } from '../log/logger';
import { startAttributes, stopAttributes, type AnsweredCall, type RadiusAttribute } from './accounting-attributes';
import { RadiusAccountingClient, type AccountingServer } from './accounting-client';
import { DurableAccountingSender } from './accounting-spool';

export interface AccountingSender {
  send(attributes: RadiusAttribute[]): Promise<boolean>;
  close(): Promise<void>;
}

/** Calls with a Start sent and no Stop yet; bounded so that a lost record cannot grow it forever. */
const MAX_OPEN = 10000;

export class CallAccounting {
  private readonly open = new Set<string>();

  constructor(private readonly sender: AccountingSender, private readonly log: Logger) {}

  onEvent(e: CtiEvent): void {
    if (e.type === 'call.answered') this.answered({ guid: e.guid, caller: e.caller, callee: e.callee, answeredAt: new Date(e.at) });
  }

  /** The Start of a call's session, once per GUID (the FastAGI fallback calls this itself). */
  answered(c: AnsweredCall): void {
    if (this.open.has(c.guid)) return;
    this.open.add(c.guid);
    if (this.open.size > MAX_OPEN) this.open.delete(this.open.values().next().value as string);
    this.deliver('Start', c.guid, startAttributes(c));
  }

  onRecord(r: CallRecord): void {
    this.open.delete(r.guid);
    if (!r.answeredAt) return;
    this.deliver('Stop', r.guid, stopAttributes({
      guid: r.guid, caller: r.caller, callee: r.callee, answeredAt: new Date(r.answeredAt),
      startedAt: new Date(r.startedAt), endedAt: new Date(r.endedAt), talkSec: r.talkSec, hangupBy: r.hangupBy,
    }));
  }

  close(): Promise<void> {
    return this.sender.close();
  }

  private deliver(kind: 'Start' | 'Stop', guid: string, attributes: RadiusAttribute[]): void {
    this.sender.send(attributes).then(
      (ok) => { if (!ok) this.log.warn({ guid, kind }, 'RADIUS accounting record not acknowledged by the server'); },
      (err) => this.log.warn({ guid, kind, err: (err as Error).message }, 'RADIUS accounting record not sent'),
    );
  }
}

export interface AccountingSources {
  subscribe(listener: (e: CtiEvent) => void): () => void;
}

export interface RecordSource {
  onWrite(listener: (r: CallRecord) => void): () => void;
}

/** Accounting whose records wait in `spoolFile` while the server does not answer (issue 16). */
export function durableCallAccounting(server: AccountingServer, spoolFile: string, log: Logger): CallAccounting {
  const sender = new DurableAccountingSender(new RadiusAccountingClient(server, log), spoolFile, log);
  sender.start();
  return new CallAccounting(sender, log);
}

/** Attaches per-call accounting to the app's event bus and record writer; the result stops it. */
export function startCallAccounting(server: AccountingServer, spoolFile: string, bus: AccountingSources, records: RecordSource, log: Logger): { stop(): Promise<void> } {
  const accounting = durableCallAccounting(server, spoolFile, log);
  const offEvents = bus.subscribe((e) => accounting.onEvent(e));
  const offRecords = records.onWrite((r) => accounting.onRecord(r));
  log.info({ server: server.server, port: server.acctPort }, 'RADIUS accounting of calls on');
  return {
    async stop() {
      offEvents();
      offRecords();
      await accounting.close();
    },
  };
}
