import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { sendSwaggerRequest, type SwaggerRequestObject, type SwaggerResponse } from '../../src/ari/rest-transport';

/** A local HTTP server standing in for Asterisk's (this tests the transport's wire behaviour only). */
async function server(handler: http.RequestListener): Promise<{ url: string; close(): Promise<void>; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const s = http.createServer(handler);
  s.on('connection', (c) => sockets.add(c));
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    sockets,
    close: () => new Promise<void>((resolve) => { s.closeAllConnections(); s.close(() => resolve()); }),
  };
}

/** Sends one request; resolves with its outcome, after checking (50 ms later) that exactly one callback ran. */
function request(url: string, method = 'GET', body?: string, timeoutMs?: number): Promise<{ outcome: 'response' | 'error'; r: SwaggerResponse }> {
  return new Promise((resolve, reject) => {
    let calls = 0;
    const done = (outcome: 'response' | 'error', r: SwaggerResponse) => {
      if (++calls > 1) return;
      setTimeout(() => (calls === 1 ? resolve({ outcome, r }) : reject(new Error(`${calls} callbacks for one request`))), 50);
    };
    const obj: SwaggerRequestObject = {
      url, method, body, headers: { Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
      on: { response: (r) => done('response', r), error: (r) => done('error', r) },
    };
    sendSwaggerRequest(obj, timeoutMs);
  });
}

describe('ARI REST transport (under ari-client)', () => {
  it('delivers a JSON answer parsed, with status and headers', async () => {
    const s = await server((_req, res) => { res.setHeader('Content-Type', 'application/json'); res.end('{"id":"c1","state":"Up"}'); });
    try {
      const { outcome, r } = await request(`${s.url}/ari/channels/c1`);
      expect(outcome).to.equal('response');
      expect(r.status).to.equal(200);
      expect(r.obj).to.deep.equal({ id: 'c1', state: 'Up' });
      expect(r.headers['content-type']).to.equal('application/json');
    } finally { await s.close(); }
  });

  it('sends the method, query and JSON body as given, with a Content-Length', async () => {
    let seen: { method?: string; url?: string; body?: string; length?: string } = {};
    const s = await server((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => { seen = { method: req.method, url: req.url, body, length: req.headers['content-length'] }; res.statusCode = 204; res.end(); });
    });
    try {
      const { outcome, r } = await request(`${s.url}/ari/channels/c1/variable?variable=X`, 'post', '{"variables":{"a":"ü"}}');
      expect(outcome).to.equal('response');
      expect(r.status).to.equal(204);
      expect(seen).to.deep.equal({ method: 'POST', url: '/ari/channels/c1/variable?variable=X', body: '{"variables":{"a":"ü"}}', length: String(Buffer.byteLength('{"variables":{"a":"ü"}}')) });
    } finally { await s.close(); }
  });

  it('reports 4xx and 5xx answers as errors with their status and message', async () => {
    const s = await server((_req, res) => { res.statusCode = 404; res.setHeader('Content-Type', 'application/json'); res.end('{"message":"Channel not found"}'); });
    try {
      const { outcome, r } = await request(`${s.url}/ari/channels/gone`, 'DELETE');
      expect(outcome).to.equal('error');
      expect(r.status).to.equal(404);
      expect(r.obj).to.deep.equal({ message: 'Channel not found' });
    } finally { await s.close(); }
  });

  it('reports a refused connection as an error (status 0), never leaving the request pending', async () => {
    const s = await server((_req, res) => res.end());
    const url = s.url;
    await s.close();
    const { outcome, r } = await request(`${url}/ari/asterisk/info`);
    expect(outcome).to.equal('error');
    expect(r.status).to.equal(0);
    expect((r.obj as { message: string }).message).to.match(/ARI request failed/);
  });

  it('reports a request that gets no answer within the timeout as an error', async () => {
    const s = await server(() => { /* never answers */ });
    try {
      const { outcome, r } = await request(`${s.url}/ari/asterisk/info`, 'GET', undefined, 200);
      expect(outcome).to.equal('error');
      expect(r.status).to.equal(0);
      expect((r.obj as { message: string }).message).to.match(/no answer within 200 ms/);
    } finally { await s.close(); }
  });

  it('reuses one keep-alive connection for requests in sequence', async () => {
    const s = await server((_req, res) => { res.setHeader('Content-Type', 'application/json'); res.end('{}'); });
    try {
      for (let i = 0; i < 5; i++) expect((await request(`${s.url}/ari/asterisk/info`)).outcome).to.equal('response');
      expect(s.sockets.size).to.equal(1);
    } finally { await s.close(); }
  });

  /** Answers {"n": <request number>}, except the second request: its connection is dropped unanswered (as when the server closed an idle one). */
  const secondRequestDropped = () => {
    const counter = { n: 0 };
    return server((req, res) => {
      counter.n++;
      if (counter.n === 2) { req.socket.destroy(); return; }
      res.setHeader('Content-Type', 'application/json');
      res.end(`{"n":${counter.n}}`);
    }).then((s) => Object.assign(s, { requests: () => counter.n }));
  };

  it('sends a request again on a new connection when the server closed the idle one it was sent on', async () => {
    const s = await secondRequestDropped();
    try {
      expect((await request(`${s.url}/a`)).r.obj).to.deep.equal({ n: 1 });
      const { outcome, r } = await request(`${s.url}/b`);
      expect(outcome).to.equal('response');
      expect(r.obj).to.deep.equal({ n: 3 });
    } finally { await s.close(); }
  });

  it('does not send a POST again when its reused connection is reset (it may have acted)', async () => {
    const s = await secondRequestDropped();
    try {
      expect((await request(`${s.url}/a`)).outcome).to.equal('response');
      const { outcome, r } = await request(`${s.url}/ari/channels`, 'POST', '{}');
      expect(outcome).to.equal('error');
      expect(r.status).to.equal(0);
      expect(s.requests()).to.equal(2);
    } finally { await s.close(); }
  });

  it('reports an answer cut short by the connection closing as an error', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
      res.write('{"id":', () => res.socket?.destroy());
    });
    try {
      const { outcome, r } = await request(`${s.url}/ari/channels/c1`);
      expect(outcome).to.equal('error');
      expect(r.status).to.equal(0);
    } finally { await s.close(); }
  });

  it('reports broken JSON in an answer as an error', async () => {
    const s = await server((_req, res) => { res.setHeader('Content-Type', 'application/json'); res.end('{"id":'); });
    try {
      const { outcome, r } = await request(`${s.url}/ari/channels/c1`);
      expect(outcome).to.equal('error');
      expect((r.obj as { message: string }).message).to.match(/broken JSON/);
    } finally { await s.close(); }
  });
});
