import { expect } from 'chai';
import { difference, routeKind, WorkCounters } from '../../src/util/work-counters';

describe('work counters (the app\'s work per call)', () => {
  it('names a request by its route, ids replaced', () => {
    expect(routeKind('/ari/channels/abc-1/answer')).to.equal('channels/{id}/answer');
    expect(routeKind('/ari/channels?endpoint=PJSIP%2F1001')).to.equal('channels');
    expect(routeKind('/ari/bridges/g-bridge/addChannel?channel=a,b')).to.equal('bridges/{id}/addChannel');
    expect(routeKind('channels/x/variable')).to.equal('channels/{id}/variable');
    expect(routeKind('/ari/applications/callcenter')).to.equal('applications/{id}');
  });

  it('counts totals always and kinds only with detail on', () => {
    const w = new WorkCounters();
    w.ariRequest('post', '/ari/channels/a/answer', false);
    expect(w.snapshot().detail).to.deep.equal({});
    w.detail = true;
    const before = w.snapshot();
    w.ariRequest('post', '/ari/channels/a/answer', true);
    w.ariRequest('POST', '/ari/channels/b/answer', false);
    w.ariEvent('StasisStart');
    w.ariEvent(null);
    w.amiEvent('Newchannel');
    w.amiEvent(undefined);
    w.logLine(30);
    w.logLine(50);
    w.logLine(20);
    const d = difference(before, w.snapshot());
    expect(d).to.deep.equal({
      ariRequests: 2, ariRequestsOverWebSocket: 1, ariEvents: 1, ariEventsDropped: 1, amiEvents: 2, logLines: 2, debugLines: 1,
      detail: { 'ari POST channels/{id}/answer': 2, 'event StasisStart': 1, 'ami Newchannel': 1, 'ami ?': 1, 'log info': 1, 'log error': 1, 'log debug': 1 },
    });
    w.detail = false;
    expect(w.snapshot().detail).to.deep.equal({});
    expect(w.ariRequests).to.equal(3);
  });
});
