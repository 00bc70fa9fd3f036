/**
 * The client side of the CTI fan-out benchmark, in its own process: opens N WebSocket clients
 * on /api/v1/events, says "ready", and measures for each event and client the delay from the
 * event's time stamp (set when the app published it) to its arrival. Prints JSON percentiles.
 */
import WebSocket from 'ws';

const [n, url, token, expected] = [Number(process.argv[2]), process.argv[3], process.argv[4], Number(process.argv[5])];
const delays: number[] = [];
let open = 0;
let done = 0;
const sockets: WebSocket[] = [];

function finish(): void {
  delays.sort((a, b) => a - b);
  const p = (q: number) => delays[Math.min(delays.length - 1, Math.floor(q * delays.length))] ?? null;
  process.stdout.write(`${JSON.stringify({ clients: n, deliveries: delays.length, p50: p(0.5), p99: p(0.99), max: delays.at(-1) ?? null })}\n`);
  for (const s of sockets) s.terminate();
  process.exit(0);
}

for (let i = 0; i < n; i++) {
  const ws = new WebSocket(`${url}?types=queue.changed`, { headers: { authorization: `Bearer ${token}` } });
  sockets.push(ws);
  let seen = 0;
  ws.on('open', () => { if (++open === n) process.stdout.write('ready\n'); });
  ws.on('message', (m) => {
    const e = JSON.parse(m.toString()) as { type: string; at?: string };
    if (e.type !== 'queue.changed' || !e.at) return;
    delays.push(Date.now() - Date.parse(e.at));
    if (++seen === expected && ++done === n) finish();
  });
  ws.on('error', (err) => { process.stderr.write(`client ${i}: ${err.message}\n`); process.exit(1); });
}
setTimeout(finish, 60000);
