/** Call info (T3): the calls in progress as the app sees them. Commands live in control-routes.ts. */
import type { CallRegistry, CallSnapshot } from '../calls/registry';
import { ApiError } from './errors';
import { defineRoute, type ApiRoute } from './route-table';
import { guidParams } from './schemas';

export function snapshots(registry: CallRegistry): CallSnapshot[] {
  return registry.all().flatMap((c) => (c.snapshot ? [c.snapshot()] : []));
}

export function findCall(registry: CallRegistry, guid: string) {
  const call = registry.byGuid(guid);
  if (!call) throw new ApiError(404, 'unknown-call', `no call ${guid} in progress`);
  return call;
}

export function callRoutes(registry: CallRegistry): ApiRoute[] {
  return [
    defineRoute({
      method: 'get', path: '/api/v1/calls', tag: 'calls', role: 'agent', summary: 'Calls in progress',
      handler: () => ({ calls: snapshots(registry) }),
    }),
    defineRoute({
      method: 'get', path: '/api/v1/calls/:guid', tag: 'calls', role: 'agent', params: guidParams, summary: 'One call in progress', errors: { 404: 'no such call in progress' },
      handler: ({ params }) => {
        const call = findCall(registry, params.guid);
        if (!call.snapshot) throw new ApiError(404, 'unknown-call', `call ${params.guid} has no details`);
        return call.snapshot();
      },
    }),
  ];
}
