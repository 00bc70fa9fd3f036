/** The business-hours job: points each scheduled DID rule at the flow for the current mode. */
import type { RowDataPacket } from 'mysql2/promise';
import type { Pool } from '../db/pool';
import type { Logger } from '../log/logger';
import { businessSwitches, localTime, type BusinessRoute, type Holiday, type OpeningPeriod } from './business-hours';

export function businessHoursJob(pool: Pool, log: Logger) {
  return async (now: Date): Promise<string> => {
    const q = async (sql: string) => (await pool.query<RowDataPacket[]>(sql))[0];
    const [routes, hours, holidays] = await Promise.all([
      q(`SELECT b.dial_rule_id, b.schedule, b.open_flow, b.closed_flow, b.holiday_flow, r.target
         FROM business_hours_routes b JOIN dial_rules r ON r.id = b.dial_rule_id WHERE r.route_type = 'flow'`),
      q("SELECT schedule, weekday, TIME_FORMAT(opens, '%H:%i:%s') AS opens, TIME_FORMAT(closes, '%H:%i:%s') AS closes FROM business_hours"),
      q("SELECT schedule, DATE_FORMAT(day, '%Y-%m-%d') AS day FROM holidays"),
    ]);
    const switches = businessSwitches(localTime(now),
      routes.map((r): BusinessRoute => ({ dialRuleId: r.dial_rule_id, schedule: r.schedule, openFlow: r.open_flow, closedFlow: r.closed_flow, holidayFlow: r.holiday_flow, currentTarget: r.target })),
      hours.map((h): OpeningPeriod => ({ schedule: h.schedule, weekday: Number(h.weekday), opens: h.opens, closes: h.closes })),
      holidays.map((h): Holiday => ({ schedule: h.schedule, day: h.day })));
    const changed = switches.filter((s) => s.changed);
    for (const s of changed) {
      // The dial_rules trigger bumps config_version: LiveConfig reloads, new calls take the new flow.
      await pool.execute('UPDATE dial_rules SET target = ? WHERE id = ?', [s.flow, s.dialRuleId]);
      await pool.execute('UPDATE business_hours_routes SET mode = ?, switched_at = NOW(3) WHERE dial_rule_id = ?', [s.mode, s.dialRuleId]);
      log.info({ dialRule: s.dialRuleId, mode: s.mode, flow: s.flow }, `business hours: dial rule ${s.dialRuleId} -> flow ${s.flow} (${s.mode})`);
    }
    return `${switches.length} rule(s) checked, ${changed.length} switched`;
  };
}
