/**
 * CTI commands of the source manual that complete the API (issue 20): read a call's variables
 * (002 §3.6 取变量值), global variables (§3.30 设置全局变量), the phones' states (§12), and force
 * release of channels by channel, phone number or agent number (§27 强行释放通道挂机).
 */
import { z } from 'zod';
import type { Client } from 'ari-client';
import { connectedClient, ifStillThere } from '../ari/errors';
import { CallSession } from '../calls/session/call-session';
import type { CallRegistry } from '../calls/registry';
import { FLOW_CALL_FACTS, GLOBAL_VARIABLE_PREFIX } from '../flows/built-in-variables';
import { assertCanSee } from '../api/call-access';
import { findCall } from '../api/call-routes';
import { ApiError } from '../api/errors';
import { defineRoute, type ApiRoute } from '../api/route-table';
import { extension, guidParams, phoneNumber } from '../api/schemas';
import type { Logger } from '../log/logger';
import { matchChannels, type ChannelQuery } from './channel-match';
import type { ChannelState } from './channel-states';
import { GLOBAL_NAME, type GlobalVariables } from './global-variables';

export interface CtiRouteDeps {
  registry: CallRegistry;
  ari: () => Client | null;
  globals: GlobalVariables;
  log: Logger;
  /** The aggregated state of every extension's phone (the channel monitor). */
  phoneState: (extension: string) => ChannelState;
  /** The enabled accounts, for the phone list. */
  extensions: () => string[];
}

const globalParams = z.object({ name: z.string().regex(GLOBAL_NAME, 'a name: lower case letters, digits and _, starting with a letter (1-25)') }).strict();
const globalBody = z.object({ value: z.string().max(256).regex(/^[^\r\n\0]*$/, 'one line of text') }).strict();
const releaseBody = z.object({
  channel: z.string().regex(/^[A-Za-z0-9._\-/@;]{1,128}$/, 'a channel id or name').optional(),
  number: phoneNumber.optional(),
  agent: extension.optional(),
}).strict().refine((b) => [b.channel, b.number, b.agent].filter((x) => x !== undefined).length === 1, {
  message: 'give exactly one of channel, number, agent',
});

/** A call's variables now: the call's facts, what flows collected or the API set, and the running flow's own. */
export function callVariables(c: CallSession): Record<string, string> {
  const p = c.phase;
  const running = p.name === 'flow' || p.name === 'survey' ? p.runner.cursor?.vars ?? {} : {};
  const facts: Record<string, string> = { caller: c.info.caller, callee: c.info.callee, ...(c.agent ? { agent: c.agent } : {}) };
  const own = Object.fromEntries(Object.entries({ ...c.vars, ...running }).filter(([k]) => !(FLOW_CALL_FACTS as readonly string[]).includes(k) && !k.startsWith(GLOBAL_VARIABLE_PREFIX)).map(([k, v]) => [k, String(v)]));
  return { ...facts, ...own };
}

export function ctiRoutes(d: CtiRouteDeps): ApiRoute[] {
  const globalsNow = async () => {
    try {
      return await d.globals.all();
    } catch (err) {
      throw new ApiError(503, 'mysql-unavailable', (err as Error).message);
    }
  };
  const write = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (err) {
      d.log.warn({ err: (err as Error).message }, 'global variable not written');
      throw new ApiError(503, 'mysql-unavailable', 'the global variable could not be written (MySQL); nothing changed');
    }
  };
  return [
    defineRoute({
      method: 'get', path: '/api/v1/calls/:guid/variables', tag: 'calls', role: 'agent', params: guidParams,
      summary: 'A call\'s variables (取变量值): caller, callee, agent, the digits collected in the IVR (collect nodes, menu_<node>), survey_score, and what the API set',
      errors: { 404: 'no such call in progress' },
      handler: ({ params, principal }) => {
        const call = findCall(d.registry, params.guid);
        assertCanSee(principal, call);
        if (!(call instanceof CallSession)) throw new ApiError(404, 'unknown-call', `${params.guid} is not a call (a conference or a supervisor session)`);
        return { guid: params.guid, variables: callVariables(call) };
      },
    }),
    defineRoute({
      method: 'get', path: '/api/v1/variables', tag: 'variables', role: 'agent', summary: 'Global variables (设置全局变量): every flow sees each as global_<name>',
      errors: { 503: 'MySQL unavailable and not read yet' },
      handler: async () => ({ variables: await globalsNow() }),
    }),
    defineRoute({
      method: 'get', path: '/api/v1/variables/:name', tag: 'variables', role: 'agent', params: globalParams, summary: 'One global variable',
      errors: { 404: 'not set', 503: 'MySQL unavailable and not read yet' },
      handler: async ({ params }) => {
        const all = await globalsNow();
        if (!(params.name in all)) throw new ApiError(404, 'unknown-variable', `no global variable ${params.name}`);
        return { name: params.name, value: all[params.name] };
      },
    }),
    defineRoute({
      method: 'put', path: '/api/v1/variables/:name', tag: 'variables', role: 'supervisor', params: globalParams, body: globalBody,
      summary: 'Set a global variable: saved in MySQL; flows started from now on see it as global_<name>', errors: { 503: 'MySQL unavailable: nothing changed' },
      handler: async ({ params, body }) => {
        await write(() => d.globals.set(params.name, body.value));
        return { name: params.name, value: body.value };
      },
    }),
    defineRoute({
      method: 'delete', path: '/api/v1/variables/:name', tag: 'variables', role: 'supervisor', params: globalParams,
      summary: 'Remove a global variable', errors: { 404: 'not set', 503: 'MySQL unavailable: nothing changed' },
      handler: async ({ params }) => {
        let existed = false;
        await write(async () => { existed = await d.globals.remove(params.name); });
        if (!existed) throw new ApiError(404, 'unknown-variable', `no global variable ${params.name}`);
        return { name: params.name, removed: true };
      },
    }),
    defineRoute({
      method: 'get', path: '/api/v1/phones', tag: 'calls', role: 'supervisor',
      summary: 'Every extension\'s phone state now (idle, offhook, ringing, talking), as the phone.state events report it',
      handler: () => ({ phones: d.extensions().sort().map((ext) => ({ extension: ext, state: d.phoneState(ext) })) }),
    }),
    defineRoute({
      method: 'post', path: '/api/v1/channels/release', tag: 'supervisor', role: 'supervisor', body: releaseBody,
      summary: 'Force release (强行释放通道挂机): hang up one channel (id or name), or every channel of a phone number or agent; a call they belong to goes on as when that party hangs up',
      errors: { 404: 'no channel matches', 503: 'ARI link down' },
      handler: async ({ body }) => {
        const client = connectedClient(d.ari);
        const q: ChannelQuery = body.channel !== undefined ? { channel: body.channel } : body.number !== undefined ? { number: body.number } : { agent: body.agent! };
        const found = matchChannels(await client.channels.list(), q);
        if (found.length === 0) throw new ApiError(404, 'unknown-channel', `no channel matches the given ${Object.keys(q)[0]}`);
        const released: { id: string; name: string; call: string | null }[] = [];
        for (const ch of found) {
          if (await ifStillThere(() => client.channels.hangup({ channelId: ch.id }))) released.push({ id: ch.id, name: ch.name, call: d.registry.byChannelId(ch.id)?.guid ?? null });
        }
        d.log.info({ query: q, released: released.map((r) => r.name) }, 'channels force-released');
        return { status: 202, body: { released } };
      },
    }),
  ];
}
