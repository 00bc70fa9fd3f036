/** Validation of dialled and caller numbers. */

export const MAX_NUMBER_LENGTH = 32;

/** Digits, '*' and '#' (feature codes), and one leading '+' (E.164). */
const NUMBER_RE = /^\+?[0-9*#]+$/;

export type NumberCheck = { ok: true; number: string } | { ok: false; error: string };

export function checkNumber(input: unknown): NumberCheck {
  if (typeof input !== 'string') return { ok: false, error: 'number must be a string' };
  if (input.length === 0) return { ok: false, error: 'number is empty' };
  if (input.length > MAX_NUMBER_LENGTH) return { ok: false, error: `number is longer than ${MAX_NUMBER_LENGTH} characters` };
  if (!NUMBER_RE.test(input)) {
    return { ok: false, error: `number "${printable(input)}" may only hold digits, '*', '#' and one leading '+'` };
  }
  return { ok: true, number: input };
}

/** Makes hostile input safe to echo in an error message or a log line. */
export function printable(s: string): string {
  const cut = s.length > 40 ? `${s.slice(0, 40)}...` : s;
  return cut.replace(/[^\x20-\x7e]/g, '?').replace(/"/g, "'");
}
