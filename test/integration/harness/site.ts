/** The whole test site: the product and its four SIP peers, started once for all suites. */
import { Peer } from './peer';
import { Product } from './product';
import { until } from './wait';

export class TestSite {
  readonly product = new Product();
  readonly carrierA: Peer;
  readonly carrierB: Peer;
  readonly site2: Peer;
  readonly phones: Peer;

  constructor() {
    const { root, ariUser, ariPassword } = this.product.config.asterisk;
    const creds = { user: ariUser, password: ariPassword };
    this.carrierA = new Peer('carrier-a', '127.0.0.2', 0, root, creds);
    this.carrierB = new Peer('carrier-b', '127.0.0.3', 1, root, creds);
    this.site2 = new Peer('site2', '127.0.0.4', 2, root, creds);
    this.phones = new Peer('phones', '127.0.0.5', 3, root, creds);
  }

  get peers(): Peer[] {
    return [this.carrierA, this.carrierB, this.site2, this.phones];
  }

  async start(): Promise<void> {
    const t0 = Date.now();
    await Promise.all([this.product.start(), ...this.peers.map((p) => p.stop())]);
    await Promise.all(this.peers.map((p) => p.start()));
    await until('the product\'s ARI link', 15000, () => this.product.app.ari.current);
    await until('phones 1001..1004 registered', 30000, async () => {
      const s = await Promise.all(['1001', '1002', '1003', '1004'].map((e) => this.phones.registrationStatus(`reg-${e}`)));
      return s.every((x) => x === 'Registered');
    }, 250);
    await this.phonesReachable();
    await this.trunksReady();
    process.stdout.write(`    test site up in ${Date.now() - t0} ms\n`);
  }

  /**
   * The product dials only contacts that answered their last qualify: right after start (or a
   * res_pjsip reload) on a loaded host one may be "Unavail" for a round. Asks until all four answer.
   */
  async phonesReachable(timeoutMs = 30000): Promise<void> {
    const phones = ['1001', '1002', '1003', '1004'];
    await until('phones 1001..1004 reachable from the product (qualify)', timeoutMs, async () => {
      const out = await this.product.cli('pjsip show contacts');
      const down = phones.filter((e) => !new RegExp(`Contact:\\s+${e}/\\S+\\s+\\S+\\s+Avail`).test(out));
      for (const e of down) await this.product.cli(`pjsip qualify ${e}`);
      return down.length === 0;
    }, 500);
  }

  /** Trunks are qualified every 30 s; asks now, so the product sees peers (or itself) that just started. */
  async trunksReady(): Promise<void> {
    const trunks = ['carrier-a', 'carrier-b', 'site2'];
    await until('trunks reachable', 15000, async () => {
      for (const trunk of trunks) await this.product.cli(`pjsip qualify ${trunk}`);
      return trunks.every((t) => this.product.app.stasis.endpointStates.get(t) === 'online');
    }, 500);
    await until('carrier-a registration', 30000, async () => (await this.product.cli('pjsip show registrations')).includes('Registered'), 250);
  }

  async stop(): Promise<void> {
    await Promise.allSettled([this.product.stop(), ...this.peers.map((p) => p.stop())]);
  }

  /**
   * Waits until no call is left anywhere (product and peers), then notes what the last test left
   * behind (takeLeftovers): bridges in the product, rings at the peers no test claimed or tolerated.
   */
  async settle(timeoutMs = 10000): Promise<void> {
    const quiet = async () => {
      const counts = await Promise.all([this.product.channelCount(), ...this.peers.map((p) => p.channelCount())]);
      return counts.every((n) => n === 0) && (!this.product.appRunning || this.product.app.registry.size === 0);
    };
    try {
      await until('all channels to end', timeoutMs, quiet, 100);
    } catch {
      // A test that left calls up fails the run (named at the end), but must not abort the suites
      // after it: its calls are hung up everywhere, then the site must be quiet.
      this.leftovers.push(`calls still up ${timeoutMs / 1000} s after the test: hung up by the harness`);
      for (const p of this.peers) await p.cli('channel request hangup all').catch(() => '');
      await this.product.cli('channel request hangup all').catch(() => '');
      await until('all channels to end after hanging up what the test left', 5000, quiet, 100);
    }
    // Every call has ended: calls that rang and were never claimed by a test are stale now.
    const left = this.leftovers;
    for (const p of this.peers) {
      for (const c of p.forgetUnclaimed()) left.push(`an unclaimed call rang at ${p.name}: ${c.exten} from ${c.callerNumber}`);
    }
    if (this.product.appRunning) {
      const bridges = await this.product.ari().bridges.list();
      if (bridges.length > 0) left.push(`bridges left in Asterisk: ${bridges.map((b) => b.id).join(', ')}`);
    }
  }

  private leftovers: string[] = [];

  takeLeftovers(): string[] {
    const l = this.leftovers;
    this.leftovers = [];
    return l;
  }
}

export const site = new TestSite();
