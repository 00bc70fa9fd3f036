/** A phone's forwarding, DND and call waiting through the API (issue 20): the same settings as its feature codes. */
import { z } from 'zod';
import type { AgentService } from '../agents/agent-service';
import { NO_ANSWER_SEC } from '../phone-features/phone-features';
import { PhoneFeatureError, type PhoneFeatureService } from '../phone-features/phone-feature-service';
import { ApiError } from './errors';
import { defineRoute, type ApiRoute } from './route-table';
import { agentParams } from './schemas';

const forwardNumber = z.string().regex(/^[0-9]{1,24}$/, 'digits only, 1-24 (an extension, a group number or an outside number as the phone dials it)').nullable();

const featuresBody = z.object({
  dnd: z.boolean().optional(),
  callWaiting: z.boolean().optional(),
  forwardAll: forwardNumber.optional(),
  forwardBusy: forwardNumber.optional(),
  forwardNoAnswer: forwardNumber.optional(),
  noAnswerSec: z.number().int().min(NO_ANSWER_SEC.min).max(NO_ANSWER_SEC.max).optional(),
}).strict();

export function phoneFeatureRoutes(features: PhoneFeatureService, agents: AgentService): ApiRoute[] {
  const known = (agent: string) => {
    if (!agents.has(agent)) throw new ApiError(404, 'unknown-agent', `no agent with extension ${agent} (not an enabled SIP account)`);
  };
  return [
    defineRoute({
      method: 'get', path: '/api/v1/agents/:agent/features', tag: 'agents', role: 'agent', params: agentParams, agentOf: ({ params }) => params.agent,
      summary: 'A phone\'s call forwarding (all, busy, no answer), do not disturb and call waiting', errors: { 404: 'unknown agent' },
      handler: ({ params }) => {
        known(params.agent);
        return { agent: params.agent, ...features.get(params.agent) };
      },
    }),
    defineRoute({
      method: 'put', path: '/api/v1/agents/:agent/features', tag: 'agents', role: 'agent', params: agentParams, body: featuresBody, agentOf: ({ params }) => params.agent,
      summary: 'Changes the given settings (others stay); null cancels a forward. DND on makes the agent not ready (dnd), off makes it ready again',
      errors: { 404: 'unknown agent' },
      handler: async ({ params, body }) => {
        known(params.agent);
        try {
          return { agent: params.agent, ...(await features.change(params.agent, body)) };
        } catch (err) {
          if (err instanceof PhoneFeatureError) throw new ApiError(400, 'invalid-body', 'invalid body', { problems: err.problems });
          throw err;
        }
      },
    }),
  ];
}
