/** The event WebSocket when the app stops (issue 17, item 11): every client gets a close frame 1001, not a dropped connection (1006). */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import WebSocket from 'ws';
import { attachEventsSocket, CLOSE_GOING_AWAY } from '../../src/api/events-ws';
import { EventBus } from '../../src/events/event-bus';
import { createLogger } from '../../src/log/logger';

describe('event WebSocket at shutdown', () => {
  it('given two connected clients when the socket server closes then each sees close code 1001 (going away)', async () => {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const token = 'test-token-0123456789abcdefghij';
    const events = attachEventsSocket(server, new EventBus(), {
      credentials: () => ({ users: [], tokens: [{ name: 'crm', token, role: 'supervisor' }], agentPassword: () => null }),
      log: createLogger('silent'),
    });
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/events`;
    const clients = [new WebSocket(url, { headers: { authorization: `Bearer ${token}` } }), new WebSocket(url, { headers: { authorization: `Bearer ${token}` } })];
    await Promise.all(clients.map((c) => once(c, 'open')));
    const codes = clients.map((c) => once(c, 'close').then(([code]) => code as number));
    await events.close();
    expect(await Promise.all(codes)).to.deep.equal([CLOSE_GOING_AWAY, CLOSE_GOING_AWAY]);
    expect(events.clients).to.equal(0);
    server.close();
  });
});
