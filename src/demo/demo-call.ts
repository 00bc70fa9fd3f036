/**
 * `make demo-call`: one call on the demo site without any SIP hardware. It starts what the call
 * needs (the caller's carrier at its address, phones at 127.0.0.5 for accounts without a phone
 * of their own), places the call, prints its progress, and stops everything again, so that
 * outside a demo call nothing of it listens or registers. Never imported by the app.
 */
import type { Config } from '../config';
import { createPool, type Pool } from '../db/pool';
import { placeCall, type CallOutcome } from './call-script';
import { DemoError, describeDestination, planDemoCall, type DemoOptions, type DemoPlan } from './demo-plan';
import { Parties, stopLeftovers, takeDemoLock, type Printer } from './parties';
import { addressInUse } from './ports';
import { DEMO_PHONES_ADDRESS, phonesPeer, trunkPeer } from './peer-config';
import { ProductLink } from './product-link';
import { SimPeer, type PeerEvent } from './sim-peer';
import { Timeline } from './timeline';

export { DemoError, parseOptions, DEFAULT_OPTIONS, type DemoOptions } from './demo-plan';
export type { Printer } from './parties';

export async function runDemoCall(config: Readonly<Config>, o: DemoOptions, out: Printer, signal?: AbortSignal): Promise<CallOutcome> {
  const product = new ProductLink(config);
  product.checkCredentials();
  const health = await product.checkRunning();
  if (health) out.warn(health);
  const release = takeDemoLock(config.asterisk.root);
  try {
    const left = await stopLeftovers(config.asterisk.root, product);
    if (left.length) out.warn(`stopped what an interrupted demo call left running: ${left.join(', ')}`);
    const pool = createPool(config.db);
    try {
      const plan = planDemoCall(o, await product.site(pool));
      return await withParties(config, o, plan, product, pool, out, signal);
    } finally {
      await pool.end();
    }
  } finally {
    release();
  }
}

/** Stops what a killed demo call left running (make stop does it too). */
export async function cleanupDemo(config: Readonly<Config>): Promise<string[]> {
  return stopLeftovers(config.asterisk.root, new ProductLink(config));
}

function describePlan(o: DemoOptions, plan: DemoPlan, out: Printer): void {
  const c = plan.caller;
  out.step(`demo call ${o.from} -> ${o.to}`);
  out.info(`caller: ${c.kind === 'trunk' ? `outside number ${o.from} through ${c.trunk.name} (${c.trunk.host})` : `extension ${o.from}`}; the product routes ${o.to} to ${describeDestination(plan.destination)}`);
  if (plan.realPhones.length) out.info(`real phones, not simulated: ${plan.realPhones.map((p) => `${p.extension} (${p.uri})`).join(', ')}`);
}

