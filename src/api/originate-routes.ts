/** Click-to-call (C6, T3 originate): the agent's phone rings first, then the number is dialled as from that phone. */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ClickToCall, clickToCallChannelId, type ClickToCallDeps } from '../calls/click-to-call';
import type { OriginateOptions } from '../cti/originate-options';
import { CallControlError } from '../calls/transfer';
import { ApiError } from './errors';
import { defineRoute, type ApiRoute } from './route-table';
import { extension, phoneNumber } from './schemas';

export interface OriginateRouteDeps extends ClickToCallDeps {
  isAccount: (ext: string) => boolean;
  ringTimeoutSec: number;
  /** Where CallerNo / HALLH wait for the call object (src/cti/originate-options.ts). */
  options?: OriginateOptions;
}

const originateBody = z.object({
  agent: extension,
  number: phoneNumber,
  displayNumber: phoneNumber.optional(),
  /** TellGuid: the call's GUID chosen by the client (a new UUID). */
  guid: z.string().regex(/^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/, 'a UUID like 769194C3-423C-40E7-8E23-7BA83900DBFB').optional(),
  /** CallerNo: the number the callee is shown (crm role and above). */
  callerNumber: phoneNumber.optional(),
  /** HALLH: when the agent hangs up, everyone is hung up (no outbound survey). */
  hangupAll: z.boolean().optional(),
}).strict();

export function originateRoutes(d: OriginateRouteDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'post', path: '/api/v1/calls/originate', tag: 'calls', role: 'agent',
      body: originateBody,
      agentOf: ({ body }) => body.agent,
      summary: 'Click-to-call (客户端发起呼叫): the agent\'s phone rings first (showing displayNumber, if given, instead of the number); on answer the number is dialled exactly as if the agent dialled it, showing callerNumber (CallerNo) when given; hangupAll (HALLH): the agent hanging up ends the call for everyone. Answers the call\'s GUID (guid = TellGuid when given) at once',
      errors: { 404: 'the agent is not an enabled SIP account', 409: 'the agent\'s phone is not registered, or the given guid is a call in progress', 503: 'ARI link down' },
      handler: async ({ body, principal }) => {
        if (body.callerNumber !== undefined && principal.role === 'agent') throw new ApiError(403, 'forbidden', 'callerNumber (the number the callee is shown) needs the crm role or above');
        if (!d.isAccount(body.agent)) throw new ApiError(404, 'unknown-agent', `no enabled SIP account ${body.agent}`);
        if (!d.ari()) throw new ApiError(503, 'asterisk-unavailable', 'the link to Asterisk (ARI) is down; retry shortly');
        const guid = body.guid?.toLowerCase() ?? randomUUID();
        if (d.registry.byGuid(guid) || d.registry.byChannelId(clickToCallChannelId(guid))) throw new ApiError(409, 'guid-in-use', `call ${guid} is in progress; give a new GUID`);
        d.options?.put(guid, { callerNumber: body.callerNumber, hangupAll: body.hangupAll });
        const c2c = new ClickToCall(d, guid, { agent: body.agent, number: body.number, displayNumber: body.displayNumber, ringTimeoutSec: d.ringTimeoutSec });
        try {
          await c2c.start();
        } catch (err) {
          if (err instanceof CallControlError) throw new ApiError(409, err.code, err.message);
          throw err;
        }
        return { status: 202, body: { guid, agent: body.agent, number: body.number, displayNumber: body.displayNumber ?? null, callerNumber: body.callerNumber ?? null, hangupAll: body.hangupAll ?? false } };
      },
    }),
  ];
}
