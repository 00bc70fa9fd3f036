/**
 * Compliance filters of outbound campaigns (issue 22): do-not-call lists, calling windows in the
 * customer's local time, per-number attempt limits and retry times. Pure: the contact, the
 * campaign's rules, the do-not-call set and the time in; may it be dialled now, and if not why.
 * The dialer asks here before every dial; nothing else decides whether a number may be called.
 */

/** A calling window in the customer's local time: minutes after midnight, [start, end), on the given weekdays (0 = Sunday). */
export interface CallingWindow {
  startMin: number;
  endMin: number;
  days: readonly number[];
}

export interface ComplianceRules {
  window: CallingWindow;
  /** Attempts per number, all outcomes together. */
  maxAttempts: number;
  /** The campaign's own time zone, for contacts whose row gave none. */
  defaultTimezone: string;
}

export interface ContactFacts {
  phone: string;
  /** IANA zone of the customer (Asia/Shanghai), null: the campaign's default. */
  timezone: string | null;
  attempts: number;
  /** Not before this time (epoch ms): a retry's due time; null: now. */
  nextAt: number | null;
  /** 'pending' contacts are dialled; 'dialling' and 'done' ones never. */
  state: 'pending' | 'dialling' | 'done';
}

/** Numbers that must not be called: the internal and imported lists plus the campaign's own. */
export interface DoNotCall {
  has(phone: string): boolean;
}

export type Refusal = 'do-not-call' | 'outside-window' | 'max-attempts' | 'not-due' | 'not-pending' | 'bad-timezone';
export type Eligibility = { ok: true } | { ok: false; why: Refusal };

/** The digits of a number, the form every list and the DNC set compare in (+86 138.. and 86138.. are the same number). */
export function normalizePhone(raw: string): string {
  return raw.replace(/[^0-9]/g, '');
}

const WEEKDAYS: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

/** True when the zone is one the runtime knows (Asia/Shanghai, America/New_York, UTC). */
export function isTimezone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(zone, f);
  }
  return f;
}

/** The weekday and minute of the day at `now` in `zone` (daylight saving included). */
export function localTime(now: number, zone: string): { day: number; minute: number } {
  const parts = formatter(zone).formatToParts(new Date(now));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return { day: WEEKDAYS[get('weekday')] ?? 0, minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

export function inWindow(w: CallingWindow, local: { day: number; minute: number }): boolean {
  return w.days.includes(local.day) && local.minute >= w.startMin && local.minute < w.endMin;
}

/** May this contact be dialled at `now`? The first rule that refuses is the answer. */
export function eligibility(c: ContactFacts, rules: ComplianceRules, dnc: DoNotCall, now: number): Eligibility {
  if (c.state !== 'pending') return { ok: false, why: 'not-pending' };
  if (dnc.has(normalizePhone(c.phone))) return { ok: false, why: 'do-not-call' };
  if (c.attempts >= rules.maxAttempts) return { ok: false, why: 'max-attempts' };
  if (c.nextAt !== null && c.nextAt > now) return { ok: false, why: 'not-due' };
  const zone = c.timezone ?? rules.defaultTimezone;
  if (!isTimezone(zone)) return { ok: false, why: 'bad-timezone' };
  // A call placed in the last minute of the window may still ring after it: the window's end is exclusive.
  if (!inWindow(rules.window, localTime(now, zone))) return { ok: false, why: 'outside-window' };
  return { ok: true };
}

/** The first `n` contacts, in the given order, that may be dialled now. */
export function pickDiallable<T extends ContactFacts>(contacts: readonly T[], n: number, rules: ComplianceRules, dnc: DoNotCall, now: number): T[] {
  const out: T[] = [];
  for (const c of contacts) {
    if (out.length >= n) break;
    if (eligibility(c, rules, dnc, now).ok) out.push(c);
  }
  return out;
}

/** How many of these contacts each rule holds back now (the pending ones only). */
export function heldBack(contacts: readonly ContactFacts[], rules: ComplianceRules, dnc: DoNotCall, now: number): Partial<Record<Refusal, number>> {
  const out: Partial<Record<Refusal, number>> = {};
  for (const c of contacts) {
    const e = eligibility(c, rules, dnc, now);
    if (!e.ok) out[e.why] = (out[e.why] ?? 0) + 1;
  }
  return out;
}
