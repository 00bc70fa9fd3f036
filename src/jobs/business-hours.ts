/**
 * Business hours (D5): open, closed or holiday at a given local time, and the flow a DID rule
 * should point at in that mode. Pure: the time comes in as local calendar fields.
 */

export type BusinessMode = 'open' | 'closed' | 'holiday';

export interface OpeningPeriod { schedule: string; weekday: number; opens: string; closes: string }
export interface Holiday { schedule: string; day: string }
export interface BusinessRoute { dialRuleId: number; schedule: string; openFlow: string; closedFlow: string; holidayFlow: string | null; currentTarget: string }

/** Local wall-clock time: date YYYY-MM-DD, ISO weekday 1 (Mon) .. 7 (Sun), time HH:MM:SS. */
export interface LocalTime { date: string; weekday: number; time: string }

export function localTime(d: Date): LocalTime {
  const p = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`,
    weekday: d.getDay() === 0 ? 7 : d.getDay(),
    time: `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`,
  };
}

/** 'H:MM:SS' or 'HH:MM:SS' (as MySQL TIME prints) -> comparable 'HH:MM:SS'. */
const norm = (t: string) => t.padStart(8, '0');

export function businessMode(schedule: string, at: LocalTime, hours: readonly OpeningPeriod[], holidays: readonly Holiday[]): BusinessMode {
  if (holidays.some((h) => h.schedule === schedule && h.day === at.date)) return 'holiday';
  const now = norm(at.time);
  const open = hours.some((h) => h.schedule === schedule && h.weekday === at.weekday && norm(h.opens) <= now && now < norm(h.closes));
  return open ? 'open' : 'closed';
}

export function flowFor(route: BusinessRoute, mode: BusinessMode): string {
  if (mode === 'open') return route.openFlow;
  if (mode === 'holiday') return route.holidayFlow ?? route.closedFlow;
  return route.closedFlow;
}

/** The dial-rule changes needed now: only rules whose target differs. */
export function businessSwitches(at: LocalTime, routes: readonly BusinessRoute[], hours: readonly OpeningPeriod[], holidays: readonly Holiday[]):
  { dialRuleId: number; mode: BusinessMode; flow: string; changed: boolean }[] {
  return routes.map((r) => {
    const mode = businessMode(r.schedule, at, hours, holidays);
    const flow = flowFor(r, mode);
    return { dialRuleId: r.dialRuleId, mode, flow, changed: flow !== r.currentTarget };
  });
}
