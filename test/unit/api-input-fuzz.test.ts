import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import fc from 'fast-check';
import express from 'express';
import { z } from 'zod';
import { extension, guid, name, phoneNumber, reason } from '../../src/api/schemas';
import { defineRoute, mountRoutes } from '../../src/api/route-table';
import { errorMiddleware } from '../../src/api/errors';

const INJECTION = ["1' OR '1'='1", '1; DROP TABLE agents', '1\r\nX-Evil: 1', '1\n', '../../etc/passwd', '%27', '1\u0000', '<script>', '1 -- ', '${7*7}', '1\u202e'];
const hostile = fc.oneof(fc.constantFrom(...INJECTION), fc.string({ maxLength: 100 }).map((s) => `1${s}'`), fc.string({ maxLength: 60 }).filter((s) => /[\s'";\\<>%\r\n\u0000]/.test(s)));

describe('API input validation under hostile input (O4)', () => {
  it('given strings with quotes, semicolons, line breaks or control characters then no identifier schema accepts them', () => {
    fc.assert(fc.property(hostile, (s) => {
      for (const schema of [extension, phoneNumber, guid, name]) expect(schema.safeParse(s).success, `${JSON.stringify(s)}`).to.equal(false);
      if (/['";\\<>\r\n\u0000]/.test(s)) expect(reason.safeParse(s).success).to.equal(false);
    }), { numRuns: 3000 });
  });

  it('given valid values then the schemas accept them unchanged', () => {
    fc.assert(fc.property(fc.stringMatching(/^[0-9]{1,32}$/), fc.uuid({ version: 4 }), (ext, id) => {
      expect(extension.parse(ext)).to.equal(ext);
      expect(guid.parse(id)).to.equal(id);
    }));
  });

  it('given a mounted route then hostile path, query and body values get 400 with reasons and never reach the handler', async () => {
    let reached = 0;
    const app = express();
    app.use(express.json());
    app.use((req, _res, next) => { (req as unknown as { principal: object }).principal = { name: 'admin', role: 'admin', agent: null }; next(); });
    app.use(mountRoutes([defineRoute({
      method: 'post', path: '/api/v1/agents/:agent/do', tag: 't', role: 'agent', summary: 's',
      params: z.object({ agent: extension }).strict(), query: z.object({ n: phoneNumber.optional() }).strict(), body: z.object({ reason: reason.optional() }).strict(),
      handler: () => { reached++; return { ok: true }; },
    })]));
    app.use(errorMiddleware({ error: () => {} }));
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await fc.assert(fc.asyncProperty(fc.constantFrom(...INJECTION), fc.constantFrom('path', 'query', 'body'), async (bad, where) => {
        // A free-text reason may hold "1 -- ": harmless text (queries are parameterised); only what its schema refuses is tried.
        if (where === 'body' && reason.safeParse(bad).success) return;
        const agent = where === 'path' ? encodeURIComponent(bad) : '1001';
        const q = where === 'query' ? `?n=${encodeURIComponent(bad)}` : '';
        const body = where === 'body' ? { reason: bad } : {};
        const res = await fetch(`${base}/api/v1/agents/${agent}/do${q}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        if (res.status === 404) return; // a path the router does not match at all (e.g. with a slash): refused too
        expect(res.status, `${where} ${JSON.stringify(bad)}`).to.equal(400);
        const json = await res.json() as { error: { details: { problems: string[] } } };
        expect(json.error.details.problems.length).to.be.above(0);
      }), { numRuns: 60 });
      expect(reached, 'the handler never ran').to.equal(0);
      const ok = await fetch(`${base}/api/v1/agents/1001/do?n=955`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"reason":"lunch"}' });
      expect(ok.status).to.equal(200);
      expect(reached).to.equal(1);
    } finally {
      server.close();
    }
  });
});
