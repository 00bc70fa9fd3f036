/**
 * Call info (T3): the calls in progress as the app sees them; an agent sees only its own calls
 * and their channels (call-access.ts). Commands live in control-routes.ts.
 */
import { z } from 'zod';
import type { Client } from 'ari-client';
import type { CallRegistry } from '../calls/registry';
import { assertCanSee, canSee } from './call-access';
import { ApiError } from './errors';
import { defineRoute, type ApiRoute } from './route-table';
import { extension, guidParams, phoneNumber } from './schemas';
import { matchChannels } from '../cti/channel-match';

export function findCall(registry: CallRegistry, guid: string) {
  const call = registry.byGuid(guid);
  if (!call) throw new ApiError(404, 'unknown-call', `no call ${guid} in progress`);
  return call;
}

const channelQuery = z.object({ number: phoneNumber.optional(), agent: extension.optional() }).strict()
  .refine((q) => q.number === undefined || q.agent === undefined, { message: 'give number or agent, not both' });
const channelParams = z.object({ id: z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, 'a channel id') }).strict();

/** What the API shows of an Asterisk channel, with the call that owns it. */
function channelView(ch: { id: string; name: string; state: string; caller: { number: string; name: string }; connected: { number: string }; creationtime: string; dialplan?: { exten: string } }, registry: CallRegistry) {
  return {
    id: ch.id, name: ch.name, state: ch.state, caller: ch.caller.number, callerName: ch.caller.name, connected: ch.connected.number,
    dialled: ch.dialplan?.exten ?? null, createdAt: ch.creationtime, call: registry.byChannelId(ch.id)?.guid ?? null,
  };
}

export function callRoutes(registry: CallRegistry, ari: () => Client | null): ApiRoute[] {
  const client = () => {
    const c = ari();
    if (!c) throw new ApiError(503, 'asterisk-unavailable', 'the link to Asterisk (ARI) is down; retry shortly');
    return c;
  };
  return [
    defineRoute({
      method: 'get', path: '/api/v1/channels', tag: 'calls', role: 'agent', query: channelQuery,
      summary: 'Live Asterisk channels with the call each belongs to (agents: the channels of their own calls); ?number= the channels of that phone or trunk or with that caller/connected number, ?agent= the channels of that agent\'s phone (获取通道信息)', errors: { 503: 'ARI link down' },
      handler: async ({ principal, query }) => {
        const all = (await client().channels.list()).filter((ch) => canSee(principal, registry.byChannelId(ch.id)));
        const found = query.number !== undefined ? matchChannels(all, { number: query.number }) : query.agent !== undefined ? matchChannels(all, { agent: query.agent }) : all;
        return { channels: found.map((ch) => channelView(ch as never, registry)) };
      },
    }),
    defineRoute({
      method: 'get', path: '/api/v1/channels/:id', tag: 'calls', role: 'agent', params: channelParams, summary: 'One live channel', errors: { 404: 'no such channel (agents: or not of their calls)', 503: 'ARI link down' },
      handler: async ({ params, principal }) => {
        const all = await client().channels.list();
        const ch = all.find((c) => c.id === params.id);
        if (!ch || !canSee(principal, registry.byChannelId(ch.id))) throw new ApiError(404, 'unknown-channel', `no channel ${params.id}`);
        return channelView(ch as never, registry);
      },
    }),
    defineRoute({
      method: 'get', path: '/api/v1/calls', tag: 'calls', role: 'agent', summary: 'Calls in progress (agents: the calls they are a party of)',
      handler: ({ principal }) => ({ calls: registry.all().filter((c) => c.snapshot && canSee(principal, c)).map((c) => c.snapshot!()) }),
    }),
    defineRoute({
      method: 'get', path: '/api/v1/calls/:guid', tag: 'calls', role: 'agent', params: guidParams, summary: 'One call in progress', errors: { 404: 'no such call in progress' },
      handler: ({ params, principal }) => {
        const call = findCall(registry, params.guid);
        assertCanSee(principal, call);
        if (!call.snapshot) throw new ApiError(404, 'unknown-call', `call ${params.guid} has no details`);
        return call.snapshot();
      },
    }),
  ];
}
