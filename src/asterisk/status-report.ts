/**
 * `make status`: Asterisk's registrations and contacts told as an operator reads them. A phone's
 * registration is stored (astdb) and survives an Asterisk restart, so right after a start a phone
 * that is gone is still listed until qualify finds it silent: each contact says whether it was
 * checked and answered, instead of a bare list. Pure: the CLI's text in, lines out.
 */

export interface ContactRow { aor: string; uri: string; status: string; rttMs: number | null }
export interface RegistrationRow { name: string; uri: string; status: string; detail: string }

/** Lines of `pjsip show contacts`: "  Contact:  1002/sip:1002@127.0.0.5:5060   503ac20758 Avail   1.209". */
export function parseContacts(out: string): ContactRow[] {
  const rows: ContactRow[] = [];
  for (const line of out.split('\n')) {
    const m = /^\s*Contact:\s+([^/\s<]+)\/(\S+)\s+[0-9a-f]+\s+(\S+)\s+(\S+)/.exec(line);
    if (!m) continue;
    const rtt = Number(m[4]);
    rows.push({ aor: m[1], uri: m[2], status: m[3], rttMs: Number.isFinite(rtt) ? rtt : null });
  }
  return rows;
}

/** Lines of `pjsip show registrations`: " carrier-a/sip:127.0.0.2:5060   carrier-a-auth   Registered   (exp. 106s)". */
export function parseRegistrations(out: string): RegistrationRow[] {
  const rows: RegistrationRow[] = [];
  for (const line of out.split('\n')) {
    const m = /^\s*([^/\s<]+)\/(sips?:\S+)\s+(?:\S+\s+)?(Registered|Unregistered|Rejected|Stopped|Failed)\b\s*(?:\((.*)\))?/.exec(line);
    if (m) rows.push({ name: m[1], uri: m[2], status: m[3], detail: m[4] ?? '' });
  }
  return rows;
}

function contactState(c: ContactRow, qualifySec: number): string {
  switch (c.status) {
    case 'Avail': return `reachable${c.rttMs !== null ? ` (${c.rttMs.toFixed(1)} ms)` : ''}`;
    case 'NonQual': return 'registered (not qualified)';
    case 'Unavail': return 'NOT ANSWERING: a stored registration of a device that is not there (kept until it expires or the device registers again)';
    default: return `registered before, not checked yet (a stored registration; qualify tells within ${qualifySec} s whether the device is there)`;
  }
}

function trunkState(c: ContactRow): string {
  switch (c.status) {
    case 'Avail': return `reachable${c.rttMs !== null ? ` (${c.rttMs.toFixed(1)} ms)` : ''}`;
    case 'Unavail': return 'not answering';
    case 'NonQual': return 'not qualified (no OPTIONS sent)';
    default: return 'not checked yet';
  }
}

/** The report: trunk registrations, phones (AORs that are extensions), trunks' addresses. */
export function statusReport(registrations: string, contacts: string, qualifySec = 30): string[] {
  const regs = parseRegistrations(registrations);
  const all = parseContacts(contacts);
  const phones = all.filter((c) => /^[0-9]+$/.test(c.aor));
  const trunks = all.filter((c) => !/^[0-9]+$/.test(c.aor));
  const lines: string[] = [];
  lines.push('Outbound registrations (trunks):');
  if (regs.length === 0) lines.push('  none');
  for (const r of regs) lines.push(`  ${r.name.padEnd(12)} ${r.uri.padEnd(28)} ${r.status}${r.detail ? ` (${r.detail})` : ''}`);
  lines.push('Phones registered (contacts):');
  if (phones.length === 0) lines.push('  none');
  for (const c of phones) lines.push(`  ${c.aor.padEnd(12)} ${c.uri.padEnd(28)} ${contactState(c, qualifySec)}`);
  const silent = phones.filter((c) => c.status !== 'Avail' && c.status !== 'NonQual').length;
  if (silent) lines.push(`  (${silent} of ${phones.length} not confirmed: a phone that is really there answers the next qualify)`);
  lines.push('Trunks (their addresses):');
  if (trunks.length === 0) lines.push('  none');
  for (const c of trunks) lines.push(`  ${c.aor.padEnd(12)} ${c.uri.padEnd(28)} ${trunkState(c)}`);
  return lines;
}
