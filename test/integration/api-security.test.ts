/**
 * Issue 16, security review findings 4, 5, 6 (CRM role), 8 and 9 over real HTTP and WebSocket:
 * what an agent sees, which calls and variables an agent controls, the CRM token's role,
 * Origin and content type on writes, and the bounds of the event WebSocket.
 */
import { expect } from 'chai';
import WebSocket from 'ws';
import type { CtiEvent } from '../../src/events/cti-events';
import { site } from './harness/site';
import { until } from './harness/wait';
import { api, apiBase, authHeader, type As } from './harness/api-client';
import { TEST_API } from './harness/product';
import { inboundCalls, recordByGuid } from './harness/contact-center';
import { callTestHooks, connectedSalesCall } from './harness/cti';

const { phones, carrierA } = site;
const app = () => site.product.app;
const sipPassword = async (ext: string) => ((await app().pool.query('SELECT password FROM sip_accounts WHERE extension = ?', [ext])) as [{ password: string }[], unknown])[0][0].password;
const agent = async (ext: string): Promise<As> => ({ user: ext, password: await sipPassword(ext) });
const bearer = { authorization: `Bearer ${TEST_API.token.token}` };
const wsBase = () => `${apiBase().replace('http', 'ws')}/api/v1/events`;

/** A WebSocket client that keeps every event it gets. */
async function listen(headers: Record<string, string>, query = ''): Promise<{ ws: WebSocket; got: CtiEvent[] }> {
  const got: CtiEvent[] = [];
  const ws = new WebSocket(`${wsBase()}${query}`, { headers });
  ws.on('message', (m) => got.push(JSON.parse(m.toString())));
  await new Promise((ok, fail) => { ws.once('open', ok); ws.once('error', fail); });
  return { ws, got };
}

/** The HTTP status of a WebSocket upgrade: 101 when it opened. */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<{ status: number; ws: WebSocket | null }> {
  return new Promise((done) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => { done({ status: res.statusCode ?? 0, ws: null }); ws.terminate(); });
    ws.on('open', () => done({ status: 101, ws }));
    ws.on('error', () => {});
  });
}

/** A raw request (the api() helper always sends JSON). */
async function raw(method: string, path: string, headers: Record<string, string>, body?: string | Uint8Array) {
  const res = await fetch(`${apiBase()}${path}`, { method, headers, body, signal: AbortSignal.timeout(15000) });
  const text = await res.text();
  let parsed: { error?: { id: string; message: string } } = {};
  try { parsed = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, body: parsed };
}

const guidOf = (e: CtiEvent) => (e as { guid?: string | null }).guid ?? null;

