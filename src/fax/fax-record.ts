/**
 * C8: a fax record from the `UserEvent(CallcenterFax, ...)` the fax dialplan raises when a
 * fax channel hangs up (asterisk-etc/extensions.conf, [callcenter-fax-done]). Pure parsing.
 */
import { randomUUID } from 'node:crypto';

export interface FaxRecord {
  guid: string;
  direction: 'in' | 'out';
  caller: string;
  callee: string;
  agent: string | null;
  file: string;
  /** ISO times: the record is spooled to disk as JSON while MySQL is away. */
  startedAt: string;
  endedAt: string;
  result: 'success' | 'failed';
  status: string;
  error: string;
  pages: number;
  remoteStation: string;
}

export const FAX_USER_EVENT = 'CallcenterFax';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** AMI event fields arrive lower-cased by asterisk-manager. Returns null for other events. */
export function faxRecordFromEvent(e: Record<string, string>, now: Date, newGuid: () => string = randomUUID): FaxRecord | null {
  if ((e.event ?? '').toLowerCase() !== 'userevent' || (e.userevent ?? '').toLowerCase() !== FAX_USER_EVENT.toLowerCase()) return null;
  const direction = e.direction === 'out' ? 'out' : e.direction === 'in' ? 'in' : null;
  if (!direction) return null;
  const start = Number(e.start);
  const status = (e.status ?? '').toUpperCase();
  return {
    // Outbound faxes carry the GUID the API answered; an inbound fax gets its GUID here.
    guid: GUID.test(e.guid ?? '') ? e.guid : newGuid(),
    direction,
    caller: e.caller ?? '',
    callee: e.callee ?? '',
    agent: e.agent ? e.agent : null,
    file: e.file ?? '',
    startedAt: (Number.isFinite(start) && start > 0 ? new Date(start * 1000) : now).toISOString(),
    endedAt: now.toISOString(),
    // FAXSTATUS is empty when the call ended before the fax session started.
    result: status === 'SUCCESS' ? 'success' : 'failed',
    status: status || 'NOT STARTED',
    error: e.error ?? '',
    pages: Number.parseInt(e.pages ?? '', 10) || 0,
    remoteStation: e.remote ?? '',
  };
}
