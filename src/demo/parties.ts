/**
 * The simulated parties of one demo call and how they behave: they start for the call, the
 * phones register only for accounts without a phone, whoever is called answers after a short
 * ring (unless told not to) and plays audio, and at the end everything unregisters and stops.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, instancePaths, pid, stop } from '../asterisk/instance';
import type { SipAccount } from '../domain';
import { DemoError } from './demo-plan';
import { DEMO_INSTANCE_PREFIX, DEMO_PHONES_ADDRESS } from './peer-config';
import type { ProductLink } from './product-link';
import { SimPeer, type PeerEvent } from './sim-peer';

/** How long a simulated phone (or carrier) rings before it answers. */
export const ANSWER_AFTER_MS = 2000;

export interface Printer { step(text: string): void; info(text: string): void; warn(text: string): void }

/** One demo call at a time per host: its parties use fixed addresses. */
export function takeDemoLock(root: string): () => void {
  const file = join(root, 'var/lib/callcenter/demo-call.pid');
  if (existsSync(file)) {
    const owner = Number(readFileSync(file, 'utf8').trim());
    let alive = false;
    try { process.kill(owner, 0); alive = owner > 0; } catch { /* gone */ }
    if (alive && owner !== process.pid) throw new DemoError(`another demo call runs (pid ${owner})`, 'wait until it ends (it stops within a few minutes), then try again');
  }
  writeFileSync(file, String(process.pid));
  return () => { try { if (Number(readFileSync(file, 'utf8')) === process.pid) rmSync(file); } catch { /* already gone */ } };
}

/**
 * Parties left running by a demo that was killed: their phones unregister, then they stop, so
 * nothing of a demo listens or registers outside a demo call. Returns what was stopped.
 */
export async function stopLeftovers(root: string, product: ProductLink | null): Promise<string[]> {
  const dir = join(root, 'etc/callcenter');
  if (!existsSync(dir)) return [];
  const stopped: string[] = [];
  for (const name of readdirSync(dir).filter((n) => n.startsWith(DEMO_INSTANCE_PREFIX))) {
    const p = instancePaths(root, name);
    if (!pid(p)) continue;
    try { await cli(p, 'pjsip send unregister *all', 5000); } catch { /* no registrations, or no console */ }
    await untilUnregistered(product, 5000);
    await stop(p);
    stopped.push(name);
  }
  return stopped;
}

/** Waits (bounded) until the product lists no contact at the phones' address; false if it still does. */
async function untilUnregistered(product: ProductLink | null, timeoutMs: number, exts?: string[]): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let left: string[];
    try {
      const contacts = product ? await product.contacts() : [];
      left = contacts.filter((c) => c.uri.includes(`@${DEMO_PHONES_ADDRESS}`) && (!exts || exts.includes(c.aor))).map((c) => c.aor);
    } catch {
      return []; // the product's Asterisk is not running: nothing to wait for
    }
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The parties of one call: started together, reacting to calls, stopped together. */
export class Parties {
  readonly answered = new Map<string, { peer: SimPeer; who: string }>();
  private readonly simulatedExt: Set<string>;

  constructor(readonly peers: SimPeer[], readonly phones: SimPeer | null, simulated: SipAccount[], private readonly agentAnswer: boolean, private readonly out: Printer) {
    this.simulatedExt = new Set(simulated.map((a) => a.extension));
  }

  peer(label: string): SimPeer {
    const p = this.peers.find((x) => x.label === label);
    if (!p) throw new Error(`no simulated party ${label}`);
    return p;
  }

  /** Starts every party; one that fails leaves the others to stop() (which stops all). */
  async start(): Promise<void> {
    await Promise.all(this.peers.map((p) => p.start()));
  }

  /** Called for every observation: whoever is called answers after a ring, unless told not to. */
  react(e: PeerEvent): void {
    if (e.kind !== 'incoming') return;
    const peer = this.peer(e.peer);
    const isPhone = peer === this.phones;
    if (isPhone && !this.simulatedExt.has(e.exten)) return;
    const who = isPhone ? `phone ${e.exten}` : `${peer.label} (for ${e.exten})`;
    // Phones obey AGENT_ANSWER; a carrier (an outbound call's far end) always answers.
    if (isPhone && !this.agentAnswer) return;
    setTimeout(() => {
      if (peer.isEnded(e.channel)) return;
      this.out.info(`${who} answers (simulated)`);
      peer.answer(e.channel).then(() => {
        this.answered.set(e.channel, { peer, who });
        return peer.playLoop(e.channel, 'demo-instruct');
      }).catch(() => { /* the call ended while ringing */ });
    }, ANSWER_AFTER_MS);
  }

  /** Waits until the product holds a live contact at the phones' address for every simulated account. */
  async registered(product: ProductLink, exts: string[], timeoutMs = 15000): Promise<void> {
    if (!this.phones || exts.length === 0) return;
    const deadline = Date.now() + timeoutMs;
    let lastQualify = 0;
    for (;;) {
      const regs = await this.phones.registrations();
      const rejected = exts.filter((x) => regs.get(`reg-${x}`) === 'Rejected');
      if (rejected.length) throw new DemoError(`the product refused the registration of ${rejected.join(', ')}`, 'check those accounts\' passwords and that they are enabled in sip_accounts; see the product\'s Asterisk log');
      const contacts = await product.contacts();
      const ours = (x: string) => contacts.find((c) => c.aor === x && c.uri.includes(`@${DEMO_PHONES_ADDRESS}`));
      const missing = exts.filter((x) => ours(x)?.status !== 'Avail');
      if (missing.length === 0) return;
      // A re-registration of a contact the product had marked unreachable keeps that mark until
      // its next check (calls to it fail): it is checked now.
      const stale = missing.filter((x) => ours(x) && ours(x)!.status !== 'Unknown' && ours(x)!.status !== 'Created');
      if (stale.length && Date.now() - lastQualify > 1000) {
        lastQualify = Date.now();
        await product.qualifyEndpoints(stale);
      }
      if (Date.now() > deadline) throw new DemoError(`phones ${missing.join(', ')} did not register within ${timeoutMs / 1000} s`, 'see "make status" and the product\'s Asterisk log (messages.log)');
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** Hangs up what is left, unregisters the phones (waiting until the product dropped them), stops every party. */
  async stop(product: ProductLink | null, exts: string[]): Promise<string[]> {
    const notes: string[] = [];
    if (this.phones?.running() && exts.length) {
      try {
        await this.phones.cli('pjsip send unregister *all');
        const left = await untilUnregistered(product, 5000, exts);
        if (left.length) notes.push(`the product still lists ${left.join(', ')} at ${DEMO_PHONES_ADDRESS}; the contacts expire within 2 minutes`);
      } catch (err) {
        notes.push(`unregistering the phones failed: ${(err as Error).message}`);
      }
    }
    await Promise.allSettled(this.peers.map((p) => p.stop()));
    for (const p of this.peers) if (p.running()) notes.push(`${p.label} (${p.spec.ip}) did not stop: stop it with "make demo-call CLEANUP=1"`);
    return notes;
  }

  /** Waits (bounded) until no channel is left at any party, so the product sees every call end cleanly. */
  async settle(timeoutMs = 10000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const counts = await Promise.all(this.peers.map((p) => p.channelCount().catch(() => 0)));
      if (counts.every((n) => n === 0)) return true;
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** The first simulated channel that answered an incoming call (the agent's phone or the far end). */
  calleeChannel(): { channel: string; peer: SimPeer; who: string } | null {
    for (const [channel, v] of this.answered) if (!v.peer.isEnded(channel)) return { channel, ...v };
    return null;
  }
}
