/**
 * Two defects of swagger-client, the HTTP layer under ari-client, mended on the instance
 * ari-client itself loads (applied once):
 * - SwaggerApi.fail() reports a failure to ari-client (which rejects connect(), as it should)
 *   and then THROWS the message from inside an HTTP callback: an uncaught exception that kills
 *   the process whenever Asterisk's HTTP server answers 503 while it starts. We keep the report
 *   and drop the throw.
 * - A request whose connection fails (reset, refused, Asterisk's HTTP session limit) or never
 *   answers settles NEVER: shred emits "request_error" / "timeout", for which swagger-client
 *   registers no handler. The call waiting on it would stall for good. Every request now has a
 *   timeout and both events reject it.
 */
import { dirname } from 'node:path';

/** No ARI request the app makes takes longer than this on a healthy Asterisk. */
export const ARI_REQUEST_TIMEOUT_MS = 10000;

interface ShredOptions { url?: string; method?: string; timeout?: number; on?: Record<string, (x: unknown) => unknown> }
interface ShredLike { request(o: ShredOptions): unknown }
interface SwaggerModule {
  SwaggerApi: { prototype: { fail(message: unknown): void; failure(message: unknown): void } };
  ShredHttpClient: { prototype: { execute(obj: ShredOptions): unknown; initShred(): void; isInitialized: boolean; shred: ShredLike } };
}

let applied = false;

export function applySwaggerFix(): void {
  if (applied) return;
  applied = true;
  const path = require.resolve('swagger-client', { paths: [dirname(require.resolve('ari-client'))] });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const swagger = require(path) as SwaggerModule;
  swagger.SwaggerApi.prototype.fail = function fail(message: unknown): void {
    this.failure(message);
  };
  const execute = swagger.ShredHttpClient.prototype.execute;
  swagger.ShredHttpClient.prototype.execute = function executeWithFailures(obj: ShredOptions): unknown {
    if (!this.isInitialized) this.initShred();
    const callbacks = obj?.on;
    const shred = this.shred;
    const request = shred.request;
    // execute() replaces obj.on with its own handlers and calls shred.request(obj): ours are added there.
    shred.request = function requestWithFailures(o: ShredOptions): unknown {
      shred.request = request;
      if (o?.on && callbacks?.error) {
        const fail = (message: string) => callbacks.error({ headers: {}, url: o.url, method: o.method, status: 0, data: JSON.stringify({ message }), obj: { message } });
        o.on.request_error = (err) => fail(`ARI request failed: ${(err as Error)?.message ?? String(err)}`);
        o.on.timeout = () => fail(`ARI request got no answer within ${o.timeout} ms`);
        o.timeout ??= ARI_REQUEST_TIMEOUT_MS;
      }
      return request.call(shred, o);
    };
    try {
      return execute.call(this, obj);
    } finally {
      shred.request = request;
    }
  };
}
