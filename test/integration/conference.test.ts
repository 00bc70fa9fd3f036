import { expect } from 'chai';
import { site } from './harness/site';
import { until } from './harness/wait';
import { api } from './harness/api-client';
import { resetAgents } from './harness/contact-center';
import { LOUDNESS_HEARD, levelHeard, silence, speak } from './harness/audio';
import { hangUpEverything, recordEvents, topology } from './harness/cti';

const { phones, carrierA } = site;
const app = () => site.product.app;

interface Party { id: string; number: string; channel: string; state: string; joinedAt: string | null }
interface ConferenceView { id: string; state: string; parties: Party[] }

const view = async (id: string) => api<ConferenceView>('GET', `/api/v1/conferences/${id}`);

describe('conferences (C6)', function () {
  this.timeout(60000);
  beforeEach(() => resetAgents());
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await hangUpEverything();
  });

  it('given a conference with 1001, 1003 and an outside number then all three talk, one can be dropped and DELETE ends it', async () => {
    const ev = recordEvents();
    try {
      const created = await api<ConferenceView>('POST', '/api/v1/conferences', { from: '1002' });
      expect(created.status).to.equal(201);
      const id = created.body.id;
      const add = (body: object) => api<{ party: Party }>('POST', `/api/v1/conferences/${id}/parties`, body);
      const p1 = await add({ extension: '1001' });
      expect(p1.status, JSON.stringify(p1.body)).to.equal(201);
      const a = await phones.waitForCall((c) => c.exten === '1001', 5000);
      expect(a.callerName).to.equal('Conference');
      await phones.answer(a.id);
      await add({ extension: '1003' });
      const b = await phones.waitForCall((c) => c.exten === '1003', 5000);
      await phones.answer(b.id);
      const p3 = await add({ number: '9057188888888' });
      expect(p3.body.party).to.include({ id: 'p3', number: '9057188888888', state: 'dialling' });
      const out = await carrierA.waitForCall((c) => c.exten === '057188888888', 5000);
      expect(out.callerNumber, 'routed as 1002 dialled it: the trunk\'s number').to.equal('02566668888');
      await carrierA.answer(out.id);
      await until('three parties joined', 5000, async () => (await view(id)).body.parties.filter((p) => p.state === 'joined').length === 3);
      const v = (await view(id)).body;
      expect(v.parties.map((p) => [p.id, p.number, p.state])).to.deep.equal([['p1', '1001', 'joined'], ['p2', '1003', 'joined'], ['p3', '9057188888888', 'joined']]);
      expect(v.parties.every((p) => p.joinedAt !== null)).to.equal(true);
      expect((await topology()).bridges.get(`${id}-conf`)).to.deep.equal(v.parties.map((p) => p.channel).sort());
      expect((await api<{ conferences: ConferenceView[] }>('GET', '/api/v1/conferences')).body.conferences.map((c) => c.id)).to.deep.equal([id]);

      const say = await speak(phones, a.id);
      const [atB, atOut] = await Promise.all([levelHeard(phones, b.id), levelHeard(carrierA, out.id)]);
      await silence(phones, say);
      expect(atB, '1003 hears 1001').to.be.above(LOUDNESS_HEARD);
      expect(atOut, 'the outside party hears 1001').to.be.above(LOUDNESS_HEARD);

      expect((await api('DELETE', `/api/v1/conferences/${id}/parties/p1`)).status).to.equal(202);
      await phones.waitForEnd(a.id);
      await until('p1 gone', 5000, async () => (await view(id)).body.parties.length === 2);
      expect(ev.of('conference.changed').at(-1)).to.include({ conference: id }).and.to.have.deep.property('parties', ['1003', '9057188888888']);

      expect((await api('DELETE', `/api/v1/conferences/${id}`)).status).to.equal(200);
      await Promise.all([phones.waitForEnd(b.id), carrierA.waitForEnd(out.id)]);
      expect((await view(id)).status).to.equal(404);
      expect((await topology()).bridges.has(`${id}-conf`)).to.equal(false);
      expect(ev.of('conference.changed').at(-1)?.parties).to.deep.equal([]);
    } finally {
      ev.stop();
    }
  });

  it('given the last party of a conference hangs up then the conference ends by itself', async () => {
    const id = (await api<ConferenceView>('POST', '/api/v1/conferences', {})).body.id;
    await api('POST', `/api/v1/conferences/${id}/parties`, { extension: '1004' });
    const a = await phones.waitForCall((c) => c.exten === '1004', 5000);
    await phones.answer(a.id);
    await until('joined', 5000, async () => (await view(id)).body.parties[0]?.state === 'joined');
    await phones.hangup(a.id);
    await until('conference gone', 5000, async () => (await view(id)).status === 404);
    expect(app().registry.size).to.equal(0);
  });

  it('given a two-party conference then the system calls a, and only once a answers calls b; both talk; b hanging up ends it', async () => {
    const res = await api<ConferenceView>('POST', '/api/v1/conferences/two-party', { a: '1001', b: '9057188888888', from: '1002' });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const id = res.body.id;
    const a = await phones.waitForCall((c) => c.exten === '1001', 5000);
    expect(await carrierA.channelCount(), 'b is not called before a answers').to.equal(0);
    await phones.answer(a.id);
    const b = await carrierA.waitForCall((c) => c.exten === '057188888888', 5000);
    await carrierA.answer(b.id);
    await until('both joined', 5000, async () => (await view(id)).body.parties.filter((p) => p.state === 'joined').length === 2);
    const say = await speak(carrierA, b.id);
    expect(await levelHeard(phones, a.id), 'a hears b').to.be.above(LOUDNESS_HEARD);
    await silence(carrierA, say);
    await carrierA.hangup(b.id);
    await phones.waitForEnd(a.id);
    await until('conference gone', 5000, async () => (await view(id)).status === 404);
  });

  it('given a two-party conference whose second party is busy then the first party is hung up and the conference ends', async () => {
    const id = (await api<ConferenceView>('POST', '/api/v1/conferences/two-party', { a: '1001', b: '1003' })).body.id;
    const a = await phones.waitForCall((c) => c.exten === '1001', 5000);
    await phones.answer(a.id);
    const b = await phones.waitForCall((c) => c.exten === '1003', 5000);
    await phones.client.channels.hangup({ channelId: b.id, reason: 'busy' });
    await phones.waitForEnd(a.id);
    await until('conference gone', 5000, async () => (await view(id)).status === 404);
  });

  it('given bad input then 400/404 with reasons and the conference is unchanged', async () => {
    const sqlish = "1' OR '1'='1";
    const id = (await api<ConferenceView>('POST', '/api/v1/conferences', {})).body.id;
    const unknown = '00000000-0000-4000-8000-000000000000';
    const cases: [string, string, unknown, number][] = [
      ['POST', '/api/v1/conferences', { from: sqlish }, 400],
      ['POST', '/api/v1/conferences', { from: '1999' }, 404],
      ['GET', `/api/v1/conferences/${encodeURIComponent(sqlish)}`, undefined, 400],
      ['GET', `/api/v1/conferences/${unknown}`, undefined, 404],
      ['DELETE', `/api/v1/conferences/${unknown}`, undefined, 404],
      ['POST', `/api/v1/conferences/${unknown}/parties`, { extension: '1001' }, 404],
      ['POST', `/api/v1/conferences/${id}/parties`, { extension: sqlish }, 400],
      ['POST', `/api/v1/conferences/${id}/parties`, { extension: '1001', number: '9057188888888' }, 400],
      ['POST', `/api/v1/conferences/${id}/parties`, {}, 400],
      ['POST', `/api/v1/conferences/${id}/parties`, { number: '9057188888888' }, 400],
      ['POST', `/api/v1/conferences/${id}/parties`, { extension: '1999' }, 404],
      ['POST', `/api/v1/conferences/${id}/parties`, { number: '7777', from: '1001' }, 404],
      ['DELETE', `/api/v1/conferences/${id}/parties/p9`, undefined, 404],
      ['DELETE', `/api/v1/conferences/${id}/parties/${encodeURIComponent(sqlish)}`, undefined, 400],
      ['POST', '/api/v1/conferences/two-party', { a: '1001' }, 400],
      ['POST', '/api/v1/conferences/two-party', { a: '1001', b: sqlish }, 400],
      ['POST', '/api/v1/conferences/two-party', { a: '1001', b: '9057188888888' }, 400],
      ['POST', '/api/v1/conferences/two-party', { a: '1001', b: '1999' }, 400],
      ['POST', '/api/v1/conferences/two-party', { a: '1001', b: '1999', from: '1002' }, 404],
    ];
    for (const [method, path, body, status] of cases) {
      const res = await api<{ error: { id: string } }>(method, path, body);
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`).to.equal(status);
      expect(res.body.error.id, 'a reason').to.be.a('string');
    }
    expect((await api('POST', '/api/v1/conferences', {}, { user: '1001', password: 'secret1001' })).status, 'agents may not').to.equal(403);
    expect((await view(id)).body.parties).to.deep.equal([]);
    expect((await api<{ conferences: ConferenceView[] }>('GET', '/api/v1/conferences')).body.conferences.map((c) => c.id)).to.deep.equal([id]);
    expect(await phones.channelCount(), 'no phone rang').to.equal(0);
    expect((await api('DELETE', `/api/v1/conferences/${id}`)).status).to.equal(200);
  });
});
