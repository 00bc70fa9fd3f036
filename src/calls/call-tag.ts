/**
 * The facts of a bridged call, stored on its customer channel as the variable CC_CALL when the
 * call is connected. If the app dies, the channels and bridge live on in Asterisk; the app that
 * starts next reads the tag back, takes the call over and still writes its record (O3). Pure.
 */
import type { Direction } from '../records/status';

export const CALL_TAG_VAR = 'CC_CALL';

export interface CallTag {
  guid: string;
  direction: Direction;
  caller: string;
  callee: string;
  agent: string | null;
  group: string | null;
  startedAt: number;
  answeredAt: number;
}

const DIRECTIONS: readonly Direction[] = ['inbound', 'outbound', 'internal'];
const FIELD = /^[A-Za-z0-9_.*#+-]*$/;

export function formatCallTag(t: CallTag): string {
  const fields = [t.guid, t.direction, t.caller, t.callee, t.agent ?? '', t.group ?? '', String(t.startedAt), String(t.answeredAt)];
  return fields.map((f) => (FIELD.test(f) ? f : '')).join('|');
}

export function parseCallTag(text: string | null | undefined): CallTag | null {
  if (!text) return null;
  const f = text.split('|');
  if (f.length !== 8) return null;
  const [guid, direction, caller, callee, agent, group, started, answered] = f;
  if (!/^[0-9a-f-]{36}$/.test(guid) || !(DIRECTIONS as readonly string[]).includes(direction)) return null;
  const startedAt = Number(started);
  const answeredAt = Number(answered);
  if (!Number.isFinite(startedAt) || !Number.isFinite(answeredAt) || startedAt <= 0 || answeredAt <= 0) return null;
  return { guid, direction: direction as Direction, caller, callee, agent: agent || null, group: group || null, startedAt, answeredAt };
}
