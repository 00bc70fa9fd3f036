/** O3: Asterisk restarts under the running app; the app reconnects by itself and says so. */
import { expect } from 'chai';
import { site } from './harness/site';
import { until } from './harness/wait';
import { start, stop } from '../../src/asterisk/instance';

const { phones } = site;

async function health(): Promise<{ status: number; body: { links: Record<string, { state: string }> } }> {
  const res = await fetch(`http://${site.product.config.http.host}:${site.product.config.http.port}/api/v1/health`, { signal: AbortSignal.timeout(3000) });
  return { status: res.status, body: await res.json() as { links: Record<string, { state: string }> } };
}

describe('Asterisk restarted under the app (O3)', function () {
  this.timeout(90000);

  it('given Asterisk stops then health says ARI and AMI are down; when it is back the app reconnects, health is ok and calls work', async () => {
    await stop(site.product.paths);
    const down = await until('health to report the links down', 15000, async () => {
      const h = await health();
      return h.status === 503 && h.body.links.ari.state !== 'up' && h.body.links.ami.state !== 'up' ? h : null;
    }, 200);
    expect(down.body.links.mysql.state).to.equal('up');
    await start(site.product.paths);
    await until('health ok again', 45000, async () => (await health()).status === 200, 250);
    await site.trunksReady();
    await until('phones registered again', 40000, async () => (await phones.registrationStatus('reg-1001')) === 'Registered' && (await phones.registrationStatus('reg-1003')) === 'Registered', 500);
    const id = await phones.call('PJSIP/1003@phone-1001');
    const callee = await until('1003 rings', 20000, async () => {
      try {
        return await phones.waitForCall((c) => c.exten === '1003', 1000);
      } catch {
        return null;
      }
    }, 0);
    await phones.answer(callee.id);
    await phones.waitForAnswer(id, 5000);
    await phones.hangup(id);
    await phones.waitForEnd(callee.id);
  });
});
