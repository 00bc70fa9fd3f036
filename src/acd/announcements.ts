/** A4: what a caller hears on joining a queue when the group announces positions. Pure. */

/** Prompts for "you are next" / "there are N calls waiting ahead of you" (app_queue's sounds). */
export function positionPrompts(position: number): string[] {
  if (position <= 1) return ['queue-youarenext'];
  const ahead = position - 1;
  return ['queue-thereare', ...numberPrompts(ahead), 'queue-callswaiting'];
}

/** Asterisk's English digit sounds for 0-999 (digits/N exists for 0-20 and the tens). */
export function numberPrompts(n: number): string[] {
  if (!Number.isInteger(n) || n < 0 || n > 999) throw new RangeError(`cannot say ${n}`);
  const out: string[] = [];
  if (n >= 100) {
    out.push(`digits/${Math.floor(n / 100)}`, 'digits/hundred');
    n %= 100;
    if (n === 0) return out;
  }
  if (n <= 20) out.push(`digits/${n}`);
  else {
    out.push(`digits/${Math.floor(n / 10) * 10}`);
    if (n % 10) out.push(`digits/${n % 10}`);
  }
  return out;
}
