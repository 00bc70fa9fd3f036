import { expect } from 'chai';
import { WebSocketRest, webSocketUri, type MessageSocket } from '../../src/ari/ws-rest';
import type { SwaggerRequestObject, SwaggerResponse } from '../../src/ari/rest-transport';
import { deliverResponse, failed } from '../../src/ari/rest-transport';

class FakeSocket implements MessageSocket {
  readyState = 1;
  sent: Record<string, string>[] = [];
  failNext: Error | null = null;
  send(text: string, cb?: (err?: Error) => void): void {
    this.sent.push(JSON.parse(text));
    const err = this.failNext;
    this.failNext = null;
    setImmediate(() => cb?.(err ?? undefined));
  }
}

function request(method = 'GET'): { obj: SwaggerRequestObject; outcomes: { kind: 'response' | 'error'; r: SwaggerResponse }[] } {
  const outcomes: { kind: 'response' | 'error'; r: SwaggerResponse }[] = [];
  const obj: SwaggerRequestObject = { url: 'http://127.0.0.1:8088/ari/x', method, on: { response: (r) => outcomes.push({ kind: 'response', r }), error: (r) => outcomes.push({ kind: 'error', r }) } };
  return { obj, outcomes };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('ARI REST over the event WebSocket', () => {
  it('sends ARI resources over the socket and keeps the rest on HTTP', () => {
    const u = (s: string) => new URL(`http://127.0.0.1:8088${s}`);
    expect(webSocketUri('POST', u('/ari/channels/c1/answer'))).to.equal('channels/c1/answer');
    expect(webSocketUri('POST', u('/ari/channels?endpoint=PJSIP%2F1001&app=cc'))).to.equal('channels?endpoint=PJSIP%2F1001&app=cc');
    expect(webSocketUri('GET', u('/ari/api-docs/resources.json'))).to.equal(null);
    expect(webSocketUri('GET', u('/ari/events?app=x'))).to.equal(null);
    expect(webSocketUri('GET', u('/ari/recordings/stored/cc-1/file'))).to.equal(null);
    expect(webSocketUri('GET', u('/ari/channels/a%20b'))).to.equal(null);
    expect(webSocketUri('GET', u('/other/x'))).to.equal(null);
  });

  it('wraps a request with its JSON body and settles it with the matching answer', async () => {
    const s = new FakeSocket();
    const rest = new WebSocketRest(s, deliverResponse, failed);
    const a = request('POST');
    const b = request('GET');
    rest.send(a.obj, 'POST', 'channels/c1/variable?variable=X', '{"value":"1"}', 1000);
    rest.send(b.obj, 'GET', 'channels/c1', null, 1000);
    expect(s.sent).to.deep.equal([
      { type: 'RESTRequest', request_id: 'r1', method: 'POST', uri: 'channels/c1/variable?variable=X', content_type: 'application/json', message_body: '{"value":"1"}' },
      { type: 'RESTRequest', request_id: 'r2', method: 'GET', uri: 'channels/c1' },
    ]);
    rest.onResponse({ type: 'RESTResponse', request_id: 'r2', status_code: 200, content_type: 'application/json', message_body: '{"id":"c1"}' });
    rest.onResponse({ type: 'RESTResponse', request_id: 'r1', status_code: 204 });
    rest.onResponse({ type: 'RESTResponse', request_id: 'r1', status_code: 204 }); // a duplicate is ignored
    await tick();
    expect(b.outcomes).to.have.length(1);
    expect(b.outcomes[0].kind).to.equal('response');
    expect(b.outcomes[0].r.obj).to.deep.equal({ id: 'c1' });
    expect(a.outcomes.map((o) => [o.kind, o.r.status])).to.deep.equal([['response', 204]]);
    expect(rest.inFlight).to.equal(0);
  });

  it('reports an ARI error status to the error callback with its message', () => {
    const rest = new WebSocketRest(new FakeSocket(), deliverResponse, failed);
    const a = request('POST');
    rest.send(a.obj, 'POST', 'channels/gone/answer', null, 1000);
    rest.onResponse({ type: 'RESTResponse', request_id: 'r1', status_code: 404, content_type: 'application/json', message_body: '{"message":"Channel not found"}' });
    expect(a.outcomes.map((o) => [o.kind, o.r.status, o.r.obj])).to.deep.equal([['error', 404, { message: 'Channel not found' }]]);
  });

  it('fails a request once when no answer comes in time, and ignores a late answer', async () => {
    const rest = new WebSocketRest(new FakeSocket(), deliverResponse, failed);
    const a = request();
    rest.send(a.obj, 'GET', 'channels/c1', null, 20);
    await new Promise((r) => setTimeout(r, 40));
    rest.onResponse({ type: 'RESTResponse', request_id: 'r1', status_code: 200 });
    expect(a.outcomes.map((o) => [o.kind, o.r.status])).to.deep.equal([['error', 0]]);
  });

  it('fails every pending request when the socket closes, and one whose send failed', async () => {
    const s = new FakeSocket();
    const rest = new WebSocketRest(s, deliverResponse, failed);
    const a = request('POST');
    const b = request('POST');
    s.failNext = new Error('socket gone');
    rest.send(a.obj, 'POST', 'channels', null, 1000);
    rest.send(b.obj, 'POST', 'channels', null, 1000);
    await tick();
    expect(a.outcomes.map((o) => o.kind)).to.deep.equal(['error']);
    rest.close('link dropped');
    expect(b.outcomes.map((o) => [o.kind, (o.r.obj as { message: string }).message])).to.deep.equal([['error', 'ARI request lost: link dropped']]);
    expect(rest.open).to.equal(false);
    expect(rest.inFlight).to.equal(0);
  });
});
