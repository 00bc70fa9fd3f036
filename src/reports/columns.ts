/**
 * What each report's columns mean to a reader: a heading and a unit for the reports page (and
 * any other client: GET /api/v1/reports lists them). The API, the CSV and the SQL keep the
 * snake_case names; docs/REPORTS.md defines each column. Pure data; a database test checks
 * that every SQL file answers exactly these columns, in this order.
 */

/**
 * How a value reads: 's' seconds (averages, kept as numbers), 'duration' a total time in
 * seconds that the page shows as h:mm:ss, '%', 'min' minutes, 'time' an interval start,
 * 'count' a number of calls or events, 'text' a name.
 */
export type ColumnUnit = 's' | 'duration' | '%' | 'min' | 'time' | 'count' | 'score' | 'text';

export interface ColumnDefinition {
  name: string;
  heading: string;
  unit: ColumnUnit;
}

const c = (name: string, heading: string, unit: ColumnUnit): ColumnDefinition => ({ name, heading, unit });
const start = c('interval_start', 'Interval', 'time');

export const REPORT_COLUMNS: Readonly<Record<string, readonly ColumnDefinition[]>> = {
  'queue-summary': [
    start, c('group_name', 'Group', 'text'),
    c('offered', 'Offered', 'count'), c('answered', 'Answered', 'count'), c('abandoned', 'Abandoned', 'count'), c('unanswered_other', 'Other unanswered', 'count'),
    c('avg_abandon_sec', 'Avg abandon wait', 's'), c('max_abandon_sec', 'Max abandon wait', 's'),
    c('answered_within_sl', 'Answered within SL', 'count'), c('service_level_pct', 'Service level', '%'),
    c('asa_sec', 'ASA', 's'), c('avg_wait_sec', 'Avg wait', 's'), c('max_wait_sec', 'Max wait', 's'),
    c('avg_talk_sec', 'Avg talk', 's'), c('avg_wrapup_sec', 'Avg wrap-up', 's'), c('aht_sec', 'AHT', 's'),
    c('transferred', 'Transferred', 'count'),
    c('callbacks_offered', 'Callbacks offered', 'count'), c('callbacks_accepted', 'Callbacks accepted', 'count'), c('callbacks_connected', 'Callbacks connected', 'count'),
  ],
  'agent-activity': [
    start, c('agent', 'Agent', 'text'),
    c('login_sec', 'Logged in', 'duration'), c('ready_sec', 'Ready', 'duration'), c('not_ready_sec', 'Not ready', 'duration'),
    c('ringing_sec', 'Ringing', 'duration'), c('on_call_sec', 'On call', 'duration'), c('wrapup_sec', 'Wrap-up', 'duration'),
    c('occupancy_pct', 'Occupancy', '%'),
    c('inbound_answered', 'Inbound answered', 'count'), c('outbound_calls', 'Outbound calls', 'count'), c('internal_answered', 'Internal answered', 'count'),
    c('calls_handled', 'Calls handled', 'count'), c('transferred', 'Transferred', 'count'), c('aht_sec', 'AHT', 's'),
  ],
  'trunk-usage': [
    start, c('trunk', 'Trunk', 'text'),
    c('calls', 'Calls', 'count'), c('inbound', 'Inbound', 'count'), c('outbound', 'Outbound', 'count'), c('answered', 'Answered', 'count'),
    c('outbound_failed', 'Outbound failed', 'count'), c('outbound_failed_pct', 'Outbound failed', '%'), c('outbound_abandoned', 'Outbound abandoned', 'count'),
    c('occupied_min', 'Occupied', 'min'), c('talk_min', 'Talk', 'min'), c('avg_talk_sec', 'Avg talk', 's'),
  ],
  'survey-scores': [
    start, c('group_name', 'Group', 'text'), c('agent', 'Agent', 'text'),
    c('responses', 'Responses', 'count'), c('avg_score', 'Avg score', 'score'),
    c('score_1', 'Score 1', 'count'), c('score_2', 'Score 2', 'count'), c('score_3', 'Score 3', 'count'), c('score_4', 'Score 4', 'count'), c('score_5', 'Score 5', 'count'),
  ],
  'ivr-only': [
    start, c('flow', 'Flow', 'text'), c('trunk', 'Trunk', 'text'),
    c('calls', 'Calls', 'count'), c('caller_hung_up', 'Caller hung up', 'count'),
    c('avg_ivr_sec', 'Avg time in IVR', 's'), c('max_ivr_sec', 'Max time in IVR', 's'),
  ],
  dispositions: [
    start, c('group_name', 'Group', 'text'), c('agent', 'Agent', 'text'), c('code', 'Disposition', 'text'),
    c('calls', 'Calls', 'count'), c('avg_talk_sec', 'Avg talk time', 's'),
  ],
  'queue-log': [
    start, c('group_name', 'Queue', 'text'),
    c('entered', 'Entered', 'count'), c('connected', 'Connected', 'count'), c('abandoned', 'Abandoned', 'count'),
    c('timed_out', 'Timed out', 'count'), c('ring_no_answer', 'Ring, no answer', 'count'),
    c('avg_hold_sec', 'Avg hold', 's'), c('max_hold_sec', 'Max hold', 's'), c('avg_abandon_sec', 'Avg abandon wait', 's'), c('avg_talk_sec', 'Avg talk', 's'),
  ],
  'agent-ids': [
    start, c('agent_id', 'Agent ID', 'text'), c('extension', 'Phone', 'text'),
    c('logins', 'Logins', 'count'), c('logged_in_sec', 'Logged in', 'duration'), c('answered', 'Answered', 'count'), c('talk_sec', 'Talk time', 'duration'),
  ],
};

/** The unit as a heading shows it: "ASA (s)", "Logged in (h:mm:ss)"; counts and names have none. */
export const UNIT_SUFFIX: Readonly<Record<ColumnUnit, string>> = { s: 's', duration: 'h:mm:ss', '%': '%', min: 'min', time: '', count: '', score: '1-5', text: '' };

export function columnsOf(report: string): readonly ColumnDefinition[] {
  return REPORT_COLUMNS[report] ?? [];
}
