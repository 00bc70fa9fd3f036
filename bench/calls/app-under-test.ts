/**
 * The app as the call benchmark runs it: its own process (so its CPU and memory are its own),
 * started with the bench configuration, answering the parent's questions over IPC:
 * { ask: 'stats' } -> AppStats (after a full GC when node runs with --expose-gc).
 */
import type { EventEmitter } from 'node:events';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { startApp, type RunningApp } from '../../src/app';
import { bufferedDestination, createLogger } from '../../src/log/logger';
import { benchConfig } from './bench-config';

export interface AppStats {
  cpuUserMs: number;
  cpuSystemMs: number;
  rssBytes: number;
  maxRssBytes: number;
  heapUsedBytes: number;
  /** Listeners on the ARI and AMI clients: one leaked per call would show here. */
  ariListeners: number;
  amiListeners: number;
  busSubscribers: number;
  calls: number;
  channels: number;
  activeHandles: number;
  /** Event-loop delay since the previous stats (ms): how long a ready event waits for the app's thread. */
  loopDelayMs: { p50: number; p99: number; max: number };
  /** Unhandled promise rejections so far (each is a bug: a request whose failure nobody handles). */
  unhandledRejections: number;
}

let unhandled = 0;

const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();

/** asterisk-manager exposes listeners() but not eventNames(): those events are counted by name. */
const AMI_EVENTS = ['managerevent', 'response', 'connect', 'close', 'end', 'error', 'rawevent'];

function listenerTotal(e: EventEmitter | null | undefined): number {
  if (!e) return -1;
  if (typeof e.eventNames === 'function') return e.eventNames().reduce((n, name) => n + e.listenerCount(name), 0);
  return AMI_EVENTS.reduce((n, name) => n + e.listeners(name).length, 0);
}

function stats(app: RunningApp): AppStats {
  (globalThis as { gc?: () => void }).gc?.();
  const cpu = process.cpuUsage();
  const mem = process.memoryUsage();
  const internals = app as unknown as { ami: { connection?: EventEmitter }; bus: { subscribers?: Set<unknown> } };
  return {
    cpuUserMs: cpu.user / 1000, cpuSystemMs: cpu.system / 1000,
    rssBytes: mem.rss, maxRssBytes: process.resourceUsage().maxRSS * 1024, heapUsedBytes: mem.heapUsed,
    ariListeners: listenerTotal(app.ari.current as unknown as EventEmitter),
    amiListeners: listenerTotal(Reflect.get(internals.ami, 'connection') as EventEmitter | null),
    busSubscribers: (Reflect.get(internals.bus, 'subscribers') as Set<unknown> | undefined)?.size ?? -1,
    calls: app.registry.size, channels: app.registry.channelCount,
    activeHandles: (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().length,
    unhandledRejections: unhandled,
    loopDelayMs: { p50: loopDelay.percentile(50) / 1e6, p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 },
  };
  loopDelay.reset();
}

async function main(): Promise<void> {
  const config = benchConfig();
  const logFile = resolve(__dirname, '../../../var/log/bench-app.log');
  const log = createLogger(config.log.level, bufferedDestination(logFile));
  // As the product's process runner does: an unhandled rejection is logged and the app runs on.
  process.on('unhandledRejection', (err) => {
    unhandled++;
    log.error({ err }, 'unhandled rejection (kept running)');
  });
  const app = await startApp(config, log);
  process.on('message', (m: { ask?: string }) => {
    if (m?.ask === 'stats') process.send?.({ stats: stats(app) });
    if (m?.ask === 'stop') void app.stop().then(() => process.exit(0));
  });
  process.on('disconnect', () => void app.stop().then(() => process.exit(0)));
  process.send?.({ ready: true });
}

main().catch((err) => {
  console.error(`bench app: ${(err as Error).message}`);
  process.exit(1);
});