async function withParties(config: Readonly<Config>, o: DemoOptions, plan: DemoPlan, product: ProductLink, pool: Pool, out: Printer, signal?: AbortSignal): Promise<CallOutcome> {
  describePlan(o, plan, out);
  for (const t of plan.trunks) {
    const busy = await addressInUse(t.host, t.port);
    if (busy) throw new DemoError(`${busy} is in use: something else is ${t.name} there (a real carrier, or a test site's peer)`, `stop it, or place the call from it: the demo plays ${t.name} only while nothing else does`);
  }
  let simulated = plan.simulated;
  if (simulated.length) {
    const busy = await addressInUse(DEMO_PHONES_ADDRESS, 5060);
    if (busy && plan.caller.kind === 'phone') throw new DemoError(`${busy} is in use (a real phone?), so ${o.from} cannot be simulated`, `dial ${o.to} from that phone, or free ${DEMO_PHONES_ADDRESS}`);
    if (busy) {
      out.warn(`${busy} is in use (a real phone?): nothing answers for ${simulated.map((a) => a.extension).join(', ')}`);
      simulated = [];
    }
  }
  const exts = simulated.map((a) => a.extension);
  const ari = { user: config.asterisk.ariUser, password: config.asterisk.ariPassword };
  const productAddress = { host: config.sip.bindAddress, port: config.sip.port };
  const specs = plan.trunks.map((t, i) => trunkPeer(t, productAddress, ari, i));
  if (simulated.length) specs.push(phonesPeer(simulated, productAddress, ari));

  const timeline = new Timeline();
  const onAbort = () => timeline.abort(new DemoError('interrupted', 'the simulated parties were stopped; run make demo-call again when you like'));
  signal?.addEventListener('abort', onAbort);
  let events: { close: () => void };
  try {
    events = await product.openEvents(timeline);
  } catch (err) {
    throw new DemoError(`cannot follow the app's events: ${(err as Error).message}`, 'check the api section of the site config (make install writes it) and that the app runs');
  }
  let parties: Parties | null = null;
  const emit = (e: PeerEvent) => {
    timeline.push({ src: 'peer', event: e });
    parties?.react(e);
  };
  const peers = specs.map((s) => new SimPeer(s, config.asterisk.root, ari, emit));
  parties = new Parties(peers, simulated.length ? peers[peers.length - 1] : null, simulated, o.agentAnswer, out);
  try {
    out.info(`starting ${peers.map((p) => `${p.label} at ${p.spec.ip}`).join(', ') || 'nothing (every party is real)'}`);
    const t0 = Date.now();
    await parties.start();
    if (peers.length) out.info(`${peers.map((p) => p.label).join(' and ')} up in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (signal?.aborted) throw new DemoError('interrupted', 'run make demo-call again when you like');
    if (exts.length) {
      await parties.registered(product, exts);
      out.info(`phones ${exts.join(', ')} registered from ${DEMO_PHONES_ADDRESS} (accounts without a phone of their own)`);
    }
    await calleeTrunksReachable(plan, product, out);
    await readyAgents(plan, exts, product, out);
    return await placeCall({ o, plan, parties, timeline, out, product, pool });
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await Promise.all(peers.map((p) => (p.running() ? p.hangupAll() : null)));
    await parties.settle(5000);
    const notes = await parties.stop(product, exts);
    events.close();
    for (const n of notes) out.warn(n);
    if (peers.length) out.info(`stopped ${peers.map((p) => `${p.label} (${p.spec.ip})`).join(', ')}${exts.length ? `; phones ${exts.join(', ')} unregistered` : ''}: nothing of the demo listens or registers now`);
  }
}

/** The product checks its trunks every 30 s: asks now, so a carrier that just started is reachable for the call. */
async function calleeTrunksReachable(plan: DemoPlan, product: ProductLink, out: Printer): Promise<void> {
  if (plan.destination.kind !== 'trunk') return;
  const trunk = plan.destination.trunk;
  if (!(await product.qualify(trunk, 5000))) out.warn(`the product does not see ${trunk} as reachable yet; the call may fail`);
}

/**
 * An agent set not ready as "unreachable" was so only because no phone was registered: its
 * simulated phone says ready again (as a phone's *12 would). Other states are the agents' own.
 */
async function readyAgents(plan: DemoPlan, simulated: string[], product: ProductLink, out: Printer): Promise<void> {
  const agents = await product.agents();
  for (const a of agents) {
    if (simulated.includes(a.agent) && a.state === 'not_ready' && a.reason === 'unreachable') {
      await product.ready(a.agent);
      a.state = 'ready';
      out.info(`agent ${a.agent} was not ready (unreachable: it had no phone); its simulated phone is ready now`);
    }
  }
  if (plan.destination.kind !== 'flow' && plan.destination.kind !== 'group') return;
  const mine = new Set([...plan.simulated.map((a) => a.extension), ...plan.realPhones.map((p) => p.extension)]);
  const involved = agents.filter((a) => mine.has(a.agent));
  if (!involved.some((a) => a.state === 'ready')) {
    out.warn(`no agent is ready (${involved.map((a) => `${a.agent} ${a.state}${a.reason ? ` ${a.reason}` : ''}`).join(', ')}): the call will wait in the queue; make one ready with its phone (*11 / *12) or POST /api/v1/agents/<ext>/login or /ready`);
  }
}
