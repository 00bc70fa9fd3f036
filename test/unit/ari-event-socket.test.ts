import { expect } from 'chai';
import { eventsUrl, handledType } from '../../src/ari/event-socket';

describe('ARI event socket', () => {
  it('builds the events URL from the ARI URL without credentials in it', () => {
    expect(eventsUrl('http://127.0.0.1:8088', 'callcenter')).to.equal('ws://127.0.0.1:8088/ari/events?app=callcenter&subscribeAll=false');
    expect(eventsUrl('https://pbx.example:8089/', 'cc')).to.equal('wss://pbx.example:8089/ari/events?app=cc&subscribeAll=false');
  });

  it('reads the type of handled events and drops the others unparsed', () => {
    const handled = new Set(['StasisStart', 'ChannelDestroyed']);
    expect(handledType('{"type":"StasisStart","args":[]}', handled)).to.equal('StasisStart');
    expect(handledType('{ "type" : "ChannelDestroyed" }', handled)).to.equal('ChannelDestroyed');
    expect(handledType('{"type":"ChannelVarset"}', handled)).to.equal(null);
    expect(handledType('{"type":"StasisStartX"}', handled)).to.equal(null);
    expect(handledType('not json', handled)).to.equal(null);
  });
});
