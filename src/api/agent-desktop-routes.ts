/**
 * Issue 21: the /agent page's own API. Setup (where the browser phone registers, auto-answer,
 * disposition codes), the one-session-per-agent claim, the wrap-up disposition of a call and the
 * agent's calls of today. Everything else the page does goes through the same CTI routes as any
 * CRM (agent states, hold, transfer, click-to-call): features written once.
 */
import { z } from 'zod';
import type { AnsweredCalls } from '../agent-desktop/answered-calls';
import type { DesktopSessions } from '../agent-desktop/desktop-sessions';
import type { ChannelOwner } from '../calls/registry';
import type { SipAccount } from '../domain';
import { listDispositionCodes, saveDisposition, todaysCalls } from '../db/disposition-repository';
import type { Pool } from '../db/pool';
import type { Logger } from '../log/logger';
import { isPartyOf } from './call-access';
import { ApiError } from './errors';
import { defineRoute, type ApiRoute } from './route-table';
import { agentParams, extension, guidParams, timeOrDate } from './schemas';
import type { Principal } from './auth';

export interface AgentDesktopDeps {
  pool: Pool;
  log: Logger;
  account: (extension: string) => SipAccount | undefined;
  call: (guid: string) => ChannelOwner | undefined;
  sessions: DesktopSessions;
  answered: AnsweredCalls;
  /** Where browsers open SIP over WebSocket (ws://host:port/ws or wss://...). */
  wsUrl: string;
  /** SIP domain of the account URIs (sip:<ext>@<domain>). */
  sipDomain: string;
  iceServers: readonly { urls: string | string[]; username?: string; credential?: string }[];
  /** After a disposition is saved (issue 22: a campaign call's disposition ends its attempt and drives the retry). */
  onDisposition?: (d: { guid: string; agent: string; code: string }) => Promise<void>;
  now?: () => number;
}

const sessionParams = z.object({ session: z.string().regex(/^[0-9a-f-]{36}$/, 'a session id (UUID)') }).strict();

function ownAgent(p: Principal): string {
  if (p.role !== 'agent' || !p.agent) throw new ApiError(403, 'agents-only', 'the agent desktop is for agents: sign in with your extension and SIP password');
  return p.agent;
}

export function agentDesktopRoutes(d: AgentDesktopDeps): ApiRoute[] {
  const now = d.now ?? Date.now;
  return [
    defineRoute({
      method: 'get', path: '/api/v1/agent-desktop/setup', tag: 'agent desktop', role: 'agent',
      summary: 'The signed-in agent\'s browser phone: SIP over WebSocket URL, SIP URI, ICE servers, auto-answer, disposition codes',
      errors: { 409: 'the account is a desk phone (webrtc = 0): the page works as a CTI client only' },
      handler: async ({ principal }) => {
        const agent = ownAgent(principal);
        const a = d.account(agent);
        if (!a) throw new ApiError(404, 'unknown-agent', `no enabled SIP account ${agent}`);
        return {
          agent, displayName: a.displayName, webrtc: !!a.webrtc, autoAnswer: !!a.autoAnswer,
          sip: { wsUrl: d.wsUrl, uri: `sip:${agent}@${d.sipDomain}`, authorizationUser: agent },
          iceServers: d.iceServers,
          dispositionCodes: await listDispositionCodes(d.pool),
        };
      },
    }),
    defineRoute({
      method: 'post', path: '/api/v1/agent-desktop/session', tag: 'agent desktop', role: 'agent', body: z.object({}).strict(),
      summary: 'Claim the agent\'s desktop: one /agent page per agent; an older page is taken over',
      handler: ({ principal }) => {
        const agent = ownAgent(principal);
        const { claim, replaced } = d.sessions.claim(agent, now());
        d.log.info({ agent, session: claim.session, replaced: replaced?.session ?? null }, replaced ? 'agent desktop taken over by a new page' : 'agent desktop signed in');
        return { status: 201, body: { session: claim.session, replaced: replaced !== null } };
      },
    }),
    defineRoute({
      method: 'get', path: '/api/v1/agent-desktop/session/:session', tag: 'agent desktop', role: 'agent', params: sessionParams,
      summary: 'Does this page still hold the agent\'s desktop? state: current, taken-over or signed-out',
      handler: ({ principal, params }) => {
        const c = d.sessions.check(ownAgent(principal), params.session, now());
        return c.state === 'taken-over' ? { state: c.state, since: new Date(c.by.claimedAt).toISOString() } : { state: c.state };
      },
    }),
    defineRoute({
      method: 'delete', path: '/api/v1/agent-desktop/session/:session', tag: 'agent desktop', role: 'agent', params: sessionParams,
      summary: 'Sign the page out (its own claim only)',
      handler: ({ principal, params }) => ({ released: d.sessions.release(ownAgent(principal), params.session) }),
    }),
    defineRoute({
      method: 'post', path: '/api/v1/calls/:guid/disposition', tag: 'agent desktop', role: 'agent', params: guidParams,
      body: z.object({
        code: z.string().regex(/^[a-z0-9_-]{1,32}$/, 'a disposition code (see GET /api/v1/agent-desktop/setup)'),
        note: z.string().max(500).regex(/^[^\0]*$/, 'text without NUL').default(''),
        agent: extension.optional(),
      }).strict(),
      agentOf: ({ body }) => body.agent,
      summary: 'Wrap-up: the disposition code (and a note) of a call the agent talked on; one per call and agent, a second replaces the first',
      errors: { 404: 'unknown disposition code', 409: 'the agent did not talk on this call' },
      handler: async ({ params, body, principal }) => {
        const agent = principal.role === 'agent' ? principal.agent! : body.agent;
        if (!agent) throw new ApiError(400, 'invalid-body', 'invalid body', { problems: ['agent: required for a supervisor or program giving a disposition'] });
        if (principal.role === 'agent' && !d.answered.answered(params.guid, agent, now()) && !isPartyOf(d.call(params.guid), agent)) {
          throw new ApiError(409, 'not-your-call', `agent ${agent} did not talk on call ${params.guid}`);
        }
        const codes = await listDispositionCodes(d.pool);
        if (!codes.some((c) => c.code === body.code)) throw new ApiError(404, 'unknown-disposition', `no enabled disposition code ${body.code}`);
        await saveDisposition(d.pool, { guid: params.guid, agent, code: body.code, note: body.note, at: new Date(now()) });
        d.log.info({ guid: params.guid, agent, code: body.code }, 'call disposition saved');
        await d.onDisposition?.({ guid: params.guid, agent, code: body.code })
          .catch((err) => d.log.warn({ guid: params.guid, err: (err as Error).message }, 'disposition saved, but its campaign attempt was not updated'));
        return { guid: params.guid, agent, code: body.code, note: body.note };
      },
    }),
    defineRoute({
      method: 'get', path: '/api/v1/agents/:agent/calls/today', tag: 'agent desktop', role: 'agent', params: agentParams,
      query: z.object({ since: timeOrDate.optional() }).strict(), agentOf: ({ params }) => params.agent,
      summary: 'The agent\'s calls since local midnight (or since=): calls it is the agent of record of or gave a disposition for, newest first',
      handler: async ({ params, query }) => {
        const since = query.since ? new Date(query.since.replace(' ', 'T')) : midnight(new Date(now()));
        return { agent: params.agent, since: since.toISOString(), calls: await todaysCalls(d.pool, params.agent, since) };
      },
    }),
  ];
}

function midnight(t: Date): Date {
  return new Date(t.getFullYear(), t.getMonth(), t.getDate());
}
