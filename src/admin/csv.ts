/** CSV for customer import and export (RFC 4180: quotes, doubled quotes, CRLF or LF). Pure. */

export function toCsv(header: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    // A leading = + - @ would be a formula in a spreadsheet: quoted with a leading apostrophe.
    const safe = /^[=+\-@]/.test(s) && !/^\+?[0-9]+$/.test(s) ? `'${s}` : s;
    return /[",\r\n]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [header.join(','), ...rows.map((r) => header.map((h) => cell(r[h])).join(','))].join('\r\n') + '\r\n';
}

/** Rows of cells; throws with the line number on an unterminated quote. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else { if (c === '\n') line++; cell += c; }
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = ''; line++;
    } else cell += c;
  }
  if (quoted) throw new Error(`line ${line}: a quoted cell is not closed`);
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** Header + rows -> objects; unknown or missing required columns are problems. */
export function csvRecords(text: string, known: readonly string[], required: readonly string[]): { records: Record<string, string>[]; problems: string[] } {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  if (!rows.length) return { records: [], problems: ['the file is empty'] };
  const header = rows[0].map((h) => h.trim().toLowerCase());
  const problems: string[] = [];
  for (const h of header) if (!known.includes(h)) problems.push(`header: unknown column "${h}" (known: ${known.join(', ')})`);
  for (const r of required) if (!header.includes(r)) problems.push(`header: column "${r}" is required`);
  const records = rows.slice(1).map((r, i) => {
    if (r.length !== header.length) problems.push(`line ${i + 2}: ${r.length} cells, the header has ${header.length}`);
    return Object.fromEntries(header.map((h, j) => [h, (r[j] ?? '').trim()]));
  });
  return { records, problems };
}
