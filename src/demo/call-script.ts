/**
 * One demo call from dial to call record: the caller dials, presses keys when an IVR answers,
 * someone answers (or nobody, to show an abandoned call), they talk, one side hangs up, and the
 * call record arrives. Progress is printed from the product's own CTI events.
 */
import type { Pool } from '../db/pool';
import { DemoError, type DemoOptions, type DemoPlan } from './demo-plan';
import type { Parties, Printer } from './parties';
import { callRecord, type ProductLink, type RecordRow } from './product-link';
import { cti, peerEvent, type CtiEvent, type Observed, type Timeline } from './timeline';

export interface CallOutcome { guid: string; status: number | null; record: RecordRow | null }

const CAUSES: Record<number, string> = {
  0: 'unknown', 1: 'unallocated number', 16: 'normal clearing', 17: 'busy', 18: 'no user responding', 19: 'no answer',
  21: 'call rejected', 27: 'destination out of order', 34: 'no circuit available', 38: 'network out of order', 127: 'interworking',
};
export const causeText = (cause: number): string => `cause ${cause}, ${CAUSES[cause] ?? 'see Q.850'}`;

const ENDED_FOR_CALLER = 'the call ended for the caller';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Pure: the progress line for a CTI event of the demo call (null: not worth a line); direction from its call.started. */
export function describeEvent(e: CtiEvent, direction?: string): string | null {
  switch (e.type) {
    case 'call.started': return `call ${e.guid} started: ${e.direction} ${e.caller} -> ${e.callee}`;
    case 'call.queued': return `queued in ${e.group} (position ${e.position})`;
    case 'call.ringing': {
      const c = e.customer as { name?: string; company?: string } | null;
      const pop = c ? `customer ${[c.name, c.company].filter(Boolean).join(', ')}` : 'no customer record for this number';
      return `${e.agent} ringing${e.group ? ` (agent of ${e.group})` : ''}; screen pop: caller ${e.caller}, ${pop}`;
    }
    // An outbound call's agent is the caller: the far end answered.
    case 'call.answered': return direction === 'outbound' ? `answered by ${e.callee} (agent ${e.agent} talking)` : `answered by ${e.agent ?? 'the far end'}`;
    case 'call.hungup': return `hung up by the ${e.by}`;
    case 'call.transfer': return `transfer (${e.mode}) to ${e.target}: ${e.result}`;
    case 'call.result': return `call.result: status ${e.status} (${e.statusText}), talk ${e.talkSec} s, wait ${e.waitSec} s`;
    default: return null;
  }
}

export interface CallContext {
  o: DemoOptions;
  plan: DemoPlan;
  parties: Parties;
  timeline: Timeline;
  out: Printer;
  product: ProductLink;
  pool: Pool;
}

export async function placeCall(ctx: CallContext): Promise<CallOutcome> {
  const { o, plan, parties, timeline, out } = ctx;
  const fromPhone = plan.caller.kind === 'phone';
  const callerPeer = plan.caller.kind === 'trunk' ? parties.peer(plan.caller.trunk.name) : parties.phones!;
  const endpoint = plan.caller.kind === 'trunk' ? `PJSIP/${o.to}@product` : `PJSIP/${o.to}@phone-${plan.caller.account.extension}`;
  const contactCenter = plan.destination.kind === 'flow' || plan.destination.kind === 'group';
  const since = timeline.length;
  out.info(`calling ${o.to} from ${o.from} (${plan.caller.kind === 'trunk' ? `${plan.caller.trunk.name} at ${plan.caller.trunk.host}` : `phone ${o.from} at ${callerPeer.spec.ip}`})`);
  const caller = await callerPeer.call(endpoint, `<${o.from}>`, 120);
  const callerEnded = (x: Observed): string | undefined => {
    const e = peerEvent(x, 'ended');
    return e?.channel === caller ? `${ENDED_FOR_CALLER} (${causeText(e.cause)})` : undefined;
  };

  let guid: string;
  try {
    const started = await timeline.waitFor('the app to report the call (call.started)', 10000, (x) => {
      const e = cti(x, 'call.started');
      return e && (e.caller === o.from || e.callee === o.to) ? e : undefined;
    }, { since, fail: callerEnded });
    guid = started.value.guid!;
  } catch (err) {
    await callerPeer.hangup(caller);
    if (err instanceof DemoError) throw err;
    throw new DemoError((err as Error).message, `is the app connected to Asterisk? see "make status" and ${ctx.product.base}/api/v1/health; explain the route with: npm run route -- --from ${fromPhone ? o.from : (plan.caller as { trunk: { name: string } }).trunk.name} --caller ${o.from} ${o.to}`);
  }
  let direction: string | undefined;
  const unfollow = timeline.follow(since, (x) => {
    if (x.src !== 'cti' || x.event.guid !== guid) return;
    if (x.event.type === 'call.started') direction = String(x.event.direction);
    const line = describeEvent(x.event, direction);
    if (line) out.info(line);
  });
  try {
    return await converse(ctx, caller, guid, since, callerEnded, contactCenter);
  } finally {
    unfollow();
    await callerPeer.hangup(caller).catch(() => {});
  }
}

