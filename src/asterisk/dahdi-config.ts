/**
 * S7: chan_dahdi.conf and system.conf from the same data as SIP (trunks, spans, ports).
 * Pure: data in, text out; every problem is collected and reported at once.
 *
 * - An E1 span has 31 timeslots: 1-15 and 17-31 carry calls, 16 carries signalling
 *   (the PRI D channel, or the MFC/R2 CAS signalling).
 * - An FXO port (a line from the exchange) is driven with FXS signalling, an FXS port (an
 *   analog phone) with FXO signalling: DAHDI names the signalling the far end expects.
 * - Calls from a board enter the dialplan with CC_FROM set to the trunk name or extension,
 *   the name the app identifies them by (PJSIP calls use the endpoint name).
 */
import type { TrunkConfig } from '../domain';

export type SpanSignalling = 'pri_cpe' | 'pri_net' | 'mfcr2';

export interface DahdiSpan {
  span: number;
  signalling: SpanSignalling;
  firstChannel: number;
  timing: number;
  lineBuildOut: number;
  crc4: boolean;
  trunk: string;
  mfcr2: { variant: string; maxAni: number; maxDnis: number; category: string };
  enabled: boolean;
}

export interface DahdiPort {
  channel: number;
  kind: 'fxo' | 'fxs';
  trunk: string | null;
  extension: string | null;
  displayName: string;
  echoCancel: boolean;
  enabled: boolean;
}

export interface BoardData {
  spans: DahdiSpan[];
  ports: DahdiPort[];
  trunks: TrunkConfig[];
}

export interface BoardOptions {
  /** Dialplan context calls from the board enter (the same as SIP calls). */
  context: string;
  /** indications.conf tone zone: dial tone, ringback, busy (cn, us, de ...). */
  toneZone: string;
  /** DAHDI software echo canceller module (oslec, mg2 ...); null: none. */
  echoCanceller: string | null;
}

export class BoardConfigError extends Error {}

export const E1_TIMESLOTS = 31;
const SIGNALLING_SLOT = 16;

/** "1-15,17-31" from a sorted list of channel numbers. */
export function channelRanges(channels: number[]): string {
  const sorted = [...channels].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    out.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return out.join(',');
}

/** The voice channels of an E1 span and its signalling channel. */
export function e1Channels(span: DahdiSpan): { voice: number[]; signalling: number } {
  const voice: number[] = [];
  for (let slot = 1; slot <= E1_TIMESLOTS; slot++) if (slot !== SIGNALLING_SLOT) voice.push(span.firstChannel + slot - 1);
  return { voice, signalling: span.firstChannel + SIGNALLING_SLOT - 1 };
}

