/**
 * Where an internal call's setup time goes, from a capture made with BENCH_CAPTURE_ARI=1:
 * node dist/bench/calls/breakdown.js var/bench/latency-internal-product-5cps.pcap
 * Per call: Asterisk from the caller's INVITE to the StasisStart event, the app from that event
 * to its originate request on the wire, Asterisk from the originate to the callee's INVITE, the
 * app from the callee's 180 to its ring request, Asterisk from there to the caller's 180.
 */
import { execFileSync } from 'node:child_process';
import { BENCH } from './bench-config';
import { percentiles } from './latency';

interface Row { t: number; what: string }

function rows(file: string): Row[] {
  const out = execFileSync('tshark', ['-r', file, '-Y', `sip.Method==INVITE || sip.Status-Code==180 || (tcp.port==${BENCH.ariPort} && tcp.len>0)`,
    '-T', 'fields', '-E', 'separator=\t', '-e', 'frame.time_epoch', '-e', 'ip.src', '-e', 'ip.dst', '-e', 'sip.Method', '-e', 'sip.Status-Code',
    '-e', 'tcp.srcport', '-e', 'tcp.dstport', '-e', 'tcp.payload'], { maxBuffer: 512 * 1024 * 1024 }).toString();
  return out.split('\n').filter(Boolean).map((l) => {
    const [t, src, dst, method, status, sport, dport, payload] = l.split('\t');
    const text = payload ? Buffer.from(payload, 'hex').toString('latin1') : '';
    let what: string;
    if (sport === String(BENCH.ariPort)) what = `event:${/"type":"(\w+)"/.exec(text)?.[1] ?? 'response'}`;
    else if (dport === String(BENCH.ariPort)) what = `request:${(text.split(' ')[1] ?? '').split('?')[0].split('/').pop()}`;
    else what = method ? `${method}>${dst}` : `${status}<${src}`;
    return { t: Number(t) * 1000, what };
  });
}

const STEPS = [
  ['Asterisk: caller INVITE -> StasisStart event', 'event:StasisStart'],
  ['app: StasisStart -> originate on the wire', 'request:channels'],
  ['Asterisk: originate -> INVITE to the callee', `INVITE>${BENCH.callee}`],
  ['callee: INVITE -> 180', `180<${BENCH.callee}`],
  ['app: callee 180 -> ring request on the wire', 'request:ring'],
  ['Asterisk: ring -> 180 to the caller', `180<${BENCH.asterisk}`],
] as const;

const all = rows(process.argv[2]);
const spans: number[][] = STEPS.map(() => []);
const totals: number[] = [];
all.forEach((r, i) => {
  if (r.what !== `INVITE>${BENCH.asterisk}`) return;
  const times: number[] = [];
  let prev = r.t;
  for (const x of all.slice(i + 1, i + 100)) {
    if (x.what !== STEPS[times.length][1]) continue;
    times.push(x.t - prev);
    prev = x.t;
    if (times.length === STEPS.length) break;
  }
  if (times.length !== STEPS.length) return;
  times.forEach((d, k) => spans[k].push(d));
  totals.push(prev - r.t);
});
for (let k = 0; k < STEPS.length; k++) {
  const p = percentiles(spans[k]);
  console.log(`${STEPS[k][0].padEnd(46)} p50 ${p.p50.toFixed(1)} ms  p95 ${p.p95.toFixed(1)} ms  (n=${p.n})`);
}
const p = percentiles(totals);
console.log(`${'caller INVITE -> 180 at the caller'.padEnd(46)} p50 ${p.p50.toFixed(1)} ms  p95 ${p.p95.toFixed(1)} ms`);
