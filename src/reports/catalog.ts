/**
 * The reports (D4): each is a readable SQL file in sql/reports/ that a DBA can run by hand
 * after setting the user variables its header lists. Pure: names, filters, parameter rules.
 */

export type ReportFilter = 'group' | 'agent' | 'trunk';
export type ReportInterval = '15m' | 'hour' | 'day' | 'all';

export interface ReportDefinition {
  name: string;
  title: string;
  /** The filters this report understands; any other filter is a 400. */
  filters: readonly ReportFilter[];
  /** Takes the service-level threshold (slSec). */
  serviceLevel: boolean;
}

export const REPORTS: readonly ReportDefinition[] = [
  { name: 'queue-summary', title: 'Queues: offered, answered, abandoned, service level, ASA, wait, AHT, transfers', filters: ['group'], serviceLevel: true },
  { name: 'agent-activity', title: 'Agents: login, ready, talk and wrap-up time, occupancy, calls, AHT', filters: ['agent'], serviceLevel: false },
  { name: 'trunk-usage', title: 'Trunks: calls, answered, failures, minutes', filters: ['trunk'], serviceLevel: false },
  { name: 'survey-scores', title: 'Survey: answers, average and distribution of scores', filters: ['group', 'agent'], serviceLevel: false },
  { name: 'ivr-only', title: 'IVR-only calls (status 7) per flow and trunk', filters: ['trunk'], serviceLevel: false },
  { name: 'dispositions', title: 'Wrap-up dispositions per group, agent and code (the /agent page), with average talk time', filters: ['group', 'agent'], serviceLevel: false },
  { name: 'queue-log', title: 'queue_log events per queue (app_queue view, cross-check)', filters: ['group'], serviceLevel: false },
  { name: 'agent-ids', title: 'Agent IDs (hot-desking): logins, logged-in time and calls per agent ID and phone', filters: ['agent'], serviceLevel: false },
];

export const INTERVAL_SEC: Record<ReportInterval, number> = { '15m': 900, hour: 3600, day: 86400, all: 0 };

export function reportByName(name: string): ReportDefinition | undefined {
  return REPORTS.find((r) => r.name === name);
}

export interface ReportRequest {
  from: string;
  to: string;
  interval: ReportInterval;
  group?: string;
  agent?: string;
  trunk?: string;
  slSec: number;
}

/** The SQL user variables of a request, in the names the files use. */
export interface ReportVariables {
  from: string;
  to: string;
  interval_sec: number;
  group_name: string | null;
  agent: string | null;
  trunk: string | null;
  sl_sec: number;
}

export interface ReportLimits {
  /** Longest range in days. */
  maxRangeDays: number;
  /** Most intervals in one answer (e.g. 15-minute intervals over months). */
  maxIntervals: number;
}

/** 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM[:SS]' (or with T) -> 'YYYY-MM-DD HH:MM:SS', or null if not a real date. */
export function normalizeTime(text: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!m) return null;
  const [y, mo, d, h = '00', mi = '00', s = '00'] = m.slice(1);
  const date = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s));
  if (date.getUTCFullYear() !== +y || date.getUTCMonth() !== +mo - 1 || date.getUTCDate() !== +d || +h > 23 || +mi > 59 || +s > 59) return null;
  return `${y}-${mo}-${d} ${h}:${mi}:${s}`;
}

/** Checks a request against a report; returns the problems (empty when it may run). */
export function requestProblems(def: ReportDefinition, r: ReportRequest, limits: ReportLimits): string[] {
  const problems: string[] = [];
  for (const f of ['group', 'agent', 'trunk'] as const) {
    if (r[f] !== undefined && !def.filters.includes(f)) problems.push(`${f}: report ${def.name} cannot be filtered by ${f} (it takes ${def.filters.join(', ')})`);
  }
  const from = normalizeTime(r.from);
  const to = normalizeTime(r.to);
  if (!from) problems.push('from: not a real date or time');
  if (!to) problems.push('to: not a real date or time');
  if (from && to) {
    const ms = Date.parse(`${to.replace(' ', 'T')}Z`) - Date.parse(`${from.replace(' ', 'T')}Z`);
    if (ms <= 0) problems.push('to: must be after from');
    else if (ms > limits.maxRangeDays * 86400000) problems.push(`to: the range may be at most ${limits.maxRangeDays} days`);
    else if (r.interval !== 'all' && ms / 1000 / INTERVAL_SEC[r.interval] > limits.maxIntervals) {
      problems.push(`interval: ${r.interval} over this range gives more than ${limits.maxIntervals} intervals; choose a longer interval or a shorter range`);
    }
  }
  return problems;
}

export function reportVariables(r: ReportRequest): ReportVariables {
  return {
    from: normalizeTime(r.from) ?? r.from,
    to: normalizeTime(r.to) ?? r.to,
    interval_sec: INTERVAL_SEC[r.interval],
    group_name: r.group ?? null,
    agent: r.agent ?? null,
    trunk: r.trunk ?? null,
    sl_sec: r.slSec,
  };
}