function safe(value: string, what: string, problems: string[]): string {
  if (/[\r\n;\[\]"<>=]/.test(value)) problems.push(`${what} holds a character not allowed in chan_dahdi.conf: ${JSON.stringify(value)}`);
  return value;
}

/** Checks the rows against each other: overlapping channels, trunks that are not DAHDI trunks, duplicate extensions. */
export function checkBoards(data: BoardData): string[] {
  const problems: string[] = [];
  const owner = new Map<number, string>();
  const claim = (ch: number, who: string) => {
    const prev = owner.get(ch);
    if (prev) problems.push(`channel ${ch} is used by ${prev} and ${who}`);
    else owner.set(ch, who);
  };
  const trunks = new Map(data.trunks.map((t) => [t.name, t]));
  const dahdiTrunk = (name: string, who: string) => {
    const t = trunks.get(name);
    if (!t) problems.push(`${who}: unknown trunk ${name}`);
    else if (t.technology !== 'dahdi' || !t.dahdiGroup) problems.push(`${who}: trunk ${name} is not a DAHDI trunk (technology dahdi with a dahdi_group)`);
  };
  const spans = new Set<number>();
  for (const s of data.spans.filter((x) => x.enabled)) {
    const who = `span ${s.span}`;
    if (spans.has(s.span)) problems.push(`${who} is defined twice`);
    spans.add(s.span);
    for (let slot = 1; slot <= E1_TIMESLOTS; slot++) claim(s.firstChannel + slot - 1, who);
    dahdiTrunk(s.trunk, who);
    if (s.signalling === 'mfcr2' && !/^[a-z]{2,3}$/.test(s.mfcr2.variant)) problems.push(`${who}: MFC/R2 variant ${JSON.stringify(s.mfcr2.variant)} is not a country code like cn, br, mx, itu`);
  }
  const extensions = new Set<string>();
  for (const p of data.ports.filter((x) => x.enabled)) {
    const who = `${p.kind.toUpperCase()} port ${p.channel}`;
    claim(p.channel, who);
    if (p.kind === 'fxo') {
      if (!p.trunk) problems.push(`${who}: an FXO line needs a trunk`);
      else dahdiTrunk(p.trunk, who);
    } else {
      if (!p.extension || !/^[0-9]+$/.test(p.extension)) problems.push(`${who}: an FXS port needs a numeric extension`);
      else if (extensions.has(p.extension)) problems.push(`${who}: extension ${p.extension} is on two ports`);
      else extensions.add(p.extension);
      safe(p.displayName, `${who} display name`, problems);
    }
  }
  return problems;
}

function trunkGroup(data: BoardData, name: string): number {
  return data.trunks.find((t) => t.name === name)!.dahdiGroup!;
}

/** /etc/dahdi/system.conf: what dahdi_cfg tells the driver about spans and channels. */
export function renderSystemConf(data: BoardData, o: BoardOptions): string {
  const problems = checkBoards(data);
  if (problems.length) throw new BoardConfigError(`board configuration refused:\n  - ${problems.join('\n  - ')}`);
  const lines = ['# Generated from the database by the callcenter app (dahdi_spans, dahdi_ports). Do not edit.', ''];
  const echo: number[] = [];
  for (const s of data.spans.filter((x) => x.enabled).sort((a, b) => a.span - b.span)) {
    const { voice, signalling } = e1Channels(s);
    const pri = s.signalling !== 'mfcr2';
    lines.push(`# span ${s.span}: E1 ${pri ? `PRI (${s.signalling === 'pri_cpe' ? 'customer side' : 'network side'})` : 'MFC/R2'}, trunk ${s.trunk}`);
    lines.push(`span=${s.span},${s.timing},${s.lineBuildOut},${pri ? 'ccs' : 'cas'},hdb3${s.crc4 ? ',crc4' : ''}`);
    if (pri) {
      lines.push(`bchan=${channelRanges(voice)}`);
    } else {
      // MFC/R2 line signalling: ABCD bits 1101 on idle channels (ITU-T Q.421).
      for (const range of channelRanges(voice).split(',')) lines.push(`cas=${range}:1101`);
    }
    lines.push(`dchan=${signalling}`);
    echo.push(...voice);
    lines.push('');
  }
  const ports = data.ports.filter((p) => p.enabled);
  const fxo = ports.filter((p) => p.kind === 'fxo').map((p) => p.channel);
  const fxs = ports.filter((p) => p.kind === 'fxs').map((p) => p.channel);
  if (fxo.length) lines.push('# FXO ports: lines from the exchange (FXS signalling towards it)', `fxsks=${channelRanges(fxo)}`);
  if (fxs.length) lines.push('# FXS ports: analog phones (FXO signalling towards them)', `fxoks=${channelRanges(fxs)}`);
  if (fxo.length || fxs.length) lines.push('');
  echo.push(...ports.filter((p) => p.echoCancel).map((p) => p.channel));
  if (o.echoCanceller && echo.length) lines.push(`echocanceller=${o.echoCanceller},${channelRanges(echo)}`, '');
  lines.push(`loadzone=${o.toneZone}`, `defaultzone=${o.toneZone}`);
  return `${lines.join('\n')}\n`;
}

/** chan_dahdi.conf: one section per span, per FXO trunk and per FXS phone (options never leak between sections). */
export function renderChanDahdiConf(data: BoardData, o: BoardOptions): string {
  const problems = checkBoards(data);
  if (problems.length) throw new BoardConfigError(`board configuration refused:\n  - ${problems.join('\n  - ')}`);
  const out: string[] = [
    '; Generated from the database by the callcenter app (dahdi_spans, dahdi_ports, trunks). Do not edit.',
    '[trunkgroups]',
    '',
    '[channels]',
    `context=${o.context}`,
    'language=en',
    'usecallerid=yes',
    'hidecallerid=no',
    'immediate=no',
    `echocancel=${o.echoCanceller ? 'yes' : 'no'}`,
    'echocancelwhenbridged=no',
    'relaxdtmf=yes',
    '',
  ];
  for (const s of data.spans.filter((x) => x.enabled).sort((a, b) => a.span - b.span)) {
    const { voice } = e1Channels(s);
    out.push(`[span-${s.span}]`);
    if (s.signalling === 'mfcr2') {
      out.push('signalling=mfcr2', `mfcr2_variant=${s.mfcr2.variant}`, `mfcr2_max_ani=${s.mfcr2.maxAni}`, `mfcr2_max_dnis=${s.mfcr2.maxDnis}`,
        `mfcr2_category=${s.mfcr2.category}`, 'mfcr2_get_ani_first=no');
    } else {
      out.push(`signalling=${s.signalling}`, 'switchtype=euroisdn', 'pridialplan=unknown', 'prilocaldialplan=unknown');
    }
    out.push('callerid=asreceived', `group=${trunkGroup(data, s.trunk)}`, `setvar=CC_FROM=${s.trunk}`, `dahdichan=${channelRanges(voice)}`, '');
  }
  const fxoPorts = data.ports.filter((p) => p.enabled && p.kind === 'fxo');
  for (const trunk of [...new Set(fxoPorts.map((p) => p.trunk!))].sort()) {
    const mine = fxoPorts.filter((p) => p.trunk === trunk);
    for (const echo of [true, false]) {
      const channels = mine.filter((p) => p.echoCancel === echo).map((p) => p.channel);
      if (!channels.length) continue;
      out.push(`[fxo-${trunk}${echo ? '' : '-noec'}]`, 'signalling=fxs_ks', 'callerid=asreceived', `echocancel=${echo && o.echoCanceller ? 'yes' : 'no'}`,
        `group=${trunkGroup(data, trunk)}`, `setvar=CC_FROM=${trunk}`, `dahdichan=${channelRanges(channels)}`, '');
    }
  }
  for (const p of data.ports.filter((x) => x.enabled && x.kind === 'fxs').sort((a, b) => a.channel - b.channel)) {
    const name = p.displayName.trim() || `Extension ${p.extension}`;
    out.push(`[fxs-${p.extension}]`, 'signalling=fxo_ks', `callerid="${name}" <${p.extension}>`, `echocancel=${p.echoCancel && o.echoCanceller ? 'yes' : 'no'}`,
      `setvar=CC_FROM=${p.extension}`, `dahdichan=${p.channel}`, '');
  }
  return `${out.join('\n')}`;
}
