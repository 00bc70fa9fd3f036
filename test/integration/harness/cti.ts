/** Helpers for the CTI command tests: a connected customer call, events seen, an unregistered phone. */
import type { CtiEvent } from '../../../src/events/cti-events';
import { site } from './site';
import { onlyCallGuid, resetAgents, uniqueCaller } from './contact-center';
import { until } from './wait';

const { phones, carrierA } = site;
const app = () => site.product.app;
export const DID = '02566668888';
export const SALES = ['1001', '1002'];

/** A customer calls the DID, presses 1 and a sales agent answers: the call is connected. */
export async function connectedSalesCall() {
  const number = uniqueCaller();
  const customer = await carrierA.call(`PJSIP/${DID}@product`, { callerId: `<${number}>` });
  await carrierA.waitForAnswer(customer, 5000);
  await carrierA.sendDtmf(customer, '1');
  const agentLeg = await phones.waitForCall((c) => SALES.includes(c.exten), 5000);
  const guid = onlyCallGuid();
  await phones.answer(agentLeg.id);
  await until('the call to be connected', 5000, () => app().registry.byGuid(guid)?.snapshot?.().state === 'connected', 20);
  const snap = app().registry.byGuid(guid)!.snapshot!();
  return { customer, agent: agentLeg.exten, agentPhone: agentLeg.id, guid, number, snap };
}

/** Events published from now on (read with .events, stop with .stop()). */
export function recordEvents() {
  const events: CtiEvent[] = [];
  const stop = app().bus.subscribe((e) => events.push(e));
  return { events, stop, of: <T extends CtiEvent['type']>(type: T) => events.filter((e): e is Extract<CtiEvent, { type: T }> => e.type === type) };
}

/** Runs `work` while phone `ext` has no registered contact (Asterisk: "Allocation failed"). */
export async function withUnregistered(ext: string, work: () => Promise<void>): Promise<void> {
  await phones.cli(`pjsip send unregister reg-${ext}`);
  await until(`${ext} to have no contact`, 10000, async () => !(await site.product.cli('pjsip show contacts')).includes(`${ext}/sip:`), 100);
  try {
    await work();
  } finally {
    await phones.cli(`pjsip send register reg-${ext}`);
    await until(`${ext} registered again`, 15000, async () => (await phones.registrationStatus(`reg-${ext}`)) === 'Registered', 100);
    await until(`${ext} contact back`, 10000, async () => (await site.product.cli('pjsip show contacts')).includes(`${ext}/sip:`), 100);
  }
}

/** Channel ids and bridges (id -> channel ids) in the product's Asterisk. */
export async function topology(): Promise<{ channels: Map<string, string>; bridges: Map<string, string[]> }> {
  const ari = site.product.ari();
  const [chs, brs] = await Promise.all([ari.channels.list(), ari.bridges.list()]);
  return { channels: new Map(chs.map((c) => [c.id, c.name])), bridges: new Map(brs.map((b) => [b.id, [...b.channels].sort()])) };
}

/** After a failed test: hang up whatever the peers still have, so the next test starts clean. */
export async function hangUpEverything(): Promise<void> {
  for (const peer of site.peers) {
    for (const c of await peer.client.channels.list()) await peer.hangup(c.id);
  }
}

/**
 * The hooks of a suite of call tests: agents reset (1001 idle longest) before each test; after
 * it, a failed test's calls are ended at the peers, then everything settles; `more` runs last.
 */
export function callTestHooks(more?: () => Promise<void>): void {
  beforeEach(() => resetAgents());
  afterEach(async function () {
    this.timeout(20000);
    if (this.currentTest?.state === 'failed') await hangUpEverything();
    await site.settle();
    if (more) await more();
  });
}
