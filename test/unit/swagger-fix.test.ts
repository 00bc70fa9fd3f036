/** swagger-client under ari-client (src/ari/swagger-fix.ts): its deprecation notice stays out of the run log. */
import { expect } from 'chai';
import { applySwaggerFix } from '../../src/ari/swagger-fix';

describe('swagger-client mends', () => {
  it('given swagger-client loaded and mended then its "deprecated version of Swagger" notice is not printed, other messages are', () => {
    applySwaggerFix();
    const g = globalThis as unknown as { log: (...args: unknown[]) => void };
    const printed: unknown[] = [];
    const original = console.log;
    console.log = (...args: unknown[]) => { printed.push(args); };
    try {
      g.log('This API is using a deprecated version of Swagger!  Please see http://github.com/wordnik/swagger-core/wiki for more info');
      expect(printed).to.deep.equal([]);
      g.log('server can\'t produce text/plain');
      expect(printed).to.have.length(1);
    } finally {
      console.log = original;
    }
  });
});
