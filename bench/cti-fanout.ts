/**
 * CTI fan-out (issue 8, item 4): the app's real event path (EventBus -> WebSocket server
 * /api/v1/events) with 100 and 1,000 subscribed clients in another process; the delay from
 * publishing an event to its delivery at each client, p50/p99. Events are stamped when
 * published (the moment the app handles the Asterisk event that causes them).
 */
import { saveResults } from './results';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import express from 'express';
import pino from 'pino';
import { EventBus } from '../src/events/event-bus';
import { attachEventsSocket } from '../src/api/events-ws';

const TOKEN = 'bench-token-0123456789abcdefghijkl';

export async function fanoutBench(clients: number, events: number, everyMs: number): Promise<{ clients: number; deliveries: number; p50: number; p99: number; max: number }> {
  const bus = new EventBus(10000);
  const server = express().listen(0, '127.0.0.1');
  await once(server, 'listening');
  // One token for every client: the per-user cap is raised to the number of clients.
  const socket = attachEventsSocket(server, bus, {
    credentials: () => ({ users: [], tokens: [{ name: 'bench', token: TOKEN, role: 'supervisor' }], agentPassword: () => null }), log: pino({ level: 'silent' }), socketsPerUser: clients,
  });
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/events`;
  const child = spawn(process.execPath, [resolve(__dirname, 'cti-fanout-clients.js'), String(clients), url, TOKEN, String(events)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const it = lines[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.value !== 'ready') throw new Error(`clients did not start: ${first.value}`);
  for (let i = 0; i < events; i++) {
    bus.publish({ type: 'queue.changed', group: 'bench', waiting: i, longestWaitSec: 0 });
    await new Promise((r) => setTimeout(r, everyMs));
  }
  const result = JSON.parse((await it.next()).value as string);
  await socket.close();
  server.close();
  return result;
}

if (require.main === module) {
  void (async () => {
    const quick = process.env.QUICK === '1';
    const runs = [];
    for (const n of [100, 1000]) {
      const r = await fanoutBench(n, quick ? 50 : 200, 20);
      console.log(`fan-out: ${n} clients, ${r.deliveries} deliveries: p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms (50 events/s)`);
      runs.push(r);
    }
    saveResults('ctiFanout', { eventsPerSecond: 50, runs, goalP99MsAt1000: 50 });
  })().catch((err) => { console.error(err); process.exit(1); });
}
