/** S7: telephony board rows (dahdi_spans, dahdi_ports) for the chan_dahdi generator. */
import type { RowDataPacket } from 'mysql2/promise';
import type { Pool } from './pool';
import type { BoardRows } from '../domain';

export type { BoardRows } from '../domain';

export async function loadBoardRows(pool: Pool): Promise<BoardRows> {
  const [[spans], [ports]] = await Promise.all([
    pool.query<RowDataPacket[]>(`SELECT span, signalling, first_channel, timing, line_build_out, crc4, trunk_name, mfcr2_variant, mfcr2_max_ani,
      mfcr2_max_dnis, mfcr2_category, enabled FROM dahdi_spans ORDER BY span`),
    pool.query<RowDataPacket[]>('SELECT channel, kind, trunk_name, extension, display_name, echo_cancel, enabled FROM dahdi_ports ORDER BY channel'),
  ]);
  return {
    spans: spans.map((s) => ({
      span: s.span, signalling: s.signalling, firstChannel: s.first_channel, timing: s.timing, lineBuildOut: s.line_build_out, crc4: !!s.crc4,
      trunk: s.trunk_name, enabled: !!s.enabled,
      mfcr2: { variant: s.mfcr2_variant, maxAni: s.mfcr2_max_ani, maxDnis: s.mfcr2_max_dnis, category: s.mfcr2_category },
    })),
    ports: ports.map((p) => ({
      channel: p.channel, kind: p.kind, trunk: p.trunk_name, extension: p.extension, displayName: p.display_name, echoCancel: !!p.echo_cancel, enabled: !!p.enabled,
    })),
  };
}
