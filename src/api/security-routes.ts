/** SIP blocks (O4): list them, lift one. Admins only. */
import { z } from 'zod';
import type { SipBlocklist } from '../security/sip-blocklist';
import { ApiError } from './errors';
import { defineRoute, type ApiRoute } from './route-table';

const addressParams = z.object({ address: z.union([z.ipv4(), z.ipv6()]) }).strict();

export function securityRoutes(blocklist: SipBlocklist): ApiRoute[] {
  const view = (b: { address: string; since: number; until: number; failures: number; why: string }) => ({
    address: b.address, since: new Date(b.since).toISOString(), until: new Date(b.until).toISOString(), failures: b.failures, why: b.why,
  });
  return [
    defineRoute({
      method: 'get', path: '/api/v1/security/blocks', tag: 'security', role: 'admin', summary: 'SIP addresses blocked after repeated failed authentication',
      handler: () => ({ blocks: blocklist.blocks().map(view) }),
    }),
    defineRoute({
      method: 'delete', path: '/api/v1/security/blocks/:address', tag: 'security', role: 'admin', params: addressParams,
      summary: 'Lift the block of one address', errors: { 404: 'the address is not blocked' },
      handler: async ({ params }) => {
        if (!blocklist.lift(params.address)) throw new ApiError(404, 'not-blocked', `${params.address} is not blocked`);
        await blocklist.settled();
        return { address: params.address, blocked: false };
      },
    }),
  ];
}