async function converse(ctx: CallContext, caller: string, guid: string, since: number, callerEnded: (x: Observed) => string | undefined, contactCenter: boolean): Promise<CallOutcome> {
  const { o, plan, parties, timeline, out } = ctx;
  const callerPeer = plan.caller.kind === 'trunk' ? parties.peer(plan.caller.trunk.name) : parties.phones!;

  if (plan.destination.kind === 'flow') {
    await timeline.waitFor('the IVR to answer', 10000, (x) => (peerEvent(x, 'answered')?.channel === caller ? true : undefined), { since, fail: callerEnded });
    out.info(`IVR answered (flow ${plan.destination.flow}): the caller hears the menu`);
    if (o.dtmf) {
      await sleep(1000);
      timeline.check();
      await callerPeer.sendDtmf(caller, o.dtmf);
      out.info(`DTMF ${o.dtmf} sent`);
    } else {
      out.info('no key pressed (DTMF empty): after the menu\'s attempts the flow picks its default');
    }
  }

  if (!o.agentAnswer) {
    await timeline.waitFor('a phone to ring', 60000, (x) => cti(x, 'call.ringing', guid), { since, fail: callerEnded });
    out.info(`nobody answers (AGENT_ANSWER=no): the caller gives up after ${o.holdSec} s`);
    const early = await timeline.hold(o.holdSec * 1000, callerEnded, timeline.length);
    if (early) out.info(early);
    else {
      out.info(`the caller (${o.from}) hangs up`);
      await callerPeer.hangup(caller);
    }
    return finish(ctx, guid, since);
  }

  try {
    // A phone's own call is answered for it only when the far end answers: either says so.
    await timeline.waitFor('someone to answer', contactCenter ? 90000 : 60000,
      (x) => (cti(x, 'call.answered', guid) || (peerEvent(x, 'answered')?.channel === caller && plan.caller.kind === 'phone') ? true : undefined),
      { since, fail: callerEnded });
  } catch (err) {
    if (err instanceof DemoError) throw err;
    // The product ended the call itself (a refused number, a failed trunk): its record says why.
    if ((err as Error).message.startsWith(ENDED_FOR_CALLER)) {
      out.info((err as Error).message);
      return finish(ctx, guid, since);
    }
    throw new DemoError(`${(err as Error).message}${await agentSummary(ctx)}`, contactCenter
      ? 'make an agent of the group ready (phone *12, or POST /api/v1/agents/<ext>/ready; docs/CTI-API.md) and call again'
      : 'see the call in the app\'s log (its GUID) and explain the route: npm run route -- --from <caller> <number>');
  }
  await callerPeer.playLoop(caller, 'demo-congrats');
  out.info(`talking ${o.holdSec} s (both sides play a recording: audio flows both ways)`);
  const mark = timeline.length;
  // The product may report the answer a moment before the simulated phone's own answer returns.
  let callee = parties.calleeChannel();
  for (let i = 0; !callee && i < 10; i++) {
    await sleep(100);
    callee = parties.calleeChannel();
  }
  const calleeEnded = (x: Observed) => {
    const e = peerEvent(x, 'ended');
    return callee && e?.channel === callee.channel ? `${callee.who} hung up (${causeText(e.cause)})` : undefined;
  };
  const early = await timeline.hold(o.holdSec * 1000, (x) => callerEnded(x) ?? calleeEnded(x), mark);
  const audio = await Promise.all([callerPeer.rtpCounts(caller), callee ? callee.peer.rtpCounts(callee.channel) : null]);
  await Promise.all([callerPeer.stopAudio(caller), callee ? callee.peer.stopAudio(callee.channel) : null]);
  if (audio[0]) out.info(`audio: the caller received ${audio[0].rx} RTP packets and sent ${audio[0].tx}${audio[1] && callee ? `; ${callee.who} received ${audio[1].rx}` : ''}`);
  if (early) {
    out.info(early);
  } else if (o.hangup === 'agent' && callee) {
    out.info(`${callee.who} hangs up`);
    await callee.peer.hangup(callee.channel);
    if (o.score && contactCenter) {
      await sleep(1500);
      timeline.check();
      await callerPeer.sendDtmf(caller, o.score).catch(() => {});
      out.info(`survey: the caller presses ${o.score}`);
    }
    // The product ends the caller's side: at once, or after its survey.
    if (!(await timeline.hold(25000, callerEnded, mark))) await callerPeer.hangup(caller);
  } else {
    if (o.hangup === 'agent') out.warn('the phone that answered is not simulated: the caller hangs up instead');
    out.info(`the caller (${o.from}) hangs up`);
    await callerPeer.hangup(caller);
  }
  return finish(ctx, guid, since);
}

async function finish(ctx: CallContext, guid: string, since: number): Promise<CallOutcome> {
  const { timeline, out } = ctx;
  let status: number | null = null;
  try {
    status = Number((await timeline.waitFor('the call record (call.result)', 15000, (x) => cti(x, 'call.result', guid), { since })).value.status);
  } catch (err) {
    out.warn(`${(err as Error).message}: the record may still come (see the app's log for GUID ${guid})`);
  }
  const record = await callRecord(ctx.pool, guid, 5000);
  if (record) {
    const extra = [
      record.agent ? `agent ${record.agent}` : null, record.group_name ? `group ${record.group_name}` : null,
      `talk ${record.talk_sec} s`, `wait ${record.wait_sec} s`, `hung up by ${record.hangup_by}`,
      record.survey_score !== null ? `survey score ${record.survey_score}` : null, record.recording_path ? `recording ${record.recording_path}` : null,
    ].filter(Boolean).join(', ');
    out.info(`call record id ${guid} (call_records.guid): status ${record.status}, ${extra}`);
  } else {
    out.warn(`no call_records row for ${guid} yet (MySQL away? records are spooled: docs/OPERATIONS.md)`);
  }
  return { guid, status: status ?? record?.status ?? null, record };
}

async function agentSummary(ctx: CallContext): Promise<string> {
  try {
    const agents = await ctx.product.agents();
    return `; agents: ${agents.map((a) => `${a.agent} ${a.state}${a.reason ? ` (${a.reason})` : ''}`).join(', ')}`;
  } catch {
    return '';
  }
}
