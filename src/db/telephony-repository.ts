/** SIP accounts, trunks and groups as the Asterisk config generator and the call adapters need them. */
import type { RowDataPacket } from 'mysql2/promise';
import type { Pool } from './pool';
import type { TelephonyData } from '../domain';
import { loadBoardRows } from './board-repository';

export type { SipAccount, GroupConfig, FlowRow, TrunkConfig, TelephonyData } from '../domain';

const codecs = (s: string) => s.split(',').map((c) => c.trim()).filter(Boolean);

export async function loadTelephonyData(pool: Pool): Promise<TelephonyData> {
  const [[accounts], [trunks], [members], [groups], [flows], boards, [faxNumbers]] = await Promise.all([
    pool.query<RowDataPacket[]>(`SELECT extension, password, enabled, display_name, allowed_ip, dial_context, codecs, auto_ready,
      call_class, outbound_allowed, max_outbound_calls, webrtc, auto_answer, transport FROM sip_accounts ORDER BY extension`),
    pool.query<RowDataPacket[]>('SELECT name, technology, dahdi_group, host, port, transport, outbound_proxy, sip_domain, username, auth_user, password, register, registration_expiry, inbound_context, codecs, enabled, no_answer_timeout FROM trunks ORDER BY name'),
    pool.query<RowDataPacket[]>('SELECT group_name, extension, priority FROM group_members ORDER BY group_name, priority, extension'),
    pool.query<RowDataPacket[]>(`SELECT name, number, ring_timeout_sec, wrapup_sec, max_wait_sec, overflow_group, overflow_flow, announce_position,
      moh_class, record_calls, survey_flow, strategy FROM agent_groups ORDER BY name`),
    pool.query<RowDataPacket[]>('SELECT name, definition FROM flows ORDER BY name'),
    loadBoardRows(pool),
    pool.query<RowDataPacket[]>('SELECT number, enabled FROM fax_numbers ORDER BY number'),
  ]);
  return {
    accounts: accounts.map((a) => ({
      extension: a.extension, password: a.password, enabled: !!a.enabled, displayName: a.display_name,
      allowedIp: a.allowed_ip, dialContext: a.dial_context, codecs: codecs(a.codecs), autoReady: !!a.auto_ready,
      callClass: a.call_class, outboundAllowed: !!a.outbound_allowed, maxOutboundCalls: Number(a.max_outbound_calls), transport: a.transport,
      webrtc: !!a.webrtc, autoAnswer: !!a.auto_answer,
    })),
    trunks: trunks.map((t) => ({
      name: t.name, technology: t.technology, dahdiGroup: t.dahdi_group, host: t.host, port: t.port, username: t.username, password: t.password,
      transport: t.transport, outboundProxy: t.outbound_proxy, sipDomain: t.sip_domain, authUser: t.auth_user,
      register: !!t.register, registrationExpiry: t.registration_expiry, inboundContext: t.inbound_context,
      codecs: codecs(t.codecs), enabled: !!t.enabled, noAnswerTimeout: t.no_answer_timeout,
    })),
    groups: groups.map((g) => ({
      name: g.name, number: g.number, ringTimeoutSec: g.ring_timeout_sec, wrapupSec: g.wrapup_sec, maxWaitSec: g.max_wait_sec,
      overflowGroup: g.overflow_group, overflowFlow: g.overflow_flow, announcePosition: !!g.announce_position, mohClass: g.moh_class,
      recordCalls: !!g.record_calls, surveyFlow: g.survey_flow, strategy: g.strategy,
      members: members.filter((m) => m.group_name === g.name).map((m) => ({ extension: m.extension as string, priority: m.priority as number })),
    })),
    flows: flows.map((f) => ({ name: f.name, definition: f.definition })),
    boards,
    faxNumbers: faxNumbers.map((f) => ({ number: f.number as string, enabled: !!f.enabled })),
  };
}

export async function setAccountEnabled(pool: Pool, extension: string, enabled: boolean): Promise<boolean> {
  const [res] = await pool.execute('UPDATE sip_accounts SET enabled = ? WHERE extension = ?', [enabled ? 1 : 0, extension]);
  return (res as { affectedRows: number }).affectedRows === 1;
}
