import { expect } from 'chai';
import { JobRunner } from '../../src/jobs/job-runner';
import { createLogger } from '../../src/log/logger';

const log = createLogger('silent');

describe('job runner (D5)', () => {
  it('given a job still running then a second run is skipped, not started alongside', async () => {
    const runner = new JobRunner(log);
    let release!: () => void;
    let started = 0;
    runner.add('slow', async () => { started += 1; await new Promise<void>((done) => { release = done; }); return 'finished'; }, null);
    const first = runner.run('slow', 'test');
    const second = await runner.run('slow', 'test');
    expect(second.outcome).to.equal('skipped');
    expect(runner.status()[0].running).to.equal(true);
    release();
    expect(await first).to.deep.equal({ outcome: 'ok', message: 'finished' });
    expect(started).to.equal(1);
    expect(runner.status()[0]).to.include({ running: false, runs: 1, lastResult: 'ok', lastMessage: 'finished' });
  });
  it('given a job that fails then the reason is kept and the next run happens normally', async () => {
    const runner = new JobRunner(log);
    let fail = true;
    runner.add('flaky', async () => { if (fail) throw new Error('database down'); return 'ok now'; }, null);
    expect(await runner.run('flaky', 'test')).to.deep.equal({ outcome: 'failed', message: 'database down' });
    expect(runner.status()[0]).to.include({ lastResult: 'failed', lastMessage: 'database down', failures: 1 });
    fail = false;
    expect(await runner.run('flaky', 'test')).to.deep.equal({ outcome: 'ok', message: 'ok now' });
    expect(runner.status()[0]).to.include({ lastResult: 'ok', runs: 2, failures: 1 });
  });
  it('given a bad cron expression then registering the job fails with its name', () => {
    expect(() => new JobRunner(log).add('x', async () => undefined, 'every minute')).to.throw(/job x: invalid cron/);
  });
  it('given a schedule then the job runs on it, and stop() ends the schedule and waits for the run', async function () {
    this.timeout(5000);
    const runner = new JobRunner(log);
    let runs = 0;
    let ran!: () => void;
    const first = new Promise<void>((done) => { ran = done; });
    runner.add('tick', async () => { runs += 1; ran(); }, '* * * * * *'); // every second
    runner.start();
    await first;
    await runner.stop();
    const after = runs;
    await new Promise((done) => setTimeout(done, 1200)); // a stopped schedule must not fire again: nothing to await but time
    expect(runs).to.equal(after);
    expect((await runner.run('tick', 'test')).outcome).to.equal('skipped');
  });
});
