/**
 * `make bench` part 1 (issue 8): call setup latency, capacity and the app's cost, through the
 * product (Stasis app) and through plain Asterisk dialplan on the same Asterisk. Real SIP:
 * SIPp user agents on 127.0.0.21-24, the product's Asterisk on 127.0.0.20, latency read from
 * a loopback capture. QUICK=1: one rate, short runs. Results: bench/results/<date>.json.
 */
import { cli } from '../src/asterisk/instance';
import { AppProcess } from './calls/app-process';
import type { AppStats } from './calls/app-under-test';
import { BENCH, benchConfig } from './calls/bench-config';
import { channelCount, resetBenchDatabase, startBenchAsterisk, stopBenchAsterisk, RTP_TIMEOUT_SEC } from './calls/bench-site';
import { percentiles, type Percentiles } from './calls/latency';
import { CALL_TYPES, callerAddress, callList, latencies, type CallType, type Path } from './calls/runs';
import { SipCapture } from './calls/sip-capture';
import { runUac, Uas } from './calls/sipp';
import { saveResults } from './results';
import type { InstancePaths } from '../src/asterisk/instance';

const QUICK = process.env.QUICK === '1';
const ONLY = (process.env.BENCH_ONLY ?? 'latency,capacity,concurrency,leak').split(',');
/** BENCH_PATHS=product (or reference) runs one path only: for investigations, not for ratios. */
const PATHS = (process.env.BENCH_PATHS?.split(',') ?? ['product', 'reference']) as Path[];
const say = (m: string) => process.stdout.write(`    ${m}\n`);
const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '-');

interface Site { paths: InstancePaths; app: AppProcess; uas: Uas; productCalls: number }

