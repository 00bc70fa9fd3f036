/**
 * Issue 19, the call search (GET /api/v1/call-records, the reports page): which call records a
 * request may see and how a record shows its recordings. Pure: filters in, SQL text and
 * parameters out (the repository runs them); rows in, records with play/download links out.
 * An agent sees only calls it talked on (call_records.agent), as it may play only their
 * recordings (src/api/media-routes.ts); supervisors, admins and CRM programs see every call.
 */
export interface CallSearch {
  /** One call. */
  guid?: string;
  caller?: string;
  callee?: string;
  agent?: string;
  group?: string;
  status?: number;
  direction?: 'inbound' | 'outbound' | 'internal';
  /** Only calls with a recording (of the call or a voicemail) that is still there. */
  recorded?: boolean;
  /** started_at >= from, started_at < to ('YYYY-MM-DD[ HH:MM[:SS]]'). */
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

/** Who asks: an agent principal's extension restricts the search to its calls. */
export interface Viewer { role: string; agent: string | null }

export const RECORD_COLUMNS = ['guid', 'direction', 'caller', 'callee', 'flow', 'group_name', 'agent', 'trunk', 'status', 'started_at', 'answered_at', 'ended_at',
  'wait_sec', 'talk_sec', 'hangup_by', 'end_reason', 'survey_score'] as const;

/** Recordings still on disk (the retention job marks a row before it deletes the file). */
const LIVE_RECORDING = "EXISTS (SELECT 1 FROM recordings r WHERE r.call_guid = c.guid AND r.purge_started_at IS NULL)";

/**
 * The page of records as one query: newest first, one row more than the page to tell whether
 * there is a next one (no COUNT over millions of rows). Every filter uses an index of
 * call_records (started_at, caller, callee, agent, group_name).
 */
export function callSearchQuery(q: CallSearch, viewer: Viewer): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, v: unknown) => { if (v !== undefined && v !== null && v !== '') { where.push(sql); params.push(v); } };
  if (viewer.role === 'agent') add('c.agent = ?', viewer.agent ?? '-');
  add('c.guid = ?', q.guid);
  add('c.caller = ?', q.caller);
  add('c.callee = ?', q.callee);
  add('c.agent = ?', q.agent);
  add('c.group_name = ?', q.group);
  add('c.status = ?', q.status);
  add('c.direction = ?', q.direction);
  add('c.started_at >= ?', q.from?.replace('T', ' '));
  add('c.started_at < ?', q.to?.replace('T', ' '));
  if (q.recorded) where.push(LIVE_RECORDING);
  const cols = RECORD_COLUMNS.map((c) => `c.${c}`).join(', ');
  const kinds = "(SELECT GROUP_CONCAT(r.kind ORDER BY r.kind) FROM recordings r WHERE r.call_guid = c.guid AND r.purge_started_at IS NULL) AS recording_kinds";
  const sql = `SELECT ${cols}, ${kinds} FROM call_records c${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY c.started_at DESC, c.guid LIMIT ? OFFSET ?`;
  return { sql, params: [...params, q.limit + 1, q.offset] };
}

export interface RecordingLink { kind: 'call' | 'voicemail'; play: string; download: string }

/** Where to play (inline, HTTP Range) and download a call's recording of a kind. */
export function recordingLink(guid: string, kind: 'call' | 'voicemail'): RecordingLink {
  const play = `/api/v1/recordings/${guid}/audio?kind=${kind}`;
  return { kind, play, download: `${play}&download=1` };
}

/** A row as the API shows it: numbers as numbers, `group` for group_name, its recordings as links. */
export function presentRecord(row: Record<string, unknown>): Record<string, unknown> {
  const { group_name: group, recording_kinds: kinds, ...rest } = row;
  const out: Record<string, unknown> = { ...rest, group: group ?? null };
  for (const k of ['wait_sec', 'talk_sec', 'status', 'survey_score']) if (out[k] !== null && out[k] !== undefined) out[k] = Number(out[k]);
  const list = typeof kinds === 'string' && kinds ? kinds.split(',') : [];
  out.recordings = list.filter((k): k is 'call' | 'voicemail' => k === 'call' || k === 'voicemail').map((k) => recordingLink(String(row.guid), k));
  return out;
}

/** The page: `limit` records and whether more follow (the query asked for one more). */
export function searchPage(rows: Record<string, unknown>[], q: CallSearch): { items: Record<string, unknown>[]; limit: number; offset: number; more: boolean } {
  return { items: rows.slice(0, q.limit).map(presentRecord), limit: q.limit, offset: q.offset, more: rows.length > q.limit };
}
