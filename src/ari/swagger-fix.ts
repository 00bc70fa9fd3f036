/**
 * Mends swagger-client, the HTTP layer under ari-client, on the instance ari-client itself loads
 * (applied once):
 * - SwaggerApi.fail() reports a failure to ari-client (which rejects connect(), as it should)
 *   and then THROWS the message from inside an HTTP callback: an uncaught exception that kills
 *   the process whenever Asterisk's HTTP server answers 503 while it starts. We keep the report
 *   and drop the throw.
 * - Requests go out through our keep-alive transport (rest-transport.ts) instead of `shred`,
 *   which never settled a request whose connection failed or got no answer, and cost a quarter
 *   of the app's CPU per call. In front of it, the priority queue of issue 18
 *   (src/overload/ari-priority.ts): requests of calls already up go before the setup of new ones.
 * - The Basic credentials header is encoded once, not on every request.
 * - Its global `log` (a sloppy-mode global) printed "This API is using a deprecated version of
 *   Swagger!" into the run log on every ARI connect (Asterisk's ARI is Swagger 1.2) and kept
 *   every message it ever printed in memory: that message is dropped, nothing is kept.
 */
import { dirname } from 'node:path';
import { sendSwaggerRequest, type SwaggerRequestObject } from './rest-transport';
import { sendInPriority } from '../overload/ari-priority';

interface SwaggerModule {
  SwaggerApi: { prototype: { fail(message: unknown): void; failure(message: unknown): void } };
  SwaggerHttp: { prototype: { execute(obj: SwaggerRequestObject): unknown } };
  PasswordAuthorization: { prototype: { apply(obj: { headers: Record<string, string> }): boolean; username: string; password: string } };
}

let applied = false;

export function applySwaggerFix(): void {
  if (applied) return;
  applied = true;
  const path = require.resolve('swagger-client', { paths: [dirname(require.resolve('ari-client'))] });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const swagger = require(path) as SwaggerModule;
  const g = globalThis as { log?: (...args: unknown[]) => void };
  if (typeof g.log === 'function') {
    g.log = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].startsWith('This API is using a deprecated version of Swagger')) return;
      console.log(args);
    };
  }
  swagger.SwaggerApi.prototype.fail = function fail(message: unknown): void {
    this.failure(message);
  };
  swagger.SwaggerHttp.prototype.execute = function execute(obj: SwaggerRequestObject): void {
    sendInPriority(obj, sendSwaggerRequest);
  };
  const encoded = new WeakMap<object, { key: string; header: string }>();
  swagger.PasswordAuthorization.prototype.apply = function apply(obj: { headers: Record<string, string> }): boolean {
    const key = `${this.username}:${this.password}`;
    let e = encoded.get(this);
    if (!e || e.key !== key) {
      e = { key, header: `Basic ${Buffer.from(key, 'utf8').toString('base64')}` };
      encoded.set(this, e);
    }
    obj.headers.Authorization = e.header;
    return true;
  };
}
