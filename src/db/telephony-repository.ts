/** SIP accounts, trunks and groups as the Asterisk config generator and the call adapters need them. */
import type { RowDataPacket } from 'mysql2/promise';
import type { Pool } from './pool';

export interface SipAccount {
  extension: string;
  password: string | null;
  enabled: boolean;
  displayName: string;
  allowedIp: string | null;
  dialContext: string;
  codecs: string[];
}

export interface TrunkConfig {
  name: string;
  technology: 'pjsip' | 'ooh323' | 'dahdi';
  host: string;
  port: number;
  username: string | null;
  password: string | null;
  register: boolean;
  registrationExpiry: number;
  inboundContext: string;
  codecs: string[];
  enabled: boolean;
  noAnswerTimeout: number;
}

export interface TelephonyData {
  accounts: SipAccount[];
  trunks: TrunkConfig[];
  groupMembers: Map<string, string[]>;
}

const codecs = (s: string) => s.split(',').map((c) => c.trim()).filter(Boolean);

export async function loadTelephonyData(pool: Pool): Promise<TelephonyData> {
  const [[accounts], [trunks], [members]] = await Promise.all([
    pool.query<RowDataPacket[]>('SELECT extension, password, enabled, display_name, allowed_ip, dial_context, codecs FROM sip_accounts ORDER BY extension'),
    pool.query<RowDataPacket[]>('SELECT name, technology, host, port, username, password, register, registration_expiry, inbound_context, codecs, enabled, no_answer_timeout FROM trunks ORDER BY name'),
    pool.query<RowDataPacket[]>('SELECT group_name, extension FROM group_members ORDER BY group_name, priority, extension'),
  ]);
  const groupMembers = new Map<string, string[]>();
  for (const m of members) groupMembers.set(m.group_name, [...(groupMembers.get(m.group_name) ?? []), m.extension]);
  return {
    accounts: accounts.map((a) => ({
      extension: a.extension, password: a.password, enabled: !!a.enabled, displayName: a.display_name,
      allowedIp: a.allowed_ip, dialContext: a.dial_context, codecs: codecs(a.codecs),
    })),
    trunks: trunks.map((t) => ({
      name: t.name, technology: t.technology, host: t.host, port: t.port, username: t.username, password: t.password,
      register: !!t.register, registrationExpiry: t.registration_expiry, inboundContext: t.inbound_context,
      codecs: codecs(t.codecs), enabled: !!t.enabled, noAnswerTimeout: t.no_answer_timeout,
    })),
    groupMembers,
  };
}

export async function setAccountEnabled(pool: Pool, extension: string, enabled: boolean): Promise<boolean> {
  const [res] = await pool.execute('UPDATE sip_accounts SET enabled = ? WHERE extension = ?', [enabled ? 1 : 0, extension]);
  return (res as { affectedRows: number }).affectedRows === 1;
}
