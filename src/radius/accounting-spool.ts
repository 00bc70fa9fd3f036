/**
 * Issue 16: RADIUS accounting records that survive a server outage. A record the server does not
 * acknowledge within timeout x retries is appended to a spool file (one JSON line each) and sent
 * again, in order, when the server answers, the way call records wait for MySQL (DurableWriter).
 * While older records wait, newer ones queue behind them: a Stop never overtakes its Start.
 * Acct-Session-Id (the call GUID) with Acct-Status-Type is the record's key: a record the server
 * stored but whose answer was lost arrives twice with the same key, which a server deduplicates
 * by (FreeRADIUS' Acct-Unique-Session-Id). Each send carries Acct-Delay-Time (RFC 2866 5.2): the
 * seconds since the record was made, so the server knows a replayed record's real time.
 * RADIUS has no negative answer (a server that cannot store a record stays silent), so the one
 * refusal for content that can be told apart from an outage is a record that cannot be encoded
 * (a value too long): it is set aside in `<spool>.rejected`, never retried.
 */
import type { Logger } from '../log/logger';
import { DurableWriter } from '../db/durable-writer';
import type { RadiusAttribute } from './accounting-attributes';

/** The record cannot be sent at all (RadiusAccountingClient could not encode it): retrying cannot help. */
export class RadiusRecordRefused extends Error {}

/** An attribute as one JSON value: Dates and the Digium attributes' raw bytes made text. */
type StoredAttribute = [string, string | number] | ['Date', string, string] | ['VSA', number, number, string];

export interface SpooledRecord {
  /** Acct-Session-Id and Acct-Status-Type: the record's key (log lines, the server's deduplication). */
  session: string;
  kind: string;
  /** When the record was made (ms): Acct-Delay-Time is counted from here. */
  at: number;
  attributes: StoredAttribute[];
}

export function storeAttributes(attrs: RadiusAttribute[]): StoredAttribute[] {
  return attrs.map((a): StoredAttribute => {
    if (a[0] === 'Vendor-Specific') {
      const [[id, bytes]] = a[2] as [[number, Buffer]];
      return ['VSA', a[1] as number, id, bytes.toString('base64')];
    }
    const v = a[1];
    return v instanceof Date ? ['Date', a[0], v.toISOString()] : [a[0], v as string | number];
  });
}

export function loadAttributes(stored: StoredAttribute[]): RadiusAttribute[] {
  return stored.map((s): RadiusAttribute => {
    if (s[0] === 'VSA') {
      const [, vendor, id, bytes] = s as ['VSA', number, number, string];
      return ['Vendor-Specific', vendor, [[id, Buffer.from(bytes, 'base64')]]];
    }
    if (s[0] === 'Date') {
      const [, name, iso] = s as ['Date', string, string];
      return [name, new Date(iso)];
    }
    return [s[0], s[1] as string | number];
  });
}

/** A record as it is sent now: its attributes and how long it has waited. Pure. */
export function attributesToSend(r: SpooledRecord, now: number): RadiusAttribute[] {
  return [...loadAttributes(r.attributes), ['Acct-Delay-Time', Math.max(0, Math.floor((now - r.at) / 1000))]];
}

export function spooledRecord(attrs: RadiusAttribute[], at: number): SpooledRecord {
  const value = (name: string) => String(attrs.find((a) => a[0] === name)?.[1] ?? '');
  return { session: value('Acct-Session-Id'), kind: value('Acct-Status-Type'), at, attributes: storeAttributes(attrs) };
}

export interface RadiusTransport {
  /** True once acknowledged; false when the server did not answer; throws RadiusRecordRefused when it cannot be sent. */
  send(attributes: RadiusAttribute[]): Promise<boolean>;
  close(): Promise<void>;
}

/** An AccountingSender that never loses a record: sent now, or spooled and sent when the server answers. */
export class DurableAccountingSender {
  private readonly writer: DurableWriter<SpooledRecord>;

  constructor(private readonly transport: RadiusTransport, spoolFile: string, log: Logger, retryMs = 5000) {
    this.writer = new DurableWriter<SpooledRecord>('RADIUS accounting record', spoolFile, async (r) => {
      if (!(await transport.send(attributesToSend(r, Date.now())))) throw new Error('no answer from the RADIUS server');
    }, log, retryMs, (r) => ({ guid: r.session, kind: r.kind }), null, 0,
    { name: 'the RADIUS server', isPermanent: (err) => err instanceof RadiusRecordRefused });
  }

  start(): void {
    this.writer.start();
  }

  /** Resolves once the record is acknowledged or on disk (true: it will not be lost). */
  async send(attributes: RadiusAttribute[]): Promise<boolean> {
    await this.writer.write(spooledRecord(attributes, Date.now()));
    return true;
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }

  async close(): Promise<void> {
    await this.writer.stop();
    await this.transport.close();
  }
}
