/**
 * S9: the attributes of the app's own per-call RADIUS accounting (RFC 2866). One session per
 * call: Acct-Session-Id is the call GUID; an Accounting-Start when someone answers, an
 * Accounting-Stop when the call ends. Besides the standard attributes, the Digium vendor
 * attributes that Asterisk's cdr_radius sends carry the same facts, so a billing setup written
 * for cdr_radius reads these records too. Pure: facts in, attribute lists for `radius.encode` out.
 */
import { DIGIUM_ATTRIBUTES } from '../asterisk/radius-config';

export const DIGIUM_VENDOR = 22736;

/** One attribute as the `radius` package encodes it: [name, value] or a Digium VSA with raw bytes. */
export type RadiusAttribute = [string, string | number | Date] | ['Vendor-Specific', number, [[number, Buffer]]];

export interface AnsweredCall {
  guid: string;
  caller: string;
  callee: string;
  answeredAt: Date;
}

export interface EndedCall extends AnsweredCall {
  startedAt: Date;
  endedAt: Date;
  /** Seconds from answer to the end (the call record's talkSec). */
  talkSec: number;
  hangupBy: 'caller' | 'agent' | 'callee' | 'system';
}

const digiumIds = new Map(DIGIUM_ATTRIBUTES.map(([name, id, type]) => [name, { id, type }]));

/** A Digium vendor attribute as raw bytes (the package has no Digium dictionary; radcli's ids). */
export function digium(name: string, value: string | number): RadiusAttribute {
  const a = digiumIds.get(name);
  if (!a) throw new Error(`unknown Digium attribute ${name}`);
  let bytes: Buffer;
  if (a.type === 'integer') {
    bytes = Buffer.alloc(4);
    bytes.writeUInt32BE(Math.max(0, Math.round(Number(value))));
  } else {
    bytes = Buffer.from(String(value), 'utf8');
  }
  return ['Vendor-Specific', DIGIUM_VENDOR, [[a.id, bytes]]];
}

/** cdr_radius' time format with usegmtime = yes: "2026-12-07 04:15:24 +0000". */
export function digiumTime(d: Date): string {
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} +0000`;
}

function common(c: AnsweredCall): RadiusAttribute[] {
  return [
    // User-Name, Acct-Session-Id and NAS-IP-Address (added by the client) are what a server keys
    // a session on (FreeRADIUS' Acct-Unique-Session-Id): the same in Start and Stop.
    ['User-Name', c.caller || 'anonymous'],
    ['Acct-Session-Id', c.guid],
    ['Calling-Station-Id', c.caller],
    ['Called-Station-Id', c.callee],
    digium('Asterisk-Src', c.caller),
    digium('Asterisk-Dst', c.callee),
    digium('Asterisk-User-Field', c.guid),
    digium('Asterisk-Answer-Time', digiumTime(c.answeredAt)),
  ];
}

/** Drops empty values (an unknown caller): RADIUS has no zero-length attributes. */
function compact(attrs: RadiusAttribute[]): RadiusAttribute[] {
  return attrs.filter((a) => (a[0] === 'Vendor-Specific' ? (a[2] as [[number, Buffer]])[0][1].length > 0 : a[1] !== ''));
}

export function startAttributes(c: AnsweredCall): RadiusAttribute[] {
  return compact([['Acct-Status-Type', 'Start'], ...common(c), ['Event-Timestamp', c.answeredAt]]);
}

export function stopAttributes(c: EndedCall): RadiusAttribute[] {
  const talk = Math.max(0, Math.round(c.talkSec));
  const duration = Math.max(talk, Math.round((c.endedAt.getTime() - c.startedAt.getTime()) / 1000));
  return compact([
    ['Acct-Status-Type', 'Stop'],
    ...common(c),
    ['Acct-Session-Time', talk],
    ['Acct-Terminate-Cause', c.hangupBy === 'system' ? 'NAS-Request' : 'User-Request'],
    ['Event-Timestamp', c.endedAt],
    digium('Asterisk-Start-Time', digiumTime(c.startedAt)),
    digium('Asterisk-End-Time', digiumTime(c.endedAt)),
    digium('Asterisk-Duration', duration),
    digium('Asterisk-Bill-Sec', talk),
    digium('Asterisk-Disposition', 'ANSWERED'),
  ]);
}
