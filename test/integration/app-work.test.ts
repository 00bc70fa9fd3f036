/**
 * Issue 18, "less work per call in the app": what one call costs the app, counted (counts are
 * deterministic, timings are not): ARI requests, ARI events, AMI events and log lines at the
 * default level (info), for an internal call, an outbound 9N call and a DID -> IVR -> queue ->
 * agent call, each placed for real from the SIP peers. Upper bounds are asserted; the figures are
 * printed (docs/BENCHMARKS.md quotes them). Set CC_ARI_REST_OVER_WS=1 to run the product with
 * its ARI requests over the event WebSocket: the counts are the same, only the transport changes.
 */
import { expect } from 'chai';
import { difference, work, type WorkSnapshot } from '../../src/util/work-counters';
import { onlyCallGuid, recordByGuid } from './harness/contact-center';
import { callTestHooks, connectedSalesCall } from './harness/cti';
import { site } from './harness/site';
import { CallSession } from '../../src/calls/session/call-session';
import { until } from './harness/wait';

const { phones, carrierA } = site;
const app = () => site.product.app;

/**
 * Work the app does whatever the calls: the ARI heartbeat (every 5 s), the AMI link's own events
 * and the answers to the dashboard's periodic registration and contact lists.
 */
const BACKGROUND = /^(ari GET applications\/\{id\}|ami (FullyBooted|SuccessfulAuth|ChallengeSent|ContactStatus|Registry|PeerStatus|DeviceStateChange|AuthDetail|OutboundRegistrationDetail|OutboundRegistrationDetailComplete|ContactList|ContactListComplete|EndpointList|EndpointListComplete))$/;

interface Cost { ariRequests: number; ariEvents: number; amiEvents: number; logLines: number; debugLines: number; detail: Record<string, number> }

function withoutBackground(d: WorkSnapshot): Cost {
  const detail: Record<string, number> = {};
  const out: Cost = { ariRequests: d.ariRequests, ariEvents: d.ariEvents, amiEvents: d.amiEvents, logLines: d.logLines, debugLines: d.debugLines, detail };
  for (const [k, v] of Object.entries(d.detail)) {
    if (!BACKGROUND.test(k)) detail[k] = v;
    else if (k.startsWith('ari ')) out.ariRequests -= v;
    else if (k.startsWith('ami ')) out.amiEvents -= v;
  }
  return out;
}

/** A call talks once it is bridged and its recording runs (a call hung up sooner measures a failed MixMonitor). */
async function talking(guid: string): Promise<void> {
  await until('the call connected and recorded', 5000, () => {
    const c = app().registry.byGuid(guid);
    return c instanceof CallSession && c.snapshot().state === 'connected' && c.recording !== null;
  }, 20);
}

