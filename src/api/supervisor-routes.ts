/**
 * Supervisor commands (C5, T3) on calls in progress: listen, whisper, barge, force hang-up,
 * mute / unmute. Take over lives with the call objects (control-routes.ts).
 */
import { z } from 'zod';
import type { Client } from 'ari-client';
import { connectedClient, ifStillThere } from '../ari/errors';
import { callerIdString } from '../calls/call-plan';
import type { CallRegistry, CallSnapshot, ChannelOwner } from '../calls/registry';
import { CallControlError } from '../calls/transfer';
import { SupervisorSession, type SupervisorSessionDeps } from '../calls/supervisor-session';
import type { SupervisionMode } from '../calls/supervision';
import { authorize } from './auth';
import { assertConnected } from './call-access';
import { ApiError } from './errors';
import { defineRoute, type ApiRoute } from './route-table';
import { extension, guidParams } from './schemas';

export interface SupervisorRouteDeps extends SupervisorSessionDeps {
  /** True for an enabled SIP account. */
  isAccount: (ext: string) => boolean;
  ringTimeoutSec: number;
}

/** A customer call (not a supervisor session or conference) with its snapshot. */
function callOf(registry: CallRegistry, guid: string): { call: ChannelOwner; snap: CallSnapshot } {
  const call = registry.byGuid(guid);
  if (!call?.snapshot) throw new ApiError(404, 'unknown-call', `no call ${guid} in progress`);
  return { call, snap: call.snapshot() };
}

type Connected = CallSnapshot & { agent: string; agentChannel: string; bridgeId: string };

function connected(snap: CallSnapshot): Connected {
  if (!snap.agent || !snap.agentChannel || !snap.bridgeId) {
    throw new ApiError(409, 'not-connected', `call ${snap.guid} is not connected to an agent (state ${snap.state})`);
  }
  return snap as Connected;
}

export function supervisorRoutes(d: SupervisorRouteDeps): ApiRoute[] {
  const supervise = (mode: SupervisionMode, summary: string) => defineRoute({
    method: 'post', path: `/api/v1/calls/:guid/${mode}`, tag: 'supervisor', role: 'supervisor', params: guidParams,
    body: z.object({ supervisor: extension }).strict(), summary,
    errors: { 404: 'no such call, or the supervisor extension is not an enabled account', 409: 'the call is not connected to an agent, the supervisor is on the call, or the supervisor\'s phone is not registered' },
    handler: async ({ params, body }) => {
      const snap = connected(callOf(d.registry, params.guid).snap);
      if (!d.isAccount(body.supervisor)) throw new ApiError(404, 'unknown-supervisor', `no enabled SIP account ${body.supervisor}`);
      if (body.supervisor === snap.agent || body.supervisor === snap.caller) throw new ApiError(409, 'on-the-call', `${body.supervisor} is a party of call ${snap.guid}`);
      const session = new SupervisorSession(d, { guid: snap.guid, agentChannel: snap.agentChannel, bridgeId: snap.bridgeId }, body.supervisor, mode);
      try {
        await session.start(callerIdString(snap.caller || snap.agent, mode), d.ringTimeoutSec);
      } catch (err) {
        if (err instanceof CallControlError) throw new ApiError(409, err.code, err.message);
        throw err;
      }
      return { status: 202, body: { guid: snap.guid, session: session.guid, supervisor: body.supervisor, mode, agent: snap.agent } };
    },
  });

  return [
    supervise('listen', 'Listen: the supervisor\'s phone rings and, once answered, hears the customer and the agent without being heard'),
    supervise('whisper', 'Whisper: the supervisor hears both sides and speaks to the agent only'),
    supervise('barge', 'Barge in: the supervisor joins the call; everyone hears everyone'),
    defineRoute({
      method: 'post', path: '/api/v1/calls/:guid/hangup', tag: 'call control', role: 'agent', params: guidParams, body: z.object({}).strict(),
      summary: 'Hang up. Supervisors (强拆 force hang-up): every side of the call is hung up, the record says hung up by the system. Agents: their own phone\'s side of the call they are talking on, as if they hung up the phone (the caller may hear the survey)',
      errors: { 404: 'no such call', 409: 'an agent not talking on the call' },
      handler: async ({ params, principal }) => {
        const { call, snap } = callOf(d.registry, params.guid);
        if (principal.role === 'agent') {
          assertConnected(principal, call);
          const leg = connected(snap).agentChannel;
          const ok = await ifStillThere(() => connectedClient(d.ari).channels.hangup({ channelId: leg }));
          if (!ok) throw new ApiError(409, 'not-connected', `call ${snap.guid} ended meanwhile`);
          d.log.info({ guid: snap.guid, agent: principal.agent }, 'agent hung up through the API');
          return { status: 202, body: { guid: snap.guid, hangup: true, side: 'agent' } };
        }
        authorize(principal, 'supervisor'); // a CRM controls calls, but ending whole calls is a supervisor's (issue 16)
        if (call.forceHangup) call.forceHangup();
        else await ifStillThere(() => connectedClient(d.ari).channels.hangup({ channelId: snap.callerChannel }));
        d.log.info({ guid: snap.guid }, 'force hang-up requested');
        return { status: 202, body: { guid: snap.guid, hangup: true, side: 'all' } };
      },
    }),
    defineRoute({
      method: 'post', path: '/api/v1/calls/:guid/mute', tag: 'call control', role: 'agent', params: guidParams,
      body: z.object({ side: z.enum(['caller', 'agent']), muted: z.boolean() }).strict(),
      summary: 'Mute or unmute one side of a connected call: the other side stops (or starts again) hearing that party. Agents: only their own call',
      errors: { 404: 'no such call', 409: 'the call is not connected to an agent' },
      handler: async ({ params, body, principal }) => {
        const { call, snap: s } = callOf(d.registry, params.guid);
        const snap = connected(s);
        assertConnected(principal, call);
        const channelId = body.side === 'caller' ? snap.callerChannel : snap.agentChannel;
        await setMuted(connectedClient(d.ari), channelId, body.muted, snap.guid);
        d.events.publish({ type: 'call.mute', guid: snap.guid, side: body.side, muted: body.muted });
        return { guid: snap.guid, side: body.side, muted: body.muted };
      },
    }),
  ];
}

/** Direction "in": what the party says no longer reaches the bridge (nobody hears it). */
async function setMuted(c: Client, channelId: string, muted: boolean, guid: string): Promise<void> {
  const ok = await ifStillThere(() => (muted ? c.channels.mute({ channelId, direction: 'in' }) : c.channels.unmute({ channelId, direction: 'in' })));
  if (!ok) throw new ApiError(409, 'not-connected', `call ${guid} ended meanwhile`);
}
