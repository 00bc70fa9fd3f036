/**
 * Issue 16, security review findings 4, 5, 6, 8 and 9: the pure parts (which events an agent
 * gets, origins and content types, built-in variables, the crm role, the ticket map) and the
 * event WebSocket's bounds and the HTTP guards over real sockets in this process.
 */
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import pino from 'pino';
import WebSocket from 'ws';
import { z } from 'zod';
import { AgentEventFilter } from '../../src/api/agent-events';
import { authorize, type Credentials, type Principal } from '../../src/api/auth';
import { ApiError } from '../../src/api/errors';
import { attachEventsSocket, CLOSE_TOO_SLOW, EventTickets, type EventsSocket } from '../../src/api/events-ws';
import { defineRoute } from '../../src/api/route-table';
import { createHttpApp, listen } from '../../src/api/server';
import { contentTypeProblem, originAllowed } from '../../src/api/write-guard';
import { EventBus } from '../../src/events/event-bus';
import type { CtiEvent, CtiEventBody } from '../../src/events/cti-events';
import { isBuiltInVariable } from '../../src/flows/built-in-variables';

const event = (body: CtiEventBody, seq = 1): CtiEvent => ({ seq, at: '2026-12-07T10:00:00.000Z', ...body } as CtiEvent);
const CALL = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';

describe('what an agent receives of the event stream (finding 4)', () => {
  it('given events of its call, another call and the floor then agent 1001 gets its state, its call from the ring on, and the queue figures only', () => {
    const parties = new Map<string, string[]>([[CALL, []], [OTHER, ['1002']]]);
    const f = new AgentEventFilter('1001', (guid) => parties.get(guid)?.includes('1001') ?? false);
    expect(f.admits(event({ type: 'call.started', guid: CALL, direction: 'inbound', caller: '138', callee: '025' })), 'not involved yet').to.equal(false);
    expect(f.admits(event({ type: 'queue.changed', group: 'sales', waiting: 1, longestWaitSec: 0 }))).to.equal(true);
    expect(f.admits(event({ type: 'agent.state', agent: '1001', from: 'ready', to: 'ringing', reason: null, guid: CALL }))).to.equal(true);
    expect(f.admits(event({ type: 'agent.state', agent: '1002', from: 'ready', to: 'ringing', reason: null, guid: OTHER })), 'another agent').to.equal(false);
    // The call is remembered from the agent's own state: its events follow even once it is over.
    expect(f.admits(event({ type: 'call.ringing', guid: CALL, agent: '1001', caller: '138', callee: '025', group: 'sales', customer: null }))).to.equal(true);
    expect(f.admits(event({ type: 'call.hold', guid: CALL, held: true }))).to.equal(true);
    expect(f.admits(event({ type: 'call.result', guid: CALL, status: 9, statusText: 'agent answered', caller: '138', callee: '025', agent: '1001', group: 'sales', talkSec: 1, waitSec: 1 }))).to.equal(true);
    expect(f.admits(event({ type: 'call.hold', guid: OTHER, held: true })), 'another agent\'s call').to.equal(false);
    expect(f.admits(event({ type: 'supervisor.joined', guid: CALL, supervisor: '1004', mode: 'listen' })), 'a listen stays silent').to.equal(false);
    expect(f.admits(event({ type: 'conference.changed', conference: CALL, parties: ['1001'] }))).to.equal(false);
    expect(f.admits(event({ type: 'timer.fired', timer: 1, periodMs: 1000 }))).to.equal(false);
  });

  it('given a call the agent places or picks up then its events reach the agent without its state changing first', () => {
    const f = new AgentEventFilter('1001', (guid) => guid === CALL);
    expect(f.admits(event({ type: 'call.started', guid: CALL, direction: 'outbound', caller: '1001', callee: '9057' }))).to.equal(true);
    const g = new AgentEventFilter('1003', () => false);
    expect(g.admits(event({ type: 'call.pickup', guid: OTHER, picker: '1003', from: '1002', result: 'ok' }))).to.equal(true);
    expect(g.admits(event({ type: 'call.answered', guid: OTHER, agent: '1003', caller: '138', callee: '025' }))).to.equal(true);
    expect(g.admits(event({ type: 'call.answered', guid: CALL, agent: '1002', caller: '138', callee: '025' }))).to.equal(false);
  });
});

describe('built-in flow variables (finding 5)', () => {
  it('given the variables the product writes then they are reserved, whatever their case; a CRM\'s own variable is not', () => {
    for (const n of ['survey_score', 'SURVEY_SCORE', 'caller', 'callee', 'agent', 'menu_start', 'menu_x']) expect(isBuiltInVariable(n), n).to.equal(true);
    for (const n of ['crm_ticket', 'language', 'score', 'menu']) expect(isBuiltInVariable(n), n).to.equal(false);
  });
});

