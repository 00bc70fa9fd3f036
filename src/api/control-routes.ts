/**
 * Call-control commands (C3, A5, T3) on calls in progress: transfer (blind, attended, cancel,
 * complete), hold / retrieve, pickup, take over, answer, flow variables and flow switch.
 * The call objects do the work; this file maps requests and errors (404 / 409) onto them.
 */
import { z } from 'zod';
import type { AmiLink } from '../ami/connection';
import { CallSession } from '../calls/session/call-session';
import { PhoneLeg, type PhoneLegDeps } from '../calls/phone-leg';
import type { CallRegistry, ChannelOwner } from '../calls/registry';
import { CallControlError, type TransferTarget } from '../calls/transfer';
import { callerIdString } from '../calls/call-plan';
import type { EventSink } from '../events/cti-events';
import type { Principal } from './auth';
import { findCall } from './call-routes';
import { assertConnected } from './call-access';
import { ApiError } from './errors';
import { defineRoute, type ApiRoute } from './route-table';
import { extension, guidParams, name, phoneNumber } from './schemas';
import { BUILT_IN_VARIABLES, GLOBAL_VARIABLE_PREFIX, isBuiltInVariable, MENU_VARIABLE_PREFIX } from '../flows/built-in-variables';

export interface ControlDeps {
  registry: CallRegistry;
  phones: PhoneLegDeps;
  ami: AmiLink;
  events: EventSink;
  pickupMinRingSec: number;
}

const transferBody = z.object({
  mode: z.enum(['blind', 'attended']).default('blind'),
  extension: extension.optional(),
  agent: extension.optional(),
  group: z.union([name, extension]).optional(),
  number: phoneNumber.optional(),
}).strict().refine((b) => [b.extension, b.agent, b.group, b.number].filter((x) => x !== undefined).length === 1, {
  message: 'give exactly one target: extension, agent, group or number',
});

/** The third party of an agent's three-way call: one target, as for a transfer. */
const thirdPartyBody = z.object({
  extension: extension.optional(),
  agent: extension.optional(),
  group: z.union([name, extension]).optional(),
  number: phoneNumber.optional(),
}).strict().refine((b) => [b.extension, b.agent, b.group, b.number].filter((x) => x !== undefined).length === 1, {
  message: 'give exactly one target: extension, agent, group or number',
});

const variableBody = z.object({ name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'a variable name: letters, digits, _'), value: z.string().max(256).regex(/^[^\r\n\0]*$/, 'one line of text') }).strict();

/** Maps the call objects' refusals onto HTTP. */
async function carry<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof CallControlError) {
      throw new ApiError(err.code === 'unknown-target' ? 404 : 409, err.code, err.message);
    }
    throw err;
  }
}

/** Every kind of call is a CallSession; other registry entries (a conference, a supervisor's phone) are not calls. */
function session(call: ChannelOwner): CallSession {
  if (!(call instanceof CallSession)) throw new ApiError(409, 'not-supported', 'this is not a call (a conference or a supervisor session)');
  return call;
}

