/** Click-to-call (C6, T3 originate): the agent's phone rings first, then the number is dialled as from that phone. */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ClickToCall, type ClickToCallDeps } from '../calls/click-to-call';
import { CallControlError } from '../calls/transfer';
import { ApiError } from './errors';
import { defineRoute, type ApiRoute } from './route-table';
import { extension, phoneNumber } from './schemas';

export interface OriginateRouteDeps extends ClickToCallDeps {
  isAccount: (ext: string) => boolean;
  ringTimeoutSec: number;
}

export function originateRoutes(d: OriginateRouteDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'post', path: '/api/v1/calls/originate', tag: 'calls', role: 'agent',
      body: z.object({ agent: extension, number: phoneNumber, displayNumber: phoneNumber.optional() }).strict(),
      agentOf: ({ body }) => body.agent,
      summary: 'Click-to-call: the agent\'s phone rings first (showing displayNumber, if given, instead of the number); on answer the number is dialled exactly as if the agent dialled it. Answers the call\'s GUID at once',
      errors: { 404: 'the agent is not an enabled SIP account', 409: 'the agent\'s phone is not registered' },
      handler: async ({ body }) => {
        if (!d.isAccount(body.agent)) throw new ApiError(404, 'unknown-agent', `no enabled SIP account ${body.agent}`);
        const guid = randomUUID();
        const c2c = new ClickToCall(d, guid, { agent: body.agent, number: body.number, displayNumber: body.displayNumber, ringTimeoutSec: d.ringTimeoutSec });
        try {
          await c2c.start();
        } catch (err) {
          if (err instanceof CallControlError) throw new ApiError(409, err.code, err.message);
          throw err;
        }
        return { status: 202, body: { guid, agent: body.agent, number: body.number, displayNumber: body.displayNumber ?? null } };
      },
    }),
  ];
}