describe('the crm role (finding 6)', () => {
  const crm: Principal = { name: 'crm', role: 'crm', agent: null };
  it('given the crm role then agent routes pass for any agent, supervisor and admin routes are refused naming the role', () => {
    expect(() => authorize(crm, 'agent', '1002')).not.to.throw();
    for (const role of ['supervisor', 'admin'] as const) {
      expect(() => authorize(crm, role)).to.throw(ApiError).with.property('message').that.contains('crm is crm');
    }
    expect(() => authorize({ name: 'boss', role: 'supervisor', agent: null }, 'agent', '1002')).not.to.throw();
  });

  it('given make install creates the config then the CRM token has role crm, and an existing config\'s generated crm token moves from supervisor to crm', function () {
    this.timeout(20000); // three node processes
    const dir = mkdtempSync(join(tmpdir(), 'cc-init-'));
    const config = join(dir, 'callcenter.json');
    const run = () => execFileSync(process.execPath, [resolve(__dirname, '../../src/cli/init-config.js'), '/'], { env: { ...process.env, CC_CONFIG: config }, encoding: 'utf8' });
    run();
    const fresh = JSON.parse(readFileSync(config, 'utf8'));
    expect(fresh.api.tokens).to.have.length(1);
    expect(fresh.api.tokens[0]).to.include({ name: 'crm', role: 'crm' });
    fresh.api.tokens[0].role = 'supervisor';
    fresh.api.tokens.push({ name: 'prometheus', token: 'p'.repeat(30), role: 'supervisor' });
    writeFileSync(config, JSON.stringify(fresh));
    expect(run()).to.contain('crm');
    const migrated = JSON.parse(readFileSync(config, 'utf8'));
    expect(migrated.api.tokens.map((t: { name: string; role: string }) => [t.name, t.role])).to.deep.equal([['crm', 'crm'], ['prometheus', 'supervisor']]);
    expect(migrated.api.tokens[0].token, 'the token itself is kept').to.equal(fresh.api.tokens[0].token);
    expect(run()).to.contain('kept');
  });
});

describe('origins and content types on writes (finding 8)', () => {
  it('given an Origin header then only the app\'s own origin and the configured ones pass; no Origin passes', () => {
    const allowed = ['https://crm.example.com', 'http://10.0.0.5:3000'];
    expect(originAllowed(undefined, '127.0.0.1:8080', allowed)).to.equal(true);
    expect(originAllowed('http://127.0.0.1:8080', '127.0.0.1:8080', allowed)).to.equal(true);
    expect(originAllowed('https://cc.example.com', 'cc.example.com', allowed), 'behind a TLS proxy').to.equal(true);
    expect(originAllowed('https://CRM.example.com', '127.0.0.1:8080', allowed)).to.equal(true);
    expect(originAllowed('https://crm.example.com:443', '127.0.0.1:8080', allowed), 'the default port').to.equal(true);
    expect(originAllowed('http://10.0.0.5:3000', '127.0.0.1:8080', allowed)).to.equal(true);
    for (const o of ['http://evil.example', 'http://127.0.0.1:8081', 'http://crm.example.com', 'null', 'file://', 'javascript:alert(1)', '']) {
      expect(originAllowed(o, '127.0.0.1:8080', allowed), o).to.equal(false);
    }
  });

  it('given a write then JSON or nothing passes, anything a form can send is 415; reads are not checked', () => {
    expect(contentTypeProblem('POST', 'application/json', true)).to.equal(null);
    expect(contentTypeProblem('PUT', 'Application/JSON; charset=utf-8', true)).to.equal(null);
    expect(contentTypeProblem('POST', undefined, false)).to.equal(null);
    expect(contentTypeProblem('GET', 'text/plain', true)).to.equal(null);
    for (const [type, body] of [['text/plain', true], ['application/x-www-form-urlencoded', false], ['multipart/form-data; boundary=x', true], [undefined, true]] as const) {
      const e = contentTypeProblem('POST', type, body);
      expect(e, String(type)).to.be.instanceOf(ApiError);
      expect(e!.status).to.equal(415);
      expect(e!.id).to.equal('unsupported-media-type');
    }
    expect(contentTypeProblem('DELETE', 'text/plain', true)?.status).to.equal(415);
  });
});

describe('event tickets (finding 9)', () => {
  const p: Principal = { name: 'boss', role: 'supervisor', agent: null };
  it('given tickets then each is valid once and for its time to live only, and expired ones leave the map', () => {
    const t = new EventTickets(30000, 100);
    const a = t.issue(p, 1000);
    expect(t.redeem(a, 2000)).to.deep.equal(p);
    expect(t.redeem(a, 2000), 'once').to.equal(null);
    const b = t.issue(p, 1000);
    expect(t.redeem(b, 31001), 'too late').to.equal(null);
    for (let i = 0; i < 50; i++) t.issue(p, 1000 + i);
    t.issue(p, 40000);
    expect(t.size, 'the 50 expired ones are gone').to.equal(1);
  });

  it('given more tickets than the map holds then the oldest go first and the map never grows past its size', () => {
    const t = new EventTickets(30000, 100);
    const first = t.issue(p, 1000);
    for (let i = 0; i < 1000; i++) t.issue(p, 1000);
    expect(t.size).to.equal(100);
    expect(t.redeem(first, 1000)).to.equal(null);
  });
});

