/**
 * Ring groups (issue 20, source 003): a group whose strategy is "ring-all" rings every ready
 * member at once when a call arrives; the first to answer takes it and the others stop
 * (answered elsewhere). When nobody is ready, or nobody answers within the group's ring time,
 * the call waits in the group's queue like any other (music, position, max wait, overflow) and
 * the ACD offers it as agents become ready.
 */
import type { GroupConfig } from '../../domain';
import { callerIdString } from '../call-plan';
import { dial } from '../direct/direct';
import type { CallSession } from '../session/call-session';

/** The groups a call has already rung everyone in (it queues there the second time). */
const rung = new WeakMap<CallSession, Set<string>>();

/** The members to ring now: ready (DND agents are not ready), in priority order. */
export function ringAllTargets(s: CallSession, cfg: GroupConfig): string[] {
  return cfg.members.map((m) => m.extension).filter((ext) => s.deps.agents.get(ext)?.name === 'ready' && !s.deps.phoneFeatures?.get(ext).dnd);
}

/**
 * Rings every ready member; resolves false (the caller queues as usual) when the call already
 * rang everyone in this group, nobody is ready, or the call is being transferred.
 */
export async function ringAll(s: CallSession, cfg: GroupConfig, thenQueue: () => Promise<void>): Promise<boolean> {
  const done = rung.get(s) ?? new Set<string>();
  if (done.has(cfg.name) || (s.phase.name !== 'new' && s.phase.name !== 'flow')) return false;
  const members = ringAllTargets(s, cfg);
  if (members.length === 0) return false;
  done.add(cfg.name);
  rung.set(s, done);
  s.group = cfg.name;
  s.queuedAt ??= new Date();
  s.log.info({ members }, `call ${s.guid}: ${s.phase.name} -[ring-all ${cfg.name}]-> dialling`);
  const callerId = callerIdString(s.customerNumber, s.customerChannel === s.info.callerChannel ? s.info.callerName : '');
  await dial(s, members.map((extension) => ({ endpoint: `PJSIP/${extension}`, extension, callerId, timeoutSec: cfg.ringTimeoutSec + 5 })), {
    otherwise: { afterSec: cfg.ringTimeoutSec, run: thenQueue },
  });
  return true;
}
