/**
 * A configuration reload that fails (issue 17, item 2): the app keeps the last good
 * configuration, and monitors see it: health 200 "degraded", cc_config_valid 0, and the route
 * CLI explains with the configuration the app runs on while saying the database holds a newer,
 * invalid one.
 */
import { expect } from 'chai';
import type { ResultSetHeader } from 'mysql2/promise';
import { site } from './harness/site';
import { until } from './harness/wait';
import { api, apiBase } from './harness/api-client';
import { changeConfig } from './harness/contact-center';
import { routeCommand } from '../../src/cli/route';

const app = () => site.product.app;

/** Runs the route CLI in-process against the test site; returns its exit code and lines. */
async function route(...args: string[]) {
  const lines: string[] = [];
  const code = await routeCommand(args, () => site.product.config, { log: (l) => lines.push(l), error: (l) => lines.push(l) });
  return { code, text: lines.join('\n') };
}

describe('a configuration reload that fails (issue 17, item 2)', function () {
  this.timeout(60000);
  let ruleId: number | null = null;

  after(async () => {
    if (ruleId !== null) await changeConfig('DELETE FROM dial_rules WHERE id = ?', [ruleId]);
  });

  it('given a dial rule naming a missing trunk group then health is 200 degraded, the metric is 0 and the route CLI explains with the running configuration', async () => {
    const running = app().liveConfig.current!.version;
    const [res] = await app().pool.query<ResultSetHeader>("INSERT INTO dial_rules (context, pattern, route_type, target) VALUES ('agents', '_7X.', 'trunk_group', 'nosuch')");
    ruleId = res.insertId;
    await until('the reload to fail', 5000, () => app().liveConfig.invalid !== null, 50);
    const invalid = app().liveConfig.invalid!.version;
    expect(invalid).to.be.greaterThan(running);
    expect(app().liveConfig.current!.version, 'the last good configuration stays').to.equal(running);

    const health = await fetch(`${apiBase()}/api/v1/health`);
    expect(health.status, 'the app works: 200').to.equal(200);
    const body = await health.json() as { status: string; problems: string[]; config: { version: number; invalidVersion: number; error: string } };
    expect(body.status).to.equal('degraded');
    expect(body.config).to.include({ version: running, invalidVersion: invalid });
    expect(body.problems.join('\n')).to.contain(`version ${invalid} in the database is invalid; running on version ${running}`).and.contain('unknown trunk group "nosuch"');

    const metrics = (await api<string>('GET', '/metrics')).body;
    expect(metrics).to.match(/^cc_config_valid 0$/m);
    expect(metrics).to.contain(`cc_config_version{which="running"} ${running}`).and.contain(`cc_config_version{which="invalid"} ${invalid}`);

    const out = await route('--from', '1001', '9057188888888');
    expect(out.text).to.contain(`the database holds configuration version ${invalid}, which is invalid`).and.contain('unknown trunk group "nosuch"');
    expect(out.text).to.contain(`explained with version ${running}, the configuration the app runs on`);
    expect(out.text).to.contain('result   trunk carrier-a (group local) dial 057188888888');
    expect(out.code).to.equal(0);
    const feature = await route('--from', '1001', '*11');
    expect(feature.text).to.contain('FEATURE CODE');
    expect(feature.code).to.equal(0);
  });

  it('given the bad rule is removed then health is ok and the metric 1 again', async () => {
    await changeConfig('DELETE FROM dial_rules WHERE id = ?', [ruleId]);
    ruleId = null;
    expect(app().liveConfig.invalid).to.equal(null);
    const health = await fetch(`${apiBase()}/api/v1/health`);
    expect(health.status).to.equal(200);
    expect((await health.json() as { status: string }).status).to.equal('ok');
    expect((await api<string>('GET', '/metrics')).body).to.match(/^cc_config_valid 1$/m);
    const out = await route('--from', '1001', '9057188888888');
    expect(out.text).not.to.contain('invalid');
    expect(out.code).to.equal(0);
  });
});
