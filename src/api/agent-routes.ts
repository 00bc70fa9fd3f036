/** Agent commands and info (A1, T3): the same AgentService operations as the phone's feature codes. */
import { z } from 'zod';
import { AgentStateError, type AgentEvent, type AgentState } from '../agents/agent-state';
import type { AgentService } from '../agents/agent-service';
import { ApiError } from './errors';
import { defineRoute, type ApiRoute } from './route-table';
import { agentParams, reason } from './schemas';

/** `agentId`: the agent ID (工号) seated at the phone (hot-desking), else the extension itself. */
export function agentView(agent: string, s: AgentState, now = Date.now(), agentId = agent) {
  return { agent, agentId, state: s.name, reason: s.reason, since: new Date(s.since).toISOString(), secondsInState: Math.max(0, Math.round((now - s.since) / 1000)), call: s.callGuid };
}

export function agentRoutes(agents: AgentService, identity: (extension: string) => string = (e) => e): ApiRoute[] {
  const view = (agent: string, s: AgentState) => agentView(agent, s, Date.now(), identity(agent));
  const known = (agent: string): AgentState => {
    const s = agents.get(agent);
    if (!s) throw new ApiError(404, 'unknown-agent', `no agent with extension ${agent} (not an enabled SIP account)`);
    return s;
  };
  const command = (verb: string, summary: string, event: (body: { reason?: string }) => AgentEvent, body?: z.ZodType) => defineRoute({
    method: 'post', path: `/api/v1/agents/:agent/${verb}`, tag: 'agents', role: 'agent', params: agentParams,
    body: body ?? z.object({}).strict(), summary, agentOf: ({ params }) => params.agent,
    errors: { 404: 'unknown agent', 409: 'the agent\'s state does not allow it (e.g. ready while logged out)' },
    handler: ({ params, body: b }) => {
      known(params.agent);
      try {
        return view(params.agent, agents.apply(params.agent, event(b as { reason?: string })));
      } catch (err) {
        if (err instanceof AgentStateError) throw new ApiError(409, err.code, err.message);
        throw err;
      }
    },
  });
  return [
    defineRoute({
      method: 'get', path: '/api/v1/agents', tag: 'agents', role: 'agent', summary: 'All agents with state, time in state and current call',
      handler: () => ({ agents: agents.all().map(([a, s]) => view(a, s)).sort((x, y) => x.agent.localeCompare(y.agent, 'en', { numeric: true })) }),
    }),
    defineRoute({
      method: 'get', path: '/api/v1/agents/:agent', tag: 'agents', role: 'agent', params: agentParams, summary: 'One agent', errors: { 404: 'unknown agent' },
      handler: ({ params }) => view(params.agent, known(params.agent)),
    }),
    command('login', 'Log in (ready, or not ready when a reason is pending)', () => ({ type: 'login' })),
    command('logout', 'Log out (after the current call, if on one)', (b) => ({ type: 'logout', reason: b.reason ?? 'api' }), z.object({ reason: reason.optional() }).strict()),
    command('ready', 'Ready: may receive ACD calls', () => ({ type: 'ready' })),
    command('not-ready', 'Not ready, with a reason', (b) => ({ type: 'not-ready', reason: b.reason ?? 'break' }), z.object({ reason: reason.optional() }).strict()),
  ];
}
