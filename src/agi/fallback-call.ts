/**
 * One call handled by the FastAGI fallback (O2): plan it with the routing engine, carry the
 * plan out with Dial(), and write the call record like the app would (spooled if MySQL is down).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../log/logger';
import type { RecordWriter } from '../records/record-writer';
import type { HungUpBy } from '../records/status';
import { callOutcome } from '../calls/outcome/call-outcome';
import { missForDialStatus } from '../calls/outcome/causes';
import { AgiHangup, type AgiSession } from './agi-session';
import { fallbackPlan, type FallbackConfig } from './fallback-plan';
import type { CallAccounting } from '../radius/call-accounting';

export interface FallbackDeps {
  config: () => FallbackConfig | null;
  lastStates: () => ReadonlyMap<string, string>;
  records: RecordWriter;
  log: Logger;
  ringTimeoutSec: number;
  /** S9/issue 16: the RADIUS Start and Stop of each answered call, as the app sends them (null: radius off). */
  accounting?: CallAccounting | null;
}

/** The longest a bridged call may last inside one Dial() (the AGI command waits for it). */
const MAX_CALL_MS = 12 * 3600 * 1000;

export async function handleFallbackCall(session: AgiSession, deps: FallbackDeps): Promise<void> {
  const env = await session.env;
  const guid = randomUUID();
  const log = deps.log.child({ guid, via: 'fastagi' });
  const endpoint = env.arg_1 ?? '';
  const dialled = env.extension ?? '';
  const cfg = deps.config();
  if (!cfg) {
    log.error({ endpoint, dialled }, 'no configuration loaded; the dialplan\'s last resort takes the call');
    session.close();
    return;
  }
  const plan = fallbackPlan(endpoint, dialled, env.callerid ?? '', env.calleridname ?? '', cfg, deps.lastStates(), deps.ringTimeoutSec);
  log.warn({ endpoint, dialled, plan: plan.summary }, 'call routed by the FastAGI fallback (Stasis app away)');
  const startedAt = new Date();
  await session.setVariable('CC_GUID', guid).catch(() => undefined);
  await session.setVariable('CDR(userfield)', guid).catch(() => undefined);
  let answeredSec = 0;
  let dialStatus = 'REJECTED';
  let agent: string | null = null;
  try {
    if (plan.kind === 'reject') {
      await session.exec('Hangup', String(plan.cause));
    } else {
      if (plan.callerId) await session.setVariable('CALLERID(num)', plan.callerId);
      await session.exec('Dial', `${plan.dial},${plan.timeoutSec}`, MAX_CALL_MS);
      dialStatus = (await session.getVariable('DIALSTATUS')) ?? 'UNKNOWN';
      answeredSec = Number((await session.getVariable('ANSWEREDTIME')) ?? 0) || 0;
      const peer = (await session.getVariable('DIALEDPEERNAME')) ?? '';
      agent = /^PJSIP\/([0-9]+)-/.exec(peer)?.[1] ?? null;
      if (dialStatus !== 'ANSWER') {
        await session.exec('Playback', 'vm-nobodyavail');
        await session.exec('Hangup', '');
      }
    }
  } catch (err) {
    if (!(err instanceof AgiHangup)) log.warn({ err: (err as Error).message }, 'fallback call step failed');
  } finally {
    session.close();
  }
  if (dialStatus === 'REJECTED' && plan.kind === 'dial') dialStatus = 'CANCEL';
  const answered = answeredSec > 0 || dialStatus === 'ANSWER';
  const hungUpBy: HungUpBy = plan.kind === 'reject' ? 'system' : answered ? (session.hungUp ? 'caller' : 'callee') : session.hungUp ? 'caller' : 'system';
  const ended = Date.now();
  // Only the record: this process has no CTI event bus (that lives in the Stasis app, which is away).
  const { record } = callOutcome({
    guid, direction: plan.direction, caller: plan.caller, callee: dialled, flow: null, group: plan.kind === 'dial' ? plan.group : null, trunk: null,
    agent: agent ?? (plan.kind === 'dial' ? plan.callerExtension : null), startedAt: startedAt.getTime(), queuedAt: null,
    answeredAt: answered ? ended - answeredSec * 1000 : null, talkEndedAt: null, endedAt: ended, ringMs: 0,
    hungUpBy: hungUpBy === 'callee' && agent ? 'agent' : hungUpBy, endReason: `fastagi:${dialStatus.toLowerCase()}`.slice(0, 32), surveyScore: null, recording: null,
    ringingAtEnd: !answered && session.hungUp && plan.kind === 'dial', miss: missForDialStatus(dialStatus), transferred: false, retrieved: false,
  });
  // RADIUS: Dial() holds the AGI until the call ends, so the Start goes out then, with the answer time.
  if (deps.accounting && record.answeredAt) {
    deps.accounting.answered({ guid, caller: record.caller, callee: record.callee, answeredAt: new Date(record.answeredAt) });
    deps.accounting.onRecord(record);
  }
  await deps.records.write(record);
}
