/**
 * Number patterns of dial rules: a literal prefix ("9", "02566668888") or an
 * Asterisk-style pattern ("_9X.", "_1XXX", "_0[1-9]!") matched against the whole number.
 */

export interface CompiledPattern {
  source: string;
  test(number: string): boolean;
  /** Higher is more specific; used to pick the best matching rule. */
  specificity: number[];
  /** The literal characters every matching number starts with (index key for fast lookup). */
  head: string;
}

export class PatternError extends Error {}

const PATTERN_CHARS = /^[0-9*#+]+$/;

export function compilePattern(source: string): CompiledPattern {
  if (!source.startsWith('_')) {
    if (!PATTERN_CHARS.test(source)) {
      throw new PatternError(`prefix "${source}" may only hold digits, '*', '#' and '+'`);
    }
    // A prefix matches the number itself and anything longer.
    return { source, test: (n) => n.startsWith(source), specificity: [source.length, 0, 0], head: source };
  }
  const body = source.slice(1);
  if (body.length === 0) throw new PatternError('pattern "_" is empty');
  let re = '';
  let literals = 0;
  let fixed = 0;
  let open = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (open) throw new PatternError(`pattern "${source}": '.' or '!' must be last`);
    switch (c) {
      case 'X': case 'x': re += '[0-9]'; fixed++; break;
      case 'Z': case 'z': re += '[1-9]'; fixed++; break;
      case 'N': case 'n': re += '[2-9]'; fixed++; break;
      case '.': re += '.+'; open = true; break;
      case '!': re += '.*'; open = true; break;
      case '[': {
        const end = body.indexOf(']', i);
        if (end < 0) throw new PatternError(`pattern "${source}": '[' without ']'`);
        const set = body.slice(i + 1, end);
        if (!/^[0-9*#+](-[0-9])?([0-9*#+](-[0-9])?)*$/.test(set)) {
          throw new PatternError(`pattern "${source}": bad character class [${set}]`);
        }
        re += `[${set.replace(/[*#+]/g, (m) => `\\${m}`)}]`;
        fixed++;
        i = end;
        break;
      }
      default:
        if (!PATTERN_CHARS.test(c)) throw new PatternError(`pattern "${source}": unexpected character '${c}'`);
        re += c === '*' || c === '+' ? `\\${c}` : c;
        literals++;
        fixed++;
    }
  }
  const regex = new RegExp(`^${re}$`);
  const head = /^[0-9*#+]*/.exec(body)![0];
  // Literal characters first, then a closed (fixed-length) pattern before an open one.
  return { source, test: (n) => regex.test(n), specificity: [literals, open ? 0 : 1, fixed], head };
}

export function compareSpecificity(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