async function until(what: string, timeoutMs: number, check: () => Promise<boolean>, everyMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

async function drained(site: Site, label: string): Promise<void> {
  await until(`the calls of ${label} to end (channels in the bench Asterisk)`, 60000, async () => (await channelCount(site.paths)) === 0, 250);
  site.uas.assertRunning();
}

async function startSite(): Promise<Site> {
  const config = benchConfig();
  say(`database ${BENCH.database}: migrations and ${BENCH.agents} agents`);
  await resetBenchDatabase(config);
  say(`Asterisk instance "bench" on ${BENCH.asterisk} with the reference dialplan`);
  const paths = await startBenchAsterisk(config);
  const uas = Uas.start();
  say('the app (its own process, --expose-gc)');
  const app = await AppProcess.start();
  await until('trunk bench-carrier and the agents\' phones to answer OPTIONS', 30000, async () => {
    await cli(paths, 'pjsip qualify bench-carrier');
    return /bench-carrier\/sip:\S+\s+\S+\s+Avail/.test(await cli(paths, 'pjsip show contacts like bench-carrier'));
  }, 500);
  uas.assertRunning();
  return { paths, app, uas, productCalls: 0 };
}

interface LatencyRow { type: CallType; path: Path; rate: number; calls: number; failed: number; latencyMs: Percentiles; appLoopDelayMs?: AppStats['loopDelayMs'] }

/** Every UAC run goes through here, so the product's calls are counted for the leak check. */
async function place(site: Site, path: Path, run: Parameters<typeof runUac>[0]): Promise<Awaited<ReturnType<typeof runUac>>> {
  if (path === 'product') site.productCalls += run.calls.length;
  return runUac(run);
}

async function measured(site: Site, label: string, type: CallType, path: Path, rate: number, seconds: number, holdMs: number): Promise<LatencyRow> {
  const n = Math.max(1, Math.round(rate * seconds));
  const capture = await SipCapture.start(label);
  let r;
  try {
    r = await place(site, path, { label, from: callerAddress(type, path), calls: callList(type, n), ratePerSec: rate, holdMs });
  } finally {
    await capture.stop();
  }
  await drained(site, label);
  const samples = latencies(type, path, await capture.messages());
  return { type, path, rate, calls: n, failed: r.failed + (n - r.successful - r.failed), latencyMs: percentiles(samples) };
}

async function latencyPhase(site: Site, cost: CostMeter): Promise<LatencyRow[]> {
  const rates = process.env.BENCH_RATES ? process.env.BENCH_RATES.split(',').map(Number) : QUICK ? [20] : [5, 10, 20, 40];
  const seconds = 4;
  const rows: LatencyRow[] = [];
  const types = (process.env.BENCH_TYPES?.split(',') ?? Object.keys(CALL_TYPES)) as CallType[];
  for (const type of types) {
    for (const rate of rates) {
      for (const path of PATHS) {
        const label = `latency-${type}-${path}-${rate}cps`;
        const before = path === 'product' ? await site.app.stats() : null;
        const row = await measured(site, label, type, path, rate, seconds, 1000);
        if (before) {
          const after = await site.app.stats();
          cost.add(before, after, row.calls);
          row.appLoopDelayMs = after.loopDelayMs;
        }
        rows.push(row);
        const l = row.latencyMs;
        say(`${type.padEnd(8)} ${path.padEnd(9)} ${String(rate).padStart(3)} cps  ${String(row.calls).padStart(4)} calls  ${row.failed} failed  ` +
          `p50 ${fmt(l.p50)} ms  p95 ${fmt(l.p95)} ms  p99 ${fmt(l.p99)} ms  (n=${l.n})` +
          (row.appLoopDelayMs ? `  app event-loop delay p99 ${fmt(row.appLoopDelayMs.p99)} ms max ${fmt(row.appLoopDelayMs.max)} ms` : ''));
      }
    }
  }
  return rows;
}

/** The app's CPU time per call, over the product's measured runs. */
class CostMeter {
  cpuMs = 0;
  calls = 0;
  add(before: AppStats, after: AppStats, calls: number): void {
    this.cpuMs += after.cpuUserMs + after.cpuSystemMs - before.cpuUserMs - before.cpuSystemMs;
    this.calls += calls;
  }
  get cpuSecPer1000(): number {
    return this.calls ? this.cpuMs / this.calls : NaN;
  }
}

interface CapacityResult { path: Path; steps: { rate: number; seconds: number; calls: number; failed: number; why: Record<string, number> }[]; sustainedRate: number }

/**
 * The highest rate of internal calls (1 s each) that runs `confirmSec` with no failed call:
 * short steps up until one fails, then the best step's rate and 85 %, 70 %, ... of it, each held
 * for the full time, until one passes (at most five; the run stays bounded). A call whose
 * answer or hang-up takes more than 5 s counts as failed (SIPp's receive timeout), so an
 * overloaded rate fails within seconds instead of piling calls up unseen until a short step
 * ends; and every run stops placing calls at its first failure, so a failing minute costs only
 * up to that failure. The figure is a lower bound, within 15 % of the best step.
 */
async function capacityPhase(site: Site): Promise<CapacityResult[]> {
  const stepSec = QUICK ? 5 : 8;
  const confirmSec = QUICK ? 10 : 60;
  const rates = QUICK ? [20, 40] : [20, 30, 45, 60, 75, 90, 110, 130, 160, 200];
  const out: CapacityResult[] = [];
  for (const path of PATHS) {
    const steps: CapacityResult['steps'] = [];
    const attempt = async (rate: number, seconds: number) => {
      const label = `capacity-${path}-${rate}cps-${seconds}s`;
      const n = rate * seconds;
      const r = await place(site, path, { label, from: callerAddress('internal', path), calls: callList('internal', n), ratePerSec: rate, holdMs: 1000, stopOnFailure: true, recvTimeoutMs: 5000 });
      await drained(site, label);
      const placed = r.stoppedEarly ? r.successful + r.failed : n;
      const failed = placed - r.successful;
      steps.push({ rate, seconds, calls: placed, failed, why: r.failures });
      say(`capacity ${path.padEnd(9)} ${String(rate).padStart(3)} cps for ${seconds} s: ${placed} calls, ${failed} failed ${failed ? JSON.stringify(r.failures) : ''}` +
        (r.stoppedEarly ? ` (stopped at the first failure, after ${Math.round(r.elapsedMs / 1000)} s)` : ''));
      return failed === 0;
    };
    let best = 0;
    for (const rate of rates) {
      if (!(await attempt(rate, stepSec))) break;
      best = rate;
    }
    let sustained = 0;
    for (const rate of [1, 0.85, 0.7, 0.55, 0.4].map((f) => Math.floor(best * f))) {
      if (rate < 1 || sustained > 0) break;
      if (await attempt(rate, confirmSec)) sustained = rate;
    }
    say(`capacity ${path}: ${sustained} calls/s sustained for ${confirmSec} s with no failed call`);
    out.push({ path, steps, sustainedRate: sustained });
  }
  return out;
}

interface ConcurrencyResult { path: Path; attempted: number; held: number; peakChannels: number; holdSec: number }

/** `attempted` internal calls with RTP both ways, all held together for holdSec; a call whose media stops is hung up by Asterisk (rtp_timeout). */
async function concurrencyPhase(site: Site): Promise<ConcurrencyResult[]> {
  const sizes = process.env.BENCH_SIZES ? process.env.BENCH_SIZES.split(',').map(Number) : QUICK ? [50] : [200, 400];
  const holdSec = QUICK ? 15 : 60;
  const rate = 50;
  const out: ConcurrencyResult[] = [];
  for (const attempted of sizes) {
    for (const path of PATHS) {
      const label = `concurrency-${path}-${attempted}`;
      const rampMs = (attempted / rate) * 1000;
      let peak = 0;
      const sampler = setInterval(() => void channelCount(site.paths).then((c) => { peak = Math.max(peak, c); }, () => {}), 1000);
      let r;
      try {
        r = await place(site, path, { label, from: callerAddress('internal', path), calls: callList('internal', attempted), ratePerSec: rate, holdMs: holdSec * 1000 + rampMs, media: true });
      } finally {
        clearInterval(sampler);
      }
      await drained(site, label);
      out.push({ path, attempted, held: r.successful, peakChannels: peak, holdSec });
      say(`concurrency ${path.padEnd(9)} ${attempted} attempted: ${r.successful} held ${holdSec} s with RTP, peak ${peak} channels`);
    }
  }
  return out;
}

interface LeakResult { productCalls: number; toppedUp: number; failedTopUp: number; before: AppStats; after: AppStats }

/**
 * Heap and listeners of the app before and after at least 10,000 product calls (1,000 with
 * QUICK): `before` was taken after the first measured run (warm: modules loaded, JIT, pools);
 * the calls of every phase count, and internal calls top the number up.
 */
async function leakPhase(site: Site, before: AppStats, rate: number): Promise<LeakResult> {
  const target = QUICK ? 1000 : 10000;
  const topUp = Math.max(0, target - site.productCalls);
  let failedTopUp = 0;
  if (topUp > 0) {
    const label = `leak-top-up-${topUp}`;
    const r = await place(site, 'product', { label, from: BENCH.phone, calls: callList('internal', topUp), ratePerSec: rate, holdMs: 500 });
    await drained(site, label);
    failedTopUp = topUp - r.successful;
  }
  // Every channel is gone (drained): a call still in the app's registry after 10 s is a leak, reported, not fatal.
  await until('the app to forget the calls', 10000, async () => (await site.app.stats()).calls === 0)
    .catch(() => say('WARNING: calls are still in the app\'s registry although Asterisk has no channel left (a leak)'));
  const after = await site.app.stats();
  say(`leak: ${site.productCalls} product calls (${topUp} to top up at ${rate} cps, ${failedTopUp} of them failed): heap ${fmt(before.heapUsedBytes / 2 ** 20)} -> ${fmt(after.heapUsedBytes / 2 ** 20)} MiB, ` +
    `ARI listeners ${before.ariListeners} -> ${after.ariListeners}, AMI listeners ${before.amiListeners} -> ${after.amiListeners}, ` +
    `bus subscribers ${before.busSubscribers} -> ${after.busSubscribers}, handles ${before.activeHandles} -> ${after.activeHandles}, registry ${after.calls} calls / ${after.channels} channels, ` +
    `unhandled rejections ${after.unhandledRejections}`);
  return { productCalls: site.productCalls, toppedUp: topUp, failedTopUp, before, after };
}

function ratioTable(rows: LatencyRow[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const p of rows.filter((r) => r.path === 'product')) {
    const ref = rows.find((r) => r.path === 'reference' && r.type === p.type && r.rate === p.rate);
    if (!ref) continue;
    out.push({ type: p.type, rate: p.rate, p50Ratio: p.latencyMs.p50 / ref.latencyMs.p50, p99Ratio: p.latencyMs.p99 / ref.latencyMs.p99 });
  }
  return out;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const site = await startSite();
  const results: Record<string, unknown> = { rtpTimeoutSec: RTP_TIMEOUT_SEC, callTypes: CALL_TYPES };
  const cost = new CostMeter();
  const phase = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const t = Date.now();
    say(`-- ${name}`);
    const r = await run();
    say(`-- ${name}: ${Math.round((Date.now() - t) / 1000)} s`);
    return r;
  };
  try {
    // The leak baseline: after one warm-up run through the product.
    await measured(site, 'warm-up', 'internal', 'product', 10, 2, 500);
    const baseline = await site.app.stats();
    if (ONLY.includes('latency')) {
      const rows = await phase('latency', () => latencyPhase(site, cost));
      results.latency = rows;
      results.latencyRatios = ratioTable(rows);
      for (const r of results.latencyRatios as { type: string; rate: number; p50Ratio: number; p99Ratio: number }[]) {
        say(`ratio product/reference ${r.type.padEnd(8)} ${String(r.rate).padStart(3)} cps: p50 ${fmt(r.p50Ratio, 2)}  p99 ${fmt(r.p99Ratio, 2)}`);
      }
    }
    let sustained = 0;
    if (ONLY.includes('capacity')) {
      const cap = await phase('capacity', () => capacityPhase(site));
      results.capacity = cap;
      sustained = cap.find((c) => c.path === 'product')?.sustainedRate ?? 0;
    }
    if (ONLY.includes('concurrency')) results.concurrency = await phase('concurrency with RTP', () => concurrencyPhase(site));
    if (ONLY.includes('leak')) results.leak = await phase('leak check', () => leakPhase(site, baseline, Math.max(10, Math.min(sustained || 20, 50))));
    const s = await site.app.stats();
    results.cost = { cpuSecPer1000Calls: cost.cpuSecPer1000, measuredCalls: cost.calls, peakRssMiB: s.maxRssBytes / 2 ** 20 };
    say(`app cost: ${fmt(cost.cpuSecPer1000, 2)} CPU s per 1,000 calls (over ${cost.calls} calls), peak RSS ${fmt(s.maxRssBytes / 2 ** 20)} MiB`);
  } finally {
    await site.app.stop();
    await site.uas.stop();
    await stopBenchAsterisk(site.paths);
  }
  const file = saveResults('calls', { seconds: Math.round((Date.now() - t0) / 1000), ...results });
  process.stdout.write(`\n${markdown(results)}\n\n`);
  say(`call bench done in ${Math.round((Date.now() - t0) / 1000)} s; results in ${file}`);
}