describe('API security: agent visibility, agent control, CRM role, Origin, WebSocket bounds (issue 16)', function () {
  this.timeout(60000);
  callTestHooks();

  describe('finding 4: an agent sees its own calls only', () => {
    it('given a sales call answered by 1001 then GET /calls, /calls/{guid}, /channels and the event stream show it to 1001 and supervisors, not to 1003', async () => {
      const mine = await listen(authHeader(await agent('1001')));
      const other = await listen(authHeader(await agent('1003')));
      const boss = await listen(authHeader('supervisor'));
      try {
        const call = await connectedSalesCall();
        expect(call.agent).to.equal('1001');
        const list = async (as: As) => (await api<{ calls: { guid: string }[] }>('GET', '/api/v1/calls', undefined, as)).body.calls.map((c) => c.guid);
        expect(await list(await agent('1001'))).to.deep.equal([call.guid]);
        expect(await list(await agent('1003')), 'another agent sees no call').to.deep.equal([]);
        expect(await list('supervisor')).to.deep.equal([call.guid]);
        expect((await api('GET', `/api/v1/calls/${call.guid}`, undefined, await agent('1001'))).status).to.equal(200);
        const peek = await api<{ error: { id: string } }>('GET', `/api/v1/calls/${call.guid}`, undefined, await agent('1003'));
        expect(peek.status).to.equal(403);
        expect(peek.body.error.id).to.equal('not-your-call');
        const channels = async (as: As) => (await api<{ channels: { call: string | null }[] }>('GET', '/api/v1/channels', undefined, as)).body.channels;
        expect((await channels(await agent('1001'))).map((c) => c.call)).to.deep.equal([call.guid, call.guid]);
        expect(await channels(await agent('1003')), 'another agent sees no channel').to.deep.equal([]);
        expect((await channels('supervisor')).length).to.be.at.least(2);

        await carrierA.hangup(call.customer);
        await phones.waitForEnd(call.agentPhone);
        await until('call.result at the supervisor', 5000, () => boss.got.some((e) => e.type === 'call.result' && guidOf(e) === call.guid), 20);
        await until('call.result at 1001', 5000, () => mine.got.some((e) => e.type === 'call.result' && guidOf(e) === call.guid), 20);
        const types = (got: CtiEvent[]) => got.filter((e) => guidOf(e) === call.guid && e.type.startsWith('call.')).map((e) => e.type);
        expect(types(boss.got)).to.deep.equal(['call.started', 'call.queued', 'call.ringing', 'call.answered', 'call.hungup', 'call.result']);
        // From the moment the call is offered to 1001 (the ACD reserves 1001 before the queued event goes out).
        expect(types(mine.got).filter((t) => t !== 'call.queued'), 'the agent follows its call from the offer to the result')
          .to.deep.equal(['call.ringing', 'call.answered', 'call.hungup', 'call.result']);
        expect(types(mine.got)).not.to.include('call.started');
        expect(other.got.filter((e) => guidOf(e) === call.guid), 'another agent gets nothing of the call').to.deep.equal([]);
        expect(other.got.filter((e) => e.type === 'agent.state' && e.agent !== '1003'), 'nor other agents\' states').to.deep.equal([]);
        expect(mine.got.filter((e) => e.type === 'agent.state').every((e) => e.type === 'agent.state' && e.agent === '1001')).to.equal(true);
      } finally {
        for (const c of [mine, other, boss]) c.ws.close();
      }
    });
  });

  describe('finding 5: built-in variables and calls an agent is not connected to', () => {
    it('given a connected call then nobody may set survey_score or another built-in, another agent may set nothing, and the agent may set its own CRM variable', async () => {
      const call = await connectedSalesCall();
      for (const name of ['survey_score', 'caller', 'callee', 'agent', 'menu_start']) {
        for (const as of [await agent('1001'), 'supervisor' as As]) {
          const res = await api<{ error: { id: string; message: string } }>('POST', `/api/v1/calls/${call.guid}/variables`, { name, value: '5' }, as);
          expect(res.status, `${name} as ${JSON.stringify(as)}`).to.equal(403);
          expect(res.body.error.id).to.equal('reserved-variable');
          expect(res.body.error.message).to.contain(name);
        }
      }
      const stranger = await api<{ error: { id: string } }>('POST', `/api/v1/calls/${call.guid}/variables`, { name: 'crm_note', value: 'x' }, await agent('1003'));
      expect(stranger.status).to.equal(403);
      expect(stranger.body.error.id).to.equal('not-your-call');
      expect((await api('POST', `/api/v1/calls/${call.guid}/hold`, {}, await agent('1003'))).status, 'nor hold it').to.equal(403);
      expect((await api('POST', `/api/v1/calls/${call.guid}/variables`, { name: 'crm_note', value: 'x' }, await agent('1001'))).status).to.equal(200);
      await carrierA.hangup(call.customer);
      await phones.waitForEnd(call.agentPhone);
    });

    it('given the agent hung up and the caller is in the survey then the agent can no longer set anything on the call, and the survey score stays the caller\'s', async () => {
      const call = await connectedSalesCall();
      await phones.hangup(call.agentPhone);
      await until('the survey to start', 5000, () => inboundCalls().some((c) => c.guid === call.guid && c.phaseName === 'survey'), 20);
      const res = await api<{ error: { id: string; message: string } }>('POST', `/api/v1/calls/${call.guid}/variables`, { name: 'crm_note', value: 'x' }, await agent('1001'));
      expect(res.status).to.equal(409);
      expect(res.body.error.id).to.equal('not-connected');
      const fake = await api('POST', `/api/v1/calls/${call.guid}/variables`, { name: 'survey_score', value: '5' }, await agent('1001'));
      expect(fake.status).to.be.oneOf([403, 409]);
      await carrierA.hangup(call.customer); // no key pressed: no score
      const rec = await recordByGuid(call.guid);
      expect(rec.survey_score, 'nobody scored the call').to.equal(null);
    });
  });

  describe('finding 6: the CRM token has its own role', () => {
    it('given the CRM token then it reads calls and events and starts calls for any agent, but supervisor actions are refused', async () => {
      const call = await connectedSalesCall();
      const events = await listen(bearer, '?types=call.hungup');
      try {
        const calls = await raw('GET', '/api/v1/calls', bearer);
        expect(calls.status).to.equal(200);
        expect(((calls.body as unknown as { calls: { guid: string }[] }).calls).map((c) => c.guid)).to.deep.equal([call.guid]);
        for (const [path, body] of [[`/api/v1/calls/${call.guid}/listen`, { supervisor: '1004' }], [`/api/v1/calls/${call.guid}/hangup`, {}], ['/api/v1/conferences', {}]] as const) {
          const res = await raw('POST', path, { ...bearer, 'content-type': 'application/json' }, JSON.stringify(body));
          expect(res.status, path).to.equal(403);
          expect(res.body.error?.message).to.contain('crm');
        }
        for (const path of ['/api/v1/recordings', '/metrics', '/api/v1/security/blocks']) expect((await raw('GET', path, bearer)).status, path).to.equal(403);
        const ready = await raw('POST', '/api/v1/agents/1003/not-ready', { ...bearer, 'content-type': 'application/json' }, JSON.stringify({ reason: 'crm' }));
        expect(ready.status, 'agent commands for any agent').to.equal(200);
        await carrierA.hangup(call.customer);
        await phones.waitForEnd(call.agentPhone);
        await until('call.hungup over the CRM\'s socket', 5000, () => events.got.some((e) => guidOf(e) === call.guid), 20);
      } finally {
        events.ws.close();
      }
    });
  });

  describe('finding 8: writes need JSON, and browsers from other origins are refused', () => {
    it('given a write without a JSON content type then 415 with a reason, and nothing changes', async () => {
      const auth = authHeader('supervisor');
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        const res = await raw('POST', '/api/v1/agents/1002/not-ready', { ...auth, 'content-type': type }, 'reason=lunch');
        expect(res.status, type).to.equal(415);
        expect(res.body.error?.id).to.equal('unsupported-media-type');
        expect(res.body.error?.message).to.contain('application/json');
      }
      // fetch adds text/plain to a string body, not to bytes: this body has no content type at all.
      expect((await raw('POST', '/api/v1/agents/1002/not-ready', auth, new TextEncoder().encode('{"reason":"lunch"}'))).status, 'a body without a content type').to.equal(415);
      expect(app().agents.get('1002')?.name).to.equal('ready');
      expect((await raw('POST', '/api/v1/agents/1002/not-ready', { ...auth, 'content-type': 'application/json; charset=utf-8' }, '{"reason":"lunch"}')).status).to.equal(200);
      expect((await raw('POST', '/api/v1/agents/1002/ready', auth)).status, 'no body, no content type').to.equal(200);
    });

    it('given a write or a WebSocket from another origin then 403, from the app\'s own origin or without Origin (curl, servers) it works', async () => {
      const json = { ...authHeader('supervisor'), 'content-type': 'application/json' };
      const evil = await raw('POST', '/api/v1/agents/1002/not-ready', { ...json, origin: 'http://evil.example' }, '{"reason":"lunch"}');
      expect(evil.status).to.equal(403);
      expect(evil.body.error?.id).to.equal('origin-not-allowed');
      expect(evil.body.error?.message).to.contain('api.allowedOrigins');
      expect((await raw('POST', '/api/v1/agents/1002/not-ready', { ...json, origin: 'null' }, '{"reason":"lunch"}')).status).to.equal(403);
      expect(app().agents.get('1002')?.name).to.equal('ready');
      expect((await raw('POST', '/api/v1/agents/1002/not-ready', { ...json, origin: apiBase() }, '{"reason":"lunch"}')).status).to.equal(200);
      expect((await raw('POST', '/api/v1/agents/1002/ready', json, '{}')).status).to.equal(200);
      expect((await raw('GET', '/api/v1/agents/1002', { ...authHeader('supervisor'), origin: 'http://evil.example' })).status, 'reads are not writes').to.equal(200);

      expect((await upgradeStatus(wsBase(), { ...authHeader('supervisor'), origin: 'http://evil.example' })).status).to.equal(403);
      for (const headers of [{ ...authHeader('supervisor'), origin: apiBase() }, authHeader('supervisor')]) {
        const ok = await upgradeStatus(wsBase(), headers);
        expect(ok.status).to.equal(101);
        ok.ws?.close();
      }
    });
  });

  describe('finding 9: the event WebSocket is bounded', () => {
    it('given an API token then it is accepted as ?token= on the WebSocket only, never on a REST route', async () => {
      const rest = await raw('GET', `/api/v1/agents?token=${TEST_API.token.token}`, {});
      expect(rest.status).to.equal(400);
      expect(rest.body.error?.id).to.equal('token-in-url');
      const both = await raw('GET', `/api/v1/agents?token=${TEST_API.token.token}`, bearer);
      expect(both.status, 'even next to a good header').to.equal(400);
      expect((await raw('GET', '/api/v1/agents', bearer)).status).to.equal(200);
      const ws = await upgradeStatus(`${wsBase()}?token=${TEST_API.token.token}`, {});
      expect(ws.status).to.equal(101);
      ws.ws?.close();
    });

    it('given a user already has api.eventSocketsPerUser sockets open then one more is refused with 429, and closing one makes room', async () => {
      const limit = site.product.config.api.eventSocketsPerUser;
      const open: WebSocket[] = [];
      try {
        for (let i = 0; i < limit; i++) {
          const r = await upgradeStatus(wsBase(), authHeader('supervisor'));
          expect(r.status, `socket ${i + 1}`).to.equal(101);
          open.push(r.ws!);
        }
        expect((await upgradeStatus(wsBase(), authHeader('supervisor'))).status).to.equal(429);
        const otherUser = await upgradeStatus(wsBase(), authHeader('admin'));
        expect(otherUser.status, 'another user is not affected').to.equal(101);
        otherUser.ws?.close();
        const closed = new Promise((done) => open[0].once('close', done));
        open.shift()!.close();
        await closed;
        await until('the server to count the closed socket', 3000, async () => {
          const r = await upgradeStatus(wsBase(), authHeader('supervisor'));
          if (r.ws) open.push(r.ws);
          return r.status === 101;
        }, 50);
      } finally {
        for (const ws of open) ws.close();
      }
    });
  });
});
