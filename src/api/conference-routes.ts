/**
 * Conferences (C6, T3): create, call parties in (extensions directly, outside numbers through
 * the routing engine as if an account dialled them), status, drop a party, end; and the
 * two-party outbound conference where the system calls both sides.
 */
import { z } from 'zod';
import { callerIdString } from '../calls/call-plan';
import { ConferenceError, type Conference, type OutsideParty } from '../calls/conference';
import type { Conferences } from '../calls/conferences';
import type { DialTarget } from '../calls/direct/direct';
import { ApiError } from './errors';
import { defineRoute, type ApiRoute } from './route-table';
import { extension, phoneNumber } from './schemas';

export interface ConferenceRouteDeps {
  conferences: Conferences;
  /** True for an enabled SIP account. */
  isAccount: (ext: string) => boolean;
  /** Routes `number` as if `from`'s phone dialled it. */
  resolve: (from: string, number: string) => { ok: true; target: DialTarget } | { ok: false; error: string };
  /** Counts an outside party against its trunk and the `from` account (R8) until the release is called. */
  countCall?: (use: { trunk: string; outboundBy: string | null }) => () => void;
  ringTimeoutSec: number;
}

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a conference id (UUID)');
const confParams = z.object({ id: uuid }).strict();
const partyParams = z.object({ id: uuid, party: z.string().regex(/^p[0-9]{1,6}$/, 'a party id such as p1') }).strict();
const partyBody = z.object({ extension: extension.optional(), number: phoneNumber.optional(), from: extension.optional() }).strict()
  .refine((b) => (b.extension === undefined) !== (b.number === undefined), { message: 'give exactly one of extension or number' });

export function conferenceRoutes(d: ConferenceRouteDeps): ApiRoute[] {
  const find = (id: string): Conference => {
    const c = d.conferences.get(id);
    if (!c || c.isEnded) throw new ApiError(404, 'unknown-conference', `no conference ${id}`);
    return c;
  };
  /** An extension rings its phone; any other number is routed from the `from` account. */
  const target = (number: string, from: string | null, asExtension: boolean): DialTarget => {
    if (asExtension || d.isAccount(number)) {
      if (!d.isAccount(number)) throw new ApiError(404, 'unknown-extension', `no enabled SIP account ${number}`);
      return { endpoint: `PJSIP/${number}`, extension: number, callerId: callerIdString(from ?? 'conference', 'Conference'), timeoutSec: d.ringTimeoutSec };
    }
    if (!from) throw new ApiError(400, 'origin-needed', `${number} is not an extension: give "from", the account whose dial plan routes it (e.g. 9 or 8 prefixes)`);
    if (!d.isAccount(from)) throw new ApiError(404, 'unknown-extension', `no enabled SIP account ${from}`);
    const r = d.resolve(from, number);
    if (!r.ok) throw new ApiError(404, 'unroutable', `${number} from ${from}: ${r.error}`);
    return r.target;
  };
  /**
   * Routed and, for an outside number, counted in the same step: a second party routed next (a
   * two-party conference) already sees the first one's count against the limits.
   */
  const party = (number: string, from: string | null, asExtension: boolean): OutsideParty => {
    const t = target(number, from, asExtension);
    return { number, target: t, release: t.trunk ? d.countCall?.({ trunk: t.trunk, outboundBy: from }) : undefined };
  };
  const carry = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (err) {
      if (err instanceof ConferenceError) throw new ApiError(err.code === 'unknown-party' ? 404 : 409, err.code, err.message);
      throw err;
    }
  };
  return [
    defineRoute({
      method: 'get', path: '/api/v1/conferences', tag: 'conferences', role: 'supervisor', summary: 'Conferences in progress with their parties',
      handler: () => ({ conferences: d.conferences.all().filter((c) => !c.isEnded).map((c) => c.view()) }),
    }),
    defineRoute({
      method: 'post', path: '/api/v1/conferences', tag: 'conferences', role: 'supervisor',
      body: z.object({ from: extension.optional(), hangupAll: z.boolean().optional() }).strict().refine((b) => !b.hangupAll || b.from !== undefined, { message: 'hangupAll needs from (the agent whose leaving ends the conference)', path: ['hangupAll'] }),
      summary: 'Create an empty conference; "from" is the account whose dial plan routes outside numbers called into it; hangupAll (HALLH): when from\'s own phone, joined as a party, leaves, everyone is hung up',
      errors: { 404: 'from is not an enabled account' },
      handler: ({ body }) => {
        if (body.from && !d.isAccount(body.from)) throw new ApiError(404, 'unknown-extension', `no enabled SIP account ${body.from}`);
        const c = d.conferences.create(body.from ?? null, false, body.hangupAll ?? false);
        return { status: 201, body: c.view() };
      },
    }),
    defineRoute({
      method: 'post', path: '/api/v1/conferences/two-party', tag: 'conferences', role: 'supervisor',
      body: z.object({ a: phoneNumber, b: phoneNumber, from: extension.optional() }).strict(),
      summary: 'Two-party outbound conference: the system calls a and, when a answers, calls b; both talk. Ends when either hangs up',
      errors: { 404: 'an extension or number is unknown or unroutable', 409: 'the first party\'s phone is not registered' },
      handler: async ({ body }) => {
        const first = party(body.a, body.from ?? null, false);
        let second: OutsideParty;
        try {
          second = party(body.b, body.from ?? null, false);
        } catch (err) {
          first.release?.();
          throw err;
        }
        const c = d.conferences.create(body.from ?? null, true);
        await carry(() => c.callBoth(first, second));
        return { status: 201, body: c.view() };
      },
    }),
    defineRoute({
      method: 'get', path: '/api/v1/conferences/:id', tag: 'conferences', role: 'supervisor', params: confParams,
      summary: 'One conference: parties with number, channel, state and time joined', errors: { 404: 'no such conference' },
      handler: ({ params }) => find(params.id).view(),
    }),
    defineRoute({
      method: 'delete', path: '/api/v1/conferences/:id', tag: 'conferences', role: 'supervisor', params: confParams,
      summary: 'End the conference: every party is hung up', errors: { 404: 'no such conference' },
      handler: async ({ params }) => {
        await find(params.id).end('ended by the API');
        return { id: params.id, ended: true };
      },
    }),
    defineRoute({
      method: 'post', path: '/api/v1/conferences/:id/parties', tag: 'conferences', role: 'supervisor', params: confParams, body: partyBody,
      summary: 'Call a party into the conference: an extension, or a number routed as if "from" (or the conference\'s from) dialled it',
      errors: { 404: 'no such conference, extension or route', 409: 'the phone is not registered' },
      handler: async ({ params, body }) => {
        const c = find(params.id);
        const from = body.from ?? c.from;
        const p = body.extension ? party(body.extension, from, true) : party(body.number!, from, false);
        const view = await carry(() => c.call(p.number, p.target, p.release));
        return { status: 201, body: { conference: c.id, party: view } };
      },
    }),
    defineRoute({
      method: 'delete', path: '/api/v1/conferences/:id/parties/:party', tag: 'conferences', role: 'supervisor', params: partyParams,
      summary: 'Drop one party (hang it up)', errors: { 404: 'no such conference or party' },
      handler: async ({ params }) => {
        await carry(async () => find(params.id).drop(params.party));
        return { status: 202, body: { conference: params.id, party: params.party, dropped: true } };
      },
    }),
  ];
}