/** The results as Markdown tables (what docs/BENCHMARKS.md keeps). */
function markdown(r: Record<string, unknown>): string {
  const out: string[] = [];
  const rows = (r.latency as LatencyRow[] | undefined) ?? [];
  if (rows.length) {
    out.push('| call | calls/s | product p50 / p95 / p99 (ms) | reference p50 / p95 / p99 (ms) | ratio p50 | ratio p99 | failed (product / reference) |', '|---|---|---|---|---|---|---|');
    for (const p of rows.filter((x) => x.path === 'product')) {
      const ref = rows.find((x) => x.path === 'reference' && x.type === p.type && x.rate === p.rate);
      if (!ref) continue;
      const l = (x: Percentiles) => `${fmt(x.p50)} / ${fmt(x.p95)} / ${fmt(x.p99)}`;
      out.push(`| ${p.type} | ${p.rate} | ${l(p.latencyMs)} | ${l(ref.latencyMs)} | ${fmt(p.latencyMs.p50 / ref.latencyMs.p50, 2)} | ${fmt(p.latencyMs.p99 / ref.latencyMs.p99, 2)} | ${p.failed} / ${ref.failed} |`);
    }
    out.push('');
  }
  for (const c of (r.capacity as CapacityResult[] | undefined) ?? []) {
    out.push(`- capacity, ${c.path}: **${c.sustainedRate} calls/s** sustained with no failed call; steps: ${c.steps.map((x) => `${x.rate}/s ${x.seconds} s ${x.failed ? `${x.failed} failed` : 'ok'}`).join(', ')}`);
  }
  for (const c of (r.concurrency as ConcurrencyResult[] | undefined) ?? []) {
    out.push(`- concurrency with RTP, ${c.path}: ${c.held} of ${c.attempted} calls held ${c.holdSec} s (peak ${c.peakChannels} channels)`);
  }
  const cost = r.cost as { cpuSecPer1000Calls: number; measuredCalls: number; peakRssMiB: number } | undefined;
  if (cost) out.push(`- app cost: ${fmt(cost.cpuSecPer1000Calls, 1)} CPU s per 1,000 calls (over ${cost.measuredCalls} latency-run calls), peak RSS ${fmt(cost.peakRssMiB, 0)} MiB`);
  const leak = r.leak as LeakResult | undefined;
  if (leak) {
    const mib = (b: number) => fmt(b / 2 ** 20, 1);
    out.push(`- after ${leak.productCalls} product calls: heap ${mib(leak.before.heapUsedBytes)} -> ${mib(leak.after.heapUsedBytes)} MiB, ARI listeners ${leak.before.ariListeners} -> ${leak.after.ariListeners}, ` +
      `AMI listeners ${leak.before.amiListeners} -> ${leak.after.amiListeners}, bus subscribers ${leak.before.busSubscribers} -> ${leak.after.busSubscribers}, open handles ${leak.before.activeHandles} -> ${leak.after.activeHandles}, calls left in the registry ${leak.after.calls}`);
  }
  return out.join('\n');
}

main().catch((err) => {
  console.error(`ERROR: call bench: ${(err as Error).message}`);
  process.exit(1);
});
