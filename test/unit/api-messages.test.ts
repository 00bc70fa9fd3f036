/**
 * Error ids and texts of the HTTP server (issue 17, item 9; favicon, item 11; health, item 2):
 * JSON that is not an object, missing fields, a method the path does not take, reasons in any
 * script, the health answer when the database holds an invalid configuration.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { z } from 'zod';
import { createHttpApp, healthAnswer } from '../../src/api/server';
import { defineRoute } from '../../src/api/route-table';
import { reason } from '../../src/api/schemas';
import { createLogger } from '../../src/log/logger';
import type { LinkStatus } from '../../src/util/backoff';

const up: LinkStatus = { state: 'up', since: '2026-12-07T09:00:00.000Z', lastError: null };
const USER = { name: 'boss', password: 'boss-password-1', role: 'supervisor' as const };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (r: Response): Promise<any> => r.json();
const auth = { authorization: `Basic ${Buffer.from(`${USER.name}:${USER.password}`).toString('base64')}` };

describe('API messages: JSON bodies, missing fields, 405, reasons, favicon, health', () => {
  let server: Server;
  let base = '';
  before(async () => {
    const routes = [
      defineRoute({
        method: 'post', path: '/api/v1/agents/:agent/not-ready', tag: 't', role: 'supervisor', summary: 'not ready',
        params: z.object({ agent: z.string() }), body: z.object({ reason: reason.optional() }).strict(), handler: ({ body }) => ({ ok: true, body }),
      }),
      defineRoute({
        method: 'get', path: '/api/v1/things', tag: 't', role: 'supervisor', summary: 'things',
        query: z.object({ from: z.string(), to: z.string() }).strict(), handler: () => ({ ok: true }),
      }),
    ];
    const app = createHttpApp({ ari: () => up, ami: () => up, mysql: async () => up, config: () => ({ version: 7, loadedAt: null, error: 'trunk group nosuch', invalidVersion: 8 }), calls: () => 0 },
      createLogger('silent'), { routes, credentials: () => ({ users: [USER], tokens: [], agentPassword: () => null }) });
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server?.close());

  const post = (path: string, body: string) => fetch(`${base}${path}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body });

  it('given a body that is JSON but not an object (null, a string, a number) then 400 bad-request "body must be a JSON object"', async () => {
    for (const body of ['null', '"lunch"', '42']) {
      const res = await post('/api/v1/agents/1001/not-ready', body);
      expect(res.status, body).to.equal(400);
      expect((await json(res)).error, body).to.deep.equal({ id: 'bad-request', message: 'body must be a JSON object', details: {} });
    }
  });

  it('given a body that is not JSON at all then 400 bad-request says so', async () => {
    const res = await post('/api/v1/agents/1001/not-ready', '{"reason": ');
    expect(res.status).to.equal(400);
    const e = (await json(res)).error;
    expect(e.id).to.equal('bad-request');
    expect(e.message).to.match(/^body is not valid JSON/);
  });

  it('given a missing parameter then the problem says "required", not "expected string, received undefined"', async () => {
    const res = await fetch(`${base}/api/v1/things?to=2026-12-07`, { headers: auth });
    expect(res.status).to.equal(400);
    expect((await json(res)).error.details.problems).to.deep.equal(['from: required']);
  });

  it('given a GET on a POST route then 405 with an Allow header, not "no such API route"', async () => {
    const res = await fetch(`${base}/api/v1/agents/1001/not-ready`, { headers: auth });
    expect(res.status).to.equal(405);
    expect(res.headers.get('allow')).to.equal('POST');
    expect((await json(res)).error.id).to.equal('method-not-allowed');
    const get = await fetch(`${base}/api/v1/things`, { method: 'DELETE', headers: auth });
    expect(get.status).to.equal(405);
    expect(get.headers.get('allow')).to.equal('GET, HEAD');
    expect((await fetch(`${base}/api/v1/nothing-here`, { headers: auth })).status, 'an unknown path stays 404').to.equal(404);
  });

  it('given a not-ready reason in Chinese or German then it is accepted; quotes and control characters are not', async () => {
    for (const r of ['午饭', 'Mittagspause', 'café break', 'lunch-2']) {
      const res = await post('/api/v1/agents/1001/not-ready', JSON.stringify({ reason: r }));
      expect(res.status, r).to.equal(200);
      expect((await json(res)).body.reason).to.equal(r);
    }
    for (const r of ["午饭'", 'a\u202eb', 'x;y', '', 'a'.repeat(65)]) expect(reason.safeParse(r).success, JSON.stringify(r)).to.equal(false);
  });

  it('given a browser asks for /favicon.ico without credentials then it gets an icon', async () => {
    const res = await fetch(`${base}/favicon.ico`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^image\/svg\+xml/);
    expect(await res.text()).to.match(/^<svg /);
  });

  it('given the database holds a newer, invalid configuration then health is 200 degraded and names it', async () => {
    const res = await fetch(`${base}/api/v1/health`);
    expect(res.status).to.equal(200);
    const body = await json(res);
    expect(body.status).to.equal('degraded');
    expect(body.config).to.include({ version: 7, invalidVersion: 8 });
    expect(body.problems).to.deep.equal(['config: version 8 in the database is invalid; running on version 7 (the last good one): trunk group nosuch']);
  });

  it('given the health rules then a link down or no configuration is 503, an invalid newer one 200 degraded, all well 200 ok', () => {
    const links = { ari: up, ami: up, mysql: up };
    const config = { version: 3, loadedAt: null, error: null, invalidVersion: null };
    expect(healthAnswer(links, config)).to.deep.equal({ code: 200, status: 'ok', problems: [] });
    expect(healthAnswer(links, { ...config, invalidVersion: 4, error: 'x' })).to.include({ code: 200, status: 'degraded' });
    expect(healthAnswer({ ...links, mysql: { ...up, state: 'down', lastError: 'ECONNREFUSED' } }, config)).to.deep.equal({ code: 503, status: 'degraded', problems: ['mysql: down (ECONNREFUSED)'] });
    expect(healthAnswer(links, { ...config, version: null, invalidVersion: 4, error: 'bad rule' })).to.deep.equal({ code: 503, status: 'degraded', problems: ['config: no configuration loaded (bad rule)'] });
  });
});
