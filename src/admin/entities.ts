/**
 * The configuration tables the admin API edits, described once (entity.ts). Input shapes follow
 * docs/CONFIG-TABLES.md: what MariaDB's CHECKs and the reload's validators accept; the reload
 * validators still run on the whole configuration before a write commits (admin-store.ts).
 */
import { z } from 'zod';
import { KNOWN_CODECS } from '../asterisk/codecs';
import type { EntityDef } from './entity';
import { hashPassword } from './api-accounts';
import { hashPin } from '../hotdesk/pin';
import { parseHostPort } from '../asterisk/sip-transport';

const lineSafe = (max: number) => z.string().max(max).regex(/^[^\r\n;[\]]*$/, 'no ; [ ] or line break');
const slug = z.string().regex(/^[a-z0-9_-]{1,32}$/, 'a-z, 0-9, _ or - (1-32)');
const digits = (max: number) => z.string().regex(new RegExp(`^[0-9]{1,${max}}$`), `digits (1-${max})`);
const context = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'a context: letters, digits, _ or - (1-32)');
const bool = z.boolean();
const int = (min: number, max: number) => z.number().int().min(min).max(max);
const codecs = z.string().max(128).refine((s) => {
  const list = s.split(',').map((c) => c.trim());
  return list.length > 0 && list.every((c) => (KNOWN_CODECS as readonly string[]).includes(c)) && new Set(list).size === list.length;
}, `a comma list of ${KNOWN_CODECS.join(', ')} without repeats`);
const callClass = z.enum(['internal', 'local', 'national', 'international']);
const pattern = z.string().regex(/^(_[0-9XZN*#+![\]\-.]{1,63}|[0-9*#+]{1,64})$/, 'a prefix of 0-9 * # +, or _ and an Asterisk pattern');
const ip = z.union([z.ipv4(), z.ipv6()]);
const sipTransport = z.enum(['udp', 'tcp']);
/** "host" or "host:port", checked by the function the PJSIP generator uses (sip-transport.ts). */
const hostPort = (field: string) => z.string().max(255).refine((v) => {
  try { parseHostPort(v, 'trunk', field); return true; } catch { return false; }
}, 'a host name or IPv4 address, optionally with :port (1-65535)');
const transform = {
  seq: int(0, 1000),
  op: z.enum(['delete', 'replace', 'insert']),
  start_pos: int(0, 64),
  length: int(0, 64).default(0),
  text: z.string().regex(/^[0-9*#+]{0,32}$/, "digits, '*', '#', '+' (0-32)").default(''),
};

export const ACCOUNTS: EntityDef = {
  name: 'accounts', label: 'account', table: 'sip_accounts', key: 'extension', config: true, orderBy: 'extension',
  columns: {
    extension: digits(32),
    password: lineSafe(64).min(8, 'at least 8 characters').nullable(),
    enabled: bool,
    display_name: lineSafe(64),
    allowed_ip: ip.nullable(),
    dial_context: context,
    codecs,
    auto_ready: bool,
    call_class: callClass,
    outbound_allowed: bool,
    max_outbound_calls: int(0, 10000),
    transport: sipTransport,
    webrtc: bool,
    auto_answer: bool,
  },
  required: ['extension'],
  secret: ['password'],
  search: ['extension', 'display_name'],
  filters: ['enabled', 'dial_context', 'call_class', 'transport', 'webrtc'],
  usedBy: [
    { refs: ['group_members.extension'], sql: "SELECT CONCAT('member of group ', group_name) AS what FROM group_members WHERE extension = ?", params: (k) => [k] },
    { sql: "SELECT CONCAT('dial rule ', id, ' (', context, ' ', pattern, ')') AS what FROM dial_rules WHERE route_type = 'extension' AND target = ?", params: (k) => [k] },
  ],
  owned: ['agent_status.extension', 'account_features.extension', 'agent_seats.extension'],
};

export const GROUPS: EntityDef = {
  name: 'groups', label: 'group', table: 'agent_groups', key: 'name', config: true, orderBy: 'name',
  columns: {
    name: slug,
    display_name: z.string().max(64),
    number: digits(16).nullable(),
    strategy: z.enum(['acd', 'ring-all']),
    ring_timeout_sec: int(3, 600),
    wrapup_sec: int(0, 3600),
    max_wait_sec: int(0, 86400),
    overflow_group: slug.nullable(),
    overflow_flow: z.string().min(1).max(32).nullable(),
    announce_position: bool,
    moh_class: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a music-on-hold class name'),
    record_calls: bool,
    survey_flow: z.string().min(1).max(32).nullable(),
    callback_key: z.string().regex(/^[0-9*#]$/, 'one key: 0-9, * or #').nullable(),
    callback_dial_prefix: z.string().regex(/^[0-9*#]{0,8}$/, '0-9, * or # (0-8)'),
    callback_retries: int(0, 10),
    callback_retry_sec: int(5, 86400),
  },
  required: ['name'],
  children: [{ field: 'members', table: 'group_members', parentColumn: 'group_name', orderBy: 'priority, extension', columns: { extension: digits(32), priority: int(-1000, 1000).default(1) } }],
  search: ['name', 'display_name'],
  filters: [],
  usedBy: [
    { sql: "SELECT CONCAT('member ', extension) AS what FROM group_members WHERE group_name = ?", params: (k) => [k] },
    { sql: "SELECT CONCAT('dial rule ', id, ' (', context, ' ', pattern, ')') AS what FROM dial_rules WHERE route_type = 'group' AND target = ?", params: (k) => [k] },
    { sql: "SELECT CONCAT('overflow of group ', name) AS what FROM agent_groups WHERE overflow_group = ? AND name <> ?", params: (k) => [k, k] },
    { refs: ['campaigns.group_name'], sql: "SELECT CONCAT('campaign ', name, ' (', state, ')') AS what FROM campaigns WHERE group_name = ?", params: (k) => [k] },
    { refs: ['agent_id_groups.group_name'], sql: "SELECT CONCAT('group of agent ID ', agent_id) AS what FROM agent_id_groups WHERE group_name = ?", params: (k) => [k] },
  ],
};

export const TRUNKS: EntityDef = {
  name: 'trunks', label: 'trunk', table: 'trunks', key: 'name', config: true, orderBy: 'name',
  columns: {
    name: slug,
    technology: z.enum(['pjsip', 'ooh323', 'dahdi']),
    dahdi_group: int(1, 63).nullable(),
    host: z.string().regex(/^[A-Za-z0-9.:_-]{1,255}$/, 'an IP address or host name'),
    port: int(1, 65535),
    transport: sipTransport,
    outbound_proxy: hostPort('outbound proxy').nullable(),
    sip_domain: hostPort('SIP domain').nullable(),
    username: lineSafe(64).nullable(),
    auth_user: lineSafe(64).nullable(),
    password: lineSafe(64).nullable(),
    register: bool,
    registration_expiry: int(60, 86400),
    inbound_context: context,
    caller_id_mode: z.enum(['trunk', 'passthrough']),
    caller_id_number: z.string().regex(/^\+?[0-9]{0,32}$/, 'digits, optionally after +').nullable(),
    max_channels: int(0, 100000),
    no_answer_timeout: int(0, 3600),
    codecs,
    enabled: bool,
  },
  required: ['name', 'host', 'inbound_context'],
  secret: ['password'],
  search: ['name', 'host'],
  filters: ['technology', 'transport', 'enabled'],
  usedBy: [
    { refs: ['trunk_group_members.trunk_name'], sql: "SELECT CONCAT('member of trunk group ', group_name) AS what FROM trunk_group_members WHERE trunk_name = ?", params: (k) => [k] },
    { sql: "SELECT CONCAT('dial rule ', id, ' (', context, ' ', pattern, ')') AS what FROM dial_rules WHERE route_type IN ('trunk', 'site_trunk') AND target = ?", params: (k) => [k] },
    { refs: ['dahdi_spans.trunk_name'], sql: "SELECT CONCAT('DAHDI span ', span) AS what FROM dahdi_spans WHERE trunk_name = ?", params: (k) => [k] },
    { refs: ['dahdi_ports.trunk_name'], sql: "SELECT CONCAT('DAHDI port ', channel, ' (', kind, ')') AS what FROM dahdi_ports WHERE trunk_name = ?", params: (k) => [k] },
  ],
};

export const TRUNK_GROUPS: EntityDef = {
  name: 'trunk-groups', label: 'trunk group', table: 'trunk_groups', key: 'name', config: true, orderBy: 'name',
  columns: { name: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'letters, digits, _ or - (1-32)'), strategy: z.enum(['round_robin', 'first_free']) },
  required: ['name'],
  children: [{ field: 'trunks', table: 'trunk_group_members', parentColumn: 'group_name', orderBy: 'position, trunk_name', columns: { trunk_name: slug, position: int(0, 1000).default(1) } }],
  search: ['name'],
  filters: [],
  usedBy: [
    { sql: "SELECT CONCAT('dial rule ', id, ' (', context, ' ', pattern, ')') AS what FROM dial_rules WHERE route_type = 'trunk_group' AND target = ?", params: (k) => [k] },
    { refs: ['normalization_rules.trunk_group'], sql: "SELECT CONCAT('normalization rule ', id, ' (', pattern, ')') AS what FROM normalization_rules WHERE trunk_group = ?", params: (k) => [k] },
  ],
};

export const DIAL_RULES: EntityDef = {
  name: 'dial-rules', label: 'dial rule', table: 'dial_rules', key: 'id', autoKey: true, config: true, orderBy: 'context, id',
  columns: {
    context,
    pattern,
    route_type: z.enum(['extension', 'group', 'flow', 'trunk', 'trunk_group', 'site_trunk', 'reject']),
    target: z.string().regex(/^[A-Za-z0-9_+*#-]{0,64}$/, 'a name or number (0-64)'),
    reanalyze: bool,
    reanalyze_context: context.nullable(),
    enabled: bool,
    description: z.string().max(255),
    call_class: callClass.nullable(),
  },
  required: ['context', 'pattern', 'route_type'],
  children: [{ field: 'transforms', table: 'number_transforms', parentColumn: 'dial_rule_id', orderBy: 'seq, id', columns: transform }],
  search: ['pattern', 'target', 'description'],
  filters: ['context', 'route_type', 'enabled'],
  usedBy: [{ refs: ['business_hours_routes.dial_rule_id'], sql: "SELECT CONCAT('business hours route (schedule ', schedule, ')') AS what FROM business_hours_routes WHERE dial_rule_id = ?", params: (k) => [k] }],
};

export const NORMALIZATION_RULES: EntityDef = {
  name: 'normalization-rules', label: 'normalization rule', table: 'normalization_rules', key: 'id', autoKey: true, config: true, orderBy: 'trunk_group, id',
  columns: { trunk_group: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'a trunk group name'), pattern },
  required: ['trunk_group', 'pattern'],
  children: [{ field: 'transforms', table: 'number_transforms', parentColumn: 'normalization_rule_id', orderBy: 'seq, id', columns: transform }],
  search: ['pattern'],
  filters: ['trunk_group'],
};

export const CUSTOMERS: EntityDef = {
  name: 'customers', label: 'customer', table: 'customers', key: 'id', autoKey: true, config: false, orderBy: 'id',
  columns: {
    phone: z.string().regex(/^\+?[0-9]{1,32}$/, 'digits, optionally after + (1-32)'),
    name: z.string().min(1).max(100),
    company: z.string().max(200).nullable(),
    address: z.string().max(300).nullable(),
    contact: z.string().max(100).nullable(),
    notes: z.string().max(10000).nullable(),
  },
  required: ['phone', 'name'],
  search: ['phone', 'name', 'company'],
  filters: ['phone'],
};

export const WHITELIST: EntityDef = {
  name: 'whitelist', label: 'whitelist entry', table: 'whitelist', key: 'id', autoKey: true, config: true, orderBy: 'id',
  columns: { pattern: pattern.refine((p) => p.length <= 40, 'at most 40 characters'), description: z.string().max(200).nullable() },
  required: ['pattern'],
  search: ['pattern', 'description'],
  filters: [],
};

export const FAX_NUMBERS: EntityDef = {
  name: 'fax-numbers', label: 'fax number', table: 'fax_numbers', key: 'number', config: true, orderBy: 'number',
  columns: { number: z.string().regex(/^\+?[0-9]{1,32}$/, 'digits, optionally after +'), description: z.string().max(255), enabled: bool },
  required: ['number'],
  search: ['number', 'description'],
  filters: ['enabled'],
};


export const TIMERS: EntityDef = {
  name: 'timers', label: 'timer', table: 'timers', key: 'id', config: false, orderBy: 'id', fixedRows: true,
  columns: {
    id: int(1, 9),
    enabled: bool,
    period_ms: int(101, 2 ** 31 - 1),
    action: z.enum(['event', 'job']),
    job: z.enum(['daily-report', 'retention', 'business-hours']).nullable(),
    description: z.string().max(255),
  },
  required: ['id'],
  search: ['description'],
  filters: [],
};

/** Flows are edited through their own routes (versions, publish, roll back: flow-versions.ts). */
export const FLOWS: EntityDef = {
  name: 'flows', label: 'flow', table: 'flows', key: 'name', config: true, orderBy: 'name',
  columns: { name: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'letters, digits, _ or - (1-32)'), description: z.string().max(255), definition: z.record(z.string(), z.unknown()) },
  required: ['name', 'definition'],
  search: ['name', 'description'],
  filters: [],
  usedBy: [
    { sql: "SELECT CONCAT('dial rule ', id, ' (', context, ' ', pattern, ')') AS what FROM dial_rules WHERE route_type = 'flow' AND target = ?", params: (k) => [k] },
    { sql: "SELECT CONCAT('group ', name, CASE WHEN overflow_flow = ? THEN ' (overflow)' ELSE ' (survey)' END) AS what FROM agent_groups WHERE overflow_flow = ? OR survey_flow = ?", params: (k) => [k, k, k] },
    { refs: ['business_hours_routes.open_flow', 'business_hours_routes.closed_flow', 'business_hours_routes.holiday_flow'], sql: "SELECT CONCAT('business hours route of dial rule ', dial_rule_id) AS what FROM business_hours_routes WHERE ? IN (open_flow, closed_flow, holiday_flow)", params: (k) => [k] },
  ],
};

const apiRole = z.enum(['crm', 'supervisor', 'admin']);

/** API users besides the config file's (migration 049): the password is stored as a scrypt hash. */
export const API_USERS: EntityDef = {
  name: 'api-users', label: 'API user', table: 'api_users', key: 'name', config: false, orderBy: 'name',
  columns: { name: z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, 'a letter, then letters, digits, _ . - (1-64)'), password: z.string().min(12, 'at least 12 characters').max(200), role: apiRole, enabled: bool },
  required: ['name', 'password'],
  secret: ['password_hash'],
  stored: ['password_hash'],
  toRow: (body) => {
    const { password, ...rest } = body;
    return password === undefined ? rest : { ...rest, password_hash: hashPassword(String(password)) };
  },
  search: ['name'],
  filters: ['role', 'enabled'],
};

/** API tokens (migration 049): made by POST /api/v1/admin/api-tokens, shown once, kept as their SHA-256. */
export const API_TOKENS: EntityDef = {
  name: 'api-tokens', label: 'API token', table: 'api_tokens', key: 'id', autoKey: true, config: false, orderBy: 'id', customCreate: true,
  columns: { name: z.string().regex(/^[A-Za-z0-9_. -]{1,64}$/, 'letters, digits, space, _ . - (1-64)'), role: apiRole, enabled: bool },
  required: ['name'],
  secret: ['token_sha256'],
  search: ['name'],
  filters: ['role', 'enabled'],
};

const schedule = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'a schedule name: letters, digits, _ or - (1-32)');
const clock = z.string().regex(/^(([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?|24:00(:00)?)$/, 'a time HH:MM or HH:MM:SS (00:00 to 24:00)');

/** Opening periods of named weekly schedules (read each minute by the business-hours job, docs/JOBS.md). */
export const BUSINESS_HOURS: EntityDef = {
  name: 'business-hours', label: 'business hours period', table: 'business_hours', key: 'id', autoKey: true, config: false, orderBy: 'schedule, weekday, opens',
  columns: { schedule, weekday: int(1, 7), opens: clock, closes: clock },
  required: ['weekday', 'opens', 'closes'],
  search: ['schedule'],
  filters: ['schedule', 'weekday'],
};

export const HOLIDAYS: EntityDef = {
  name: 'holidays', label: 'holiday', table: 'holidays', key: 'id', autoKey: true, config: false, orderBy: 'schedule, day',
  columns: { schedule, day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD'), name: z.string().max(64) },
  required: ['day'],
  search: ['name', 'schedule'],
  filters: ['schedule'],
};

/** Which DID rule follows which schedule, and the flow for open, closed and holiday. */
export const BUSINESS_HOURS_ROUTES: EntityDef = {
  name: 'business-hours-routes', label: 'business hours route', table: 'business_hours_routes', key: 'dial_rule_id', numericKey: true, config: false, orderBy: 'dial_rule_id',
  columns: { dial_rule_id: int(1, 2 ** 31 - 1), schedule, open_flow: z.string().min(1).max(32), closed_flow: z.string().min(1).max(32), holiday_flow: z.string().min(1).max(32).nullable() },
  required: ['dial_rule_id', 'open_flow', 'closed_flow'],
  search: ['schedule', 'open_flow', 'closed_flow'],
  filters: ['schedule'],
};

/**
 * Hot-desking agent IDs (工号, migration 051): name, PIN (stored as a scrypt hash, never sent
 * back), enabled, and their groups. A change reloads the configuration (triggers), so a seated
 * agent's groups apply at once and a disabled agent ID is logged out. Its seat goes with it.
 */
export const AGENT_IDS: EntityDef = {
  name: 'agent-ids', label: 'agent ID', table: 'agent_ids', key: 'agent_id', config: false, orderBy: 'agent_id',
  columns: { agent_id: z.string().regex(/^[0-9]{2,16}$/, 'an agent ID: 2-16 digits'), name: lineSafe(64), pin: z.string().regex(/^[0-9]{4,12}$/, 'a PIN: 4-12 digits'), enabled: bool },
  required: ['agent_id', 'pin'],
  secret: ['pin_hash'],
  stored: ['pin_hash'],
  toRow: (body) => {
    const { pin, ...rest } = body;
    return pin === undefined ? rest : { ...rest, pin_hash: hashPin(String(pin)) };
  },
  children: [{ field: 'groups', table: 'agent_id_groups', parentColumn: 'agent_id', columns: { group_name: slug, priority: int(1, 1000) }, orderBy: 'priority, group_name' }],
  search: ['agent_id', 'name'],
  filters: ['enabled'],
  owned: ['agent_seats.agent_id'],
};

/** Every entity served by the generic routes (flows have their own). */
export const ENTITIES: readonly EntityDef[] = [ACCOUNTS, GROUPS, TRUNKS, TRUNK_GROUPS, DIAL_RULES, NORMALIZATION_RULES, WHITELIST, CUSTOMERS, FAX_NUMBERS, TIMERS, BUSINESS_HOURS, HOLIDAYS, BUSINESS_HOURS_ROUTES, API_USERS, API_TOKENS, AGENT_IDS];
