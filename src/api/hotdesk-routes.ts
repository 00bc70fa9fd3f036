/**
 * Hot-desking over the API (issue 19): an agent ID (工号) logs in at a phone with its PIN, or a
 * supervisor seats or unseats it without one. An agent signed in as extension X may only log
 * in at X, or log out the agent ID sitting at X. docs/HOT-DESKING.md.
 */
import { z } from 'zod';
import { ROLE_RANK } from './auth';
import { ApiError } from './errors';
import { defineRoute, type ApiRoute } from './route-table';
import { extension } from './schemas';
import type { HotDeskResult, HotDeskService } from '../hotdesk/hot-desk-service';
import { AGENT_ID, PIN } from '../hotdesk/seating';

const agentId = z.string().regex(AGENT_ID, 'an agent ID: 2-16 digits');
const pin = z.string().regex(PIN, 'a PIN: 4-12 digits');

const STATUS: Record<string, number> = {
  'unknown-agent-id': 403, 'wrong-pin': 403, 'pin-locked': 429, 'agent-id-disabled': 403, 'unknown-phone': 404, 'phone-busy': 409, 'agent-busy': 409, 'not-seated': 409,
};

function answer(r: HotDeskResult) {
  if (r.ok) return r;
  // An unknown agent ID and a wrong PIN get the same answer: it never tells which agent IDs exist.
  const code = r.refusal === 'unknown-agent-id' || r.refusal === 'wrong-pin' ? 'login-refused' : r.refusal;
  throw new ApiError(STATUS[r.refusal] ?? 409, code, r.message);
}

export function hotDeskRoutes(hotDesk: HotDeskService): ApiRoute[] {
  return [
    defineRoute({
      method: 'get', path: '/api/v1/hotdesk/seats', tag: 'agents', role: 'agent', summary: 'Hot-desking: which agent ID sits at which phone, with the phone\'s agent state',
      handler: () => ({ seats: hotDesk.seats() }),
    }),
    defineRoute({
      method: 'post', path: '/api/v1/hotdesk/login', tag: 'agents', role: 'agent',
      summary: 'Hot-desking: log an agent ID in at a phone (its PIN; a supervisor may leave it out). Whoever sat there is logged out; the agent leaves its old phone',
      body: z.object({ agentId, pin: pin.optional(), extension }).strict(),
      agentOf: ({ body }) => body.extension,
      errors: { 404: 'the phone is not an agent (no enabled SIP account)', 409: 'the phone, or the agent at its old phone, is ringing or on a call' },
      handler: async ({ body, principal }) => {
        const supervisor = ROLE_RANK[principal.role] >= ROLE_RANK.supervisor;
        if (body.pin === undefined && !supervisor) throw new ApiError(400, 'invalid-body', 'invalid body', { problems: ['pin: required'] });
        return answer(await hotDesk.login(body.agentId, body.pin ?? null, body.extension, `api:${principal.name}`));
      },
    }),
    defineRoute({
      method: 'post', path: '/api/v1/hotdesk/logout', tag: 'agents', role: 'agent',
      summary: 'Hot-desking: log an agent ID out of the phone it sits at (after the current call, if on one: pending)',
      body: z.object({ agentId }).strict(),
      agentOf: ({ body }) => hotDesk.seats().find((s) => s.agentId === body.agentId)?.extension ?? '-',
      errors: { 409: 'the agent ID is not logged in on any phone' },
      handler: async ({ body, principal }) => answer(await hotDesk.logout(body.agentId, `api:${principal.name}`)),
    }),
  ];
}
