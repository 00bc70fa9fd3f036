/**
 * The priority of the ARI requests the app makes (issue 18, "accepted calls first"). The code
 * keeps calling ari-client as before; whatever it calls inside `withAriPriority('new', ...)`
 * (the setup of a call that is not answered yet) is sent after every waiting request of calls
 * already up. The priority travels with the async context (AsyncLocalStorage), so a call's
 * work marks its requests once, at the call's event queue (src/calls/session/call-session.ts),
 * and nothing else in the call code changes. A request made outside any marked work
 * (heartbeat, API commands, adoption) counts as `accepted`.
 *
 * The queue sits in front of the HTTP transport (src/ari/rest-transport.ts, which owns the
 * connections below it): at most ARI_IN_FLIGHT_LIMIT requests are on the wire at once, below the
 * transport's own connection bound, so the order in which waiting requests go out is ours.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { RequestQueue, type RequestPriority } from './request-queue';

/** Below the transport's 64 keep-alive connections: requests beyond this wait here, in priority order. */
export const ARI_IN_FLIGHT_LIMIT = 32;

const context = new AsyncLocalStorage<RequestPriority>();

/** The one queue of this process's ARI requests (every ARI client of the process shares the transport too). */
export const ariRequests = new RequestQueue(ARI_IN_FLIGHT_LIMIT);

/** Runs `work` with its ARI requests (and those of everything it awaits) at `priority`. */
export function withAriPriority<T>(priority: RequestPriority, work: () => T): T {
  return context.run(priority, work);
}

/** The priority of a request made now. */
export function currentAriPriority(): RequestPriority {
  return context.getStore() ?? 'accepted';
}

interface Callbacks { on: { response(r: unknown): unknown; error(r: unknown): unknown; redirect?(r: unknown): unknown } }

/**
 * Sends a swagger-client request through the queue: `send` starts it when its turn comes; its
 * end (any of the request's callbacks, called once by the transport) frees the slot.
 */
export function sendInPriority<T extends Callbacks>(obj: T, send: (obj: T) => void, queue = ariRequests, priority = currentAriPriority()): void {
  queue.submit(priority, () => {
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      queue.done();
    };
    const { response, error, redirect } = obj.on;
    obj.on = {
      ...obj.on,
      response: (r) => { end(); return response(r); },
      error: (r) => { end(); return error(r); },
      ...(redirect ? { redirect: (r: unknown) => { end(); return redirect(r); } } : {}),
    };
    try {
      send(obj);
    } catch {
      end(); // the transport reports its failures through the callbacks; a throw still frees the slot
    }
  });
}
