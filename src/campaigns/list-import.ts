/**
 * Contact lists of outbound campaigns (issue 22): a CSV file -> contact rows. Pure. The header
 * names the columns: `phone` (required), `name`, `timezone` (IANA, e.g. Asia/Shanghai; empty:
 * the campaign's), any other column is kept as the row's data (the agent's screen pop shows it).
 * Numbers are compared as digits; a number repeated in the file or already in the campaign is
 * skipped (dedup), as is one on a do-not-call list; each refused row says why.
 */
import { isTimezone, normalizePhone, type DoNotCall } from './compliance';

export interface ContactRow {
  phone: string;
  name: string;
  timezone: string | null;
  data: Record<string, string>;
}

export interface ImportResult {
  rows: ContactRow[];
  skipped: { line: number; phone: string; why: 'duplicate' | 'already-in-campaign' | 'do-not-call' }[];
  errors: { line: number; problem: string }[];
}

/** RFC 4180 fields: quotes, doubled quotes, commas and line breaks inside quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      row.push(field); field = '';
      rows.push(row); row = [];
    } else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

const MAX_FIELD = 255;
const KEY = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;

export function importContacts(csv: string, existing: ReadonlySet<string>, dnc: DoNotCall): ImportResult {
  const out: ImportResult = { rows: [], skipped: [], errors: [] };
  const table = parseCsv(csv);
  if (table.length === 0) { out.errors.push({ line: 1, problem: 'empty file: a header line with a phone column is required' }); return out; }
  const header = table[0].map((h) => h.trim().toLowerCase());
  const phoneAt = header.indexOf('phone');
  if (phoneAt < 0) { out.errors.push({ line: 1, problem: 'no phone column in the header' }); return out; }
  const bad = header.filter((h) => !KEY.test(h));
  if (bad.length) { out.errors.push({ line: 1, problem: `column names must be letters, digits or _ (1-32): ${bad.length} are not` }); return out; }
  const seen = new Set<string>();
  table.slice(1).forEach((fields, i) => {
    const line = i + 2;
    if (fields.length !== header.length) { out.errors.push({ line, problem: `${fields.length} fields, the header has ${header.length}` }); return; }
    const get = (col: string) => { const at = header.indexOf(col); return at < 0 ? '' : fields[at].trim(); };
    const phone = normalizePhone(get('phone'));
    if (phone.length < 3 || phone.length > 32) { out.errors.push({ line, problem: 'phone: 3-32 digits required' }); return; }
    const tz = get('timezone');
    if (tz && !isTimezone(tz)) { out.errors.push({ line, problem: 'timezone: not an IANA time zone (e.g. Asia/Shanghai)' }); return; }
    if (fields.some((f) => f.length > MAX_FIELD)) { out.errors.push({ line, problem: `a field is longer than ${MAX_FIELD} characters` }); return; }
    if (seen.has(phone)) { out.skipped.push({ line, phone, why: 'duplicate' }); return; }
    seen.add(phone);
    if (existing.has(phone)) { out.skipped.push({ line, phone, why: 'already-in-campaign' }); return; }
    if (dnc.has(phone)) { out.skipped.push({ line, phone, why: 'do-not-call' }); return; }
    const data: Record<string, string> = {};
    header.forEach((h, at) => { if (!['phone', 'name', 'timezone'].includes(h)) data[h] = fields[at].trim(); });
    out.rows.push({ phone, name: get('name'), timezone: tz || null, data });
  });
  return out;
}