/** Runs one call from start to its record, with nothing else going on; returns what it cost. */
async function measure(kind: string, call: () => Promise<string>): Promise<Cost> {
  await until('no call in progress', 5000, () => app().registry.size === 0, 20);
  const before = work.snapshot();
  const guid = await call();
  await until('the call to end in the app', 5000, () => app().registry.size === 0, 20);
  await recordByGuid(guid);
  // Asked over the CLI, not ARI: the test's own requests are not the app's.
  await until('no channel left in the product', 5000, async () => (await site.product.channelCount()) === 0, 50);
  const cost = withoutBackground(difference(before, work.snapshot()));
  const lines = Object.entries(cost.detail).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}: ${v}`);
  process.stdout.write(`      ${kind}: ${cost.ariRequests} ARI requests, ${cost.ariEvents} ARI events, ${cost.amiEvents} AMI events, ${cost.logLines} log lines at info (+${cost.debugLines} at debug)\n        ${lines.join('\n        ')}\n`);
  return cost;
}

async function internalCall(): Promise<string> {
  await until('the previous call to leave the app', 5000, () => app().registry.size === 0, 5);
  const caller = await phones.call('PJSIP/1003@phone-1001');
  const callee = await phones.waitForCall((c) => c.exten === '1003');
  const guid = onlyCallGuid();
  await phones.answer(callee.id);
  await phones.waitForAnswer(caller);
  await talking(guid);
  await phones.hangup(caller);
  await phones.waitForEnd(callee.id);
  return guid;
}

async function outboundCall(): Promise<string> {
  const caller = await phones.call('PJSIP/9057188888888@phone-1002');
  const out = await carrierA.waitForCall((c) => c.exten === '057188888888');
  const guid = onlyCallGuid();
  await carrierA.answer(out.id);
  await phones.waitForAnswer(caller);
  await talking(guid);
  await carrierA.hangup(out.id);
  await phones.waitForEnd(caller);
  return guid;
}

async function queueCall(): Promise<string> {
  const c = await connectedSalesCall();
  await talking(c.guid);
  await carrierA.hangup(c.customer);
  await phones.waitForEnd(c.agentPhone);
  return c.guid;
}

/**
 * CPU of this test process (the app in-process, plus the test's own peer clients: the same in
 * both transports) per internal call over `n` calls, printed for docs/BENCHMARKS.md; nothing
 * is asserted about time.
 */
async function cpuPerCall(label: string, n: number): Promise<void> {
  await internalCall();
  const t0 = process.cpuUsage();
  const before = work.snapshot();
  for (let i = 0; i < n; i++) await internalCall();
  await until('the last call to end in the app', 5000, () => app().registry.size === 0, 20);
  const used = process.cpuUsage(t0);
  const d = difference(before, work.snapshot());
  process.stdout.write(`      ${label}: ${((used.user + used.system) / 1000 / n).toFixed(2)} ms of process CPU per internal call over ${n} calls (${(d.ariRequests / n).toFixed(1)} ARI requests per call, ${d.ariRequestsOverWebSocket} of ${d.ariRequests} over the WebSocket)\n`);
  expect(d.ariRequests / n, 'ARI requests per call').to.be.at.most(BOUNDS.internal.ariRequests + 1);
}

describe('the app\'s work per call (issue 18: counted, not timed)', function () {
  this.timeout(60000);
  callTestHooks();
  before(() => { work.detail = true; });
  after(() => { work.detail = false; });

  // The first call of a kind warms caches (customer lookup, routes): the second one is counted.
  it('an internal call (1001 -> 1003, answered, caller hangs up) stays within its bounds', async () => {
    await measure('internal (warm-up)', internalCall);
    const cost = await measure('internal', internalCall);
    expect(cost.ariRequests, 'ARI requests').to.be.at.most(BOUNDS.internal.ariRequests);
    expect(cost.ariEvents, 'ARI events').to.be.at.most(BOUNDS.internal.ariEvents);
    expect(cost.amiEvents, 'AMI events').to.be.at.most(BOUNDS.internal.amiEvents);
    expect(cost.logLines, 'log lines at info').to.be.at.most(BOUNDS.internal.logLines);
  });

  it('an outbound 9N call (1002 -> carrier-a, answered, far end hangs up) stays within its bounds', async () => {
    await measure('outbound 9N (warm-up)', outboundCall);
    const cost = await measure('outbound 9N', outboundCall);
    expect(cost.ariRequests, 'ARI requests').to.be.at.most(BOUNDS.outbound.ariRequests);
    expect(cost.ariEvents, 'ARI events').to.be.at.most(BOUNDS.outbound.ariEvents);
    expect(cost.amiEvents, 'AMI events').to.be.at.most(BOUNDS.outbound.amiEvents);
    expect(cost.logLines, 'log lines at info').to.be.at.most(BOUNDS.outbound.logLines);
  });

  it('20 internal calls over HTTP: CPU per call printed', async () => {
    await cpuPerCall('over HTTP', 20);
  });

  it('a DID call through the IVR to the sales queue and an agent (customer hangs up) stays within its bounds', async () => {
    await measure('DID -> queue -> agent (warm-up)', queueCall);
    const cost = await measure('DID -> queue -> agent', queueCall);
    expect(cost.ariRequests, 'ARI requests').to.be.at.most(BOUNDS.queue.ariRequests);
    expect(cost.ariEvents, 'ARI events').to.be.at.most(BOUNDS.queue.ariEvents);
    expect(cost.amiEvents, 'AMI events').to.be.at.most(BOUNDS.queue.amiEvents);
    expect(cost.logLines, 'log lines at info').to.be.at.most(BOUNDS.queue.logLines);
  });
});

describe('the app\'s work per call with ARI REST over the event WebSocket (asterisk.ariRestOverWebSocket)', function () {
  this.timeout(90000);
  callTestHooks();
  const restart = async (overWebSocket: boolean) => {
    const config = site.product.config;
    await site.product.restartApp({ asterisk: { ...config.asterisk, ariRestOverWebSocket: overWebSocket } });
    await until('the product\'s ARI link', 15000, () => app().ari.current, 50);
    await site.trunksReady();
  };
  before(async () => {
    await restart(true);
    work.detail = true;
  });
  after(async () => {
    work.detail = false;
    await restart(false);
  });

  it('sends every request of a call over the socket, the same requests as over HTTP', async () => {
    for (const [kind, call, bound] of [['internal', internalCall, BOUNDS.internal], ['outbound 9N', outboundCall, BOUNDS.outbound], ['DID -> queue -> agent', queueCall, BOUNDS.queue]] as const) {
      const before = work.snapshot();
      const cost = await measure(`${kind} over the WebSocket`, call);
      const sent = difference(before, work.snapshot());
      expect(sent.ariRequestsOverWebSocket, `${kind}: requests over the WebSocket`).to.equal(sent.ariRequests);
      expect(cost.ariRequests, `${kind}: ARI requests`).to.be.at.most(bound.ariRequests);
      expect(cost.ariEvents, `${kind}: ARI events`).to.be.at.most(bound.ariEvents);
    }
  });

  it('20 internal calls over the WebSocket: CPU per call printed', async () => {
    await cpuPerCall('over the WebSocket', 20);
  });
});

describe('the app\'s work per call over HTTP again (the same process, warmer)', function () {
  this.timeout(60000);
  callTestHooks();
  it('20 internal calls over HTTP: CPU per call printed', async () => {
    await cpuPerCall('over HTTP, after the WebSocket runs', 20);
  });
});

/** Upper bounds: the counts measured after this changes (docs/BENCHMARKS.md); log lines one more (a link or load line may fall into a call). */
const BOUNDS = {
  internal: { ariRequests: 8, ariEvents: 9, amiEvents: 6, logLines: 10 },
  outbound: { ariRequests: 8, ariEvents: 13, amiEvents: 6, logLines: 6 },
  queue: { ariRequests: 12, ariEvents: 17, amiEvents: 6, logLines: 9 },
};
