/**
 * ari-client loads Asterisk's API description with swagger-client, whose SwaggerApi.fail()
 * reports a failure to ari-client (which rejects connect(), as it should) and then THROWS the
 * message from inside an HTTP callback: an uncaught exception that kills the process whenever
 * Asterisk's HTTP server answers 503 while it starts. We keep the report and drop the throw.
 * Applied once, to the swagger-client instance ari-client itself loads.
 */
import { dirname } from 'node:path';

interface SwaggerModule { SwaggerApi: { prototype: { fail(message: unknown): void; failure(message: unknown): void } } }

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
}