describe('the event WebSocket and the HTTP guards over real sockets (findings 8, 9)', () => {
  const TOKEN = 'unit-token-0123456789abcdefghij';
  const credentials = (): Credentials => ({ users: [], tokens: [{ name: 'crm', token: TOKEN, role: 'crm' }], agentPassword: () => null });
  const up = { state: 'up' as const, since: '', lastError: null };
  let server: Server;
  let socket: EventsSocket;
  let bus: EventBus;
  let base: string;

  before(async () => {
    const poke = defineRoute({ method: 'post', path: '/api/v1/poke', tag: 'test', role: 'agent', body: z.object({ x: z.number().optional() }).strict(), summary: 'a write', handler: () => ({ ok: true }) });
    const health = { ari: () => up, ami: () => up, mysql: async () => up, config: () => ({ version: 1, loadedAt: null, error: null }), calls: () => 0 };
    server = await listen(createHttpApp(health, pino({ level: 'silent' }), { routes: [poke], credentials, allowedOrigins: ['https://crm.example.com'] }), '127.0.0.1', 0);
    bus = new EventBus(10000);
    socket = attachEventsSocket(server, bus, { credentials, log: pino({ level: 'silent' }), socketsPerUser: 2, maxBufferedBytes: 65536, allowedOrigins: ['https://crm.example.com'] });
    base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    socket.close();
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  const post = (headers: Record<string, string>, body?: string) => fetch(`http://${base}/api/v1/poke`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, ...headers }, body }).then((r) => r.status);

  it('given writes then JSON from no origin, the own origin or a configured one passes; a form or another origin does not', async () => {
    expect(await post({ 'content-type': 'application/json' }, '{}')).to.equal(200);
    expect(await post({})).to.equal(200);
    expect(await post({ 'content-type': 'application/json', origin: `http://${base}` }, '{}')).to.equal(200);
    expect(await post({ 'content-type': 'application/json', origin: 'https://crm.example.com' }, '{}')).to.equal(200);
    expect(await post({ 'content-type': 'application/json', origin: 'https://evil.example' }, '{}')).to.equal(403);
    expect(await post({ 'content-type': 'text/plain' }, '{}')).to.equal(415);
    expect(await post({ 'content-type': 'application/x-www-form-urlencoded' }, 'x=1')).to.equal(415);
  });

  it('given ?token= then a REST route refuses it (400) and the WebSocket upgrade takes it', async () => {
    const res = await fetch(`http://${base}/api/v1/poke?token=${TOKEN}`, { method: 'POST' });
    expect(res.status).to.equal(400);
    expect(((await res.json()) as { error: { id: string } }).error.id).to.equal('token-in-url');
    const ws = new WebSocket(`ws://${base}/api/v1/events?token=${TOKEN}`);
    await once(ws, 'open');
    ws.close();
    await once(ws, 'close');
  });

  it('given a user at its socket limit or a page of another origin then the upgrade is refused with 429 or 403', async () => {
    const status = (headers: Record<string, string>) => new Promise<number>((done) => {
      const ws = new WebSocket(`ws://${base}/api/v1/events`, { headers: { authorization: `Bearer ${TOKEN}`, ...headers } });
      ws.on('unexpected-response', (_req, res) => { done(res.statusCode ?? 0); ws.terminate(); });
      ws.on('open', () => { done(101); opened.push(ws); });
      ws.on('error', () => {});
    });
    const opened: WebSocket[] = [];
    try {
      expect(await status({ origin: 'https://evil.example' })).to.equal(403);
      expect(await status({ origin: 'https://crm.example.com' })).to.equal(101);
      expect(await status({})).to.equal(101);
      expect(await status({}), 'the third socket of the same token').to.equal(429);
      const closed = once(opened[0], 'close');
      opened.shift()!.close();
      await closed;
      await new Promise((r) => setTimeout(r, 50)); // the server sees the close
      expect(await status({})).to.equal(101);
    } finally {
      for (const ws of opened) ws.close();
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  it('given a client that stops reading then the server stops queueing events for it and closes it with code 4001 once past the bound', async () => {
    const ws = new WebSocket(`ws://${base}/api/v1/events`, { headers: { authorization: `Bearer ${TOKEN}` } });
    await once(ws, 'open');
    const subscribers = bus.subscriberCount;
    (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    const group = 'g'.repeat(1000);
    for (let i = 0; i < 40000 && bus.subscriberCount === subscribers; i++) bus.publish({ type: 'queue.changed', group, waiting: i, longestWaitSec: 0 });
    expect(bus.subscriberCount, 'the slow client no longer receives events').to.equal(subscribers - 1);
    const closed = once(ws, 'close') as Promise<[number, Buffer]>;
    (ws as unknown as { _socket: { resume(): void } })._socket.resume();
    const [code, reason] = await closed;
    expect(code).to.equal(CLOSE_TOO_SLOW);
    expect(reason.toString()).to.match(/too slow.*since/);
  });
});