export function controlRoutes(d: ControlDeps): ApiRoute[] {
  const call = (guid: string, p: Principal) => {
    const c = findCall(d.registry, guid);
    assertConnected(p, c);
    return c;
  };
  const simple = (path: string, summary: string, role: 'agent' | 'supervisor', run: (c: CallSession) => Promise<void>) => defineRoute({
    method: 'post', path: `/api/v1/calls/:guid/${path}`, tag: 'call control', role, params: guidParams, body: z.object({}).strict(), summary,
    errors: { 404: 'no such call', 409: 'the call is not in a state that allows it' },
    handler: async ({ params, principal }) => {
      await carry(() => run(session(call(params.guid, principal))));
      return { guid: params.guid, ok: true };
    },
  });
  return [
    defineRoute({
      method: 'post', path: '/api/v1/calls/:guid/transfer', tag: 'call control', role: 'agent', params: guidParams, body: transferBody,
      summary: 'Transfer the caller: blind or attended, to an extension, an agent, a group (name or number) or an outside number',
      errors: { 404: 'no such call, or the target is unknown / not reachable by routing', 409: 'the call is not connected to an agent, or a transfer is already in progress' },
      handler: async ({ params, body, principal }) => {
        const c = session(call(params.guid, principal));
        const target: TransferTarget = body.extension ? { kind: 'extension', extension: body.extension }
          : body.agent ? { kind: 'extension', extension: body.agent }
            : body.group ? { kind: 'group', group: groupName(c, body.group) } : { kind: 'number', number: body.number! };
        await carry(() => c.transferTo(target, body.mode));
        return { status: 202, body: { guid: params.guid, mode: body.mode, target } };
      },
    }),
    defineRoute({
      method: 'post', path: '/api/v1/calls/:guid/conference', tag: 'call control', role: 'agent', params: guidParams, body: thirdPartyBody,
      summary: 'Three-way call: add a third party (an extension, an agent, a group\'s first ready member, or an outside number); it rings while caller and agent talk on, then joins them (call.conference events)',
      errors: { 404: 'no such call, or the target is unknown / not reachable by routing', 409: 'the call is not connected to an agent, is held, has a transfer in progress or a third party already, or nobody in the group is ready' },
      handler: async ({ params, body, principal }) => {
        const c = session(call(params.guid, principal));
        const target: TransferTarget = body.extension ? { kind: 'extension', extension: body.extension }
          : body.agent ? { kind: 'extension', extension: body.agent }
            : body.group ? { kind: 'group', group: groupName(c, body.group) } : { kind: 'number', number: body.number! };
        await carry(() => c.addThirdParty(target));
        return { status: 202, body: { guid: params.guid, target } };
      },
    }),
    defineRoute({
      method: 'delete', path: '/api/v1/calls/:guid/conference', tag: 'call control', role: 'agent', params: guidParams,
      summary: 'Three-way call: drop the third party (or stop calling it); caller and agent talk on',
      errors: { 404: 'no such call', 409: 'no third party on the call' },
      handler: async ({ params, principal }) => {
        await carry(() => session(call(params.guid, principal)).dropThirdParty());
        return { guid: params.guid, ok: true };
      },
    }),
    simple('transfer/complete', 'Complete an attended transfer: caller and target talk, the agent leaves', 'agent', (c) => c.completeTransfer()),
    simple('transfer/cancel', 'Cancel a transfer and return to the caller', 'agent', (c) => c.cancelTransfer()),
    simple('hold', 'Hold the caller (music on hold)', 'agent', (c) => c.hold(true)),
    simple('retrieve', 'Retrieve the held caller', 'agent', (c) => c.hold(false)),
    defineRoute({
      method: 'post', path: '/api/v1/calls/:guid/variables', tag: 'call control', role: 'agent', params: guidParams, body: variableBody,
      summary: 'Set a flow variable on the call (not a built-in the product writes: caller, callee, agent, survey_score, menu_<node>)',
      errors: { 404: 'no such call', 409: 'the call has ended, or (agents) their phone is no longer talking on it' },
      handler: async ({ params, body, principal }) => {
        const c = session(call(params.guid, principal));
        if (isBuiltInVariable(body.name)) {
          throw new ApiError(403, 'reserved-variable', `${body.name} is a built-in variable the product writes (${BUILT_IN_VARIABLES.join(', ')}, ${MENU_VARIABLE_PREFIX}<node>, ${GLOBAL_VARIABLE_PREFIX}<name>); it cannot be set through the API`);
        }
        await carry(() => c.setVariable(body.name, body.value));
        return { guid: params.guid, [body.name]: body.value };
      },
    }),
    defineRoute({
      method: 'post', path: '/api/v1/calls/:guid/flow', tag: 'call control', role: 'supervisor', params: guidParams, body: z.object({ flow: name }).strict(),
      summary: 'Switch the call to another flow (an agent on the call is released)', errors: { 404: 'no such call or flow', 409: 'the call cannot switch now' },
      handler: async ({ params, body, principal }) => {
        await carry(() => session(call(params.guid, principal)).switchFlow(body.flow));
        return { guid: params.guid, flow: body.flow };
      },
    }),
    defineRoute({
      method: 'post', path: '/api/v1/calls/:guid/pickup', tag: 'call control', role: 'agent', params: guidParams, body: z.object({ agent: extension }).strict(),
      agentOf: ({ body }) => body.agent,
      summary: `Pick up a call ringing at another phone: the agent's phone rings and takes the call (only after it has rung api.pickupMinRingSec, default 5 s)`,
      errors: { 404: 'no such call', 409: 'the call is not ringing, has not rung long enough, or the agent\'s phone is not reachable' },
      handler: async ({ params, body }) => {
        const c = findCall(d.registry, params.guid);
        const r = c.ringing?.() ?? null;
        if (!r || !c.pickup) throw new ApiError(409, 'not-ringing', `call ${params.guid} is not ringing at a phone`);
        if (r.extension === body.agent) throw new ApiError(409, 'own-call', 'the call is already ringing at this agent');
        const rang = (Date.now() - r.since) / 1000;
        if (rang < d.pickupMinRingSec) throw new ApiError(409, 'too-early', `the call has rung ${rang.toFixed(1)} s; pickup is allowed after ${d.pickupMinRingSec} s`);
        const leg = new PhoneLeg(d.phones, body.agent, (ch) => c.pickup!(body.agent, ch));
        await carry(() => leg.ring(callerIdString(r.extension, 'pickup'), 30));
        return { status: 202, body: { guid: params.guid, agent: body.agent, ringing: r.extension } };
      },
    }),
    defineRoute({
      method: 'post', path: '/api/v1/calls/:guid/takeover', tag: 'supervisor', role: 'supervisor', params: guidParams, body: z.object({ supervisor: extension }).strict(),
      summary: 'Take over: the supervisor\'s phone rings and, once answered, replaces the agent in the call',
      errors: { 404: 'no such call', 409: 'the call is not connected to an agent, or the supervisor\'s phone is not reachable' },
      handler: async ({ params, body }) => {
        const c = session(findCall(d.registry, params.guid));
        if (c.snapshot().state !== 'connected') throw new ApiError(409, 'wrong-state', 'the call is not connected to an agent');
        const leg = new PhoneLeg(d.phones, body.supervisor, (ch) => c.takeOver(body.supervisor, ch).then(() => true));
        await carry(() => leg.ring(callerIdString(c.info.caller, 'take over'), 30));
        return { status: 202, body: { guid: params.guid, supervisor: body.supervisor } };
      },
    }),
    defineRoute({
      method: 'post', path: '/api/v1/calls/:guid/answer', tag: 'call control', role: 'agent', params: guidParams, body: z.object({}).strict(),
      summary: 'Answer on the ringing phone, where the phone supports remote answer (SIP NOTIFY Event: talk; Yealink, Polycom, Snom...)',
      errors: { 404: 'no such call', 409: 'the call is not ringing at a phone' },
      handler: async ({ params, principal }) => {
        const c = findCall(d.registry, params.guid);
        const r = c.ringing?.() ?? null;
        if (!r) throw new ApiError(409, 'not-ringing', `call ${params.guid} is not ringing at a phone`);
        if (principal.role === 'agent' && principal.agent !== r.extension) throw new ApiError(403, 'forbidden', `the call rings at ${r.extension}, not at ${principal.agent}`);
        await d.ami.action({ action: 'PJSIPNotify', endpoint: r.extension, option: 'answer' });
        return { status: 202, body: { guid: params.guid, phone: r.extension, sent: 'NOTIFY Event: talk' } };
      },
    }),
  ];
}

function groupName(c: CallSession, group: string): string {
  if (c.info.groups.has(group)) return group;
  const byNumber = [...c.info.groups.values()].find((g) => g.number === group);
  if (!byNumber) throw new ApiError(404, 'unknown-target', `no group "${group}"`);
  return byNumber.name;
}
