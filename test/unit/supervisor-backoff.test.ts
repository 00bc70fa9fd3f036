import { expect } from 'chai';
import { onExit } from '../../src/supervisor/backoff';

describe('supervisor back-off (restarting a crashed app or FastAGI)', () => {
  const p = { firstMs: 1000, maxMs: 30000, stableMs: 60000 };

  it('given a first crash then the process restarts after 1 s', () => {
    expect(onExit(null, 'SIGKILL', 5000, 0, p)).to.deep.equal({ action: 'restart', delayMs: 1000, crashes: 1 });
  });
  it('given crashes right after start then the delay doubles up to the maximum', () => {
    const delays: number[] = [];
    let crashes = 0;
    for (let i = 0; i < 8; i++) {
      const d = onExit(1, null, 2000, crashes, p);
      if (d.action !== 'restart') throw new Error('expected a restart');
      delays.push(d.delayMs);
      crashes = d.crashes;
    }
    expect(delays).to.deep.equal([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });
  it('given a process that ran for a minute then the count starts again', () => {
    expect(onExit(1, null, 60000, 6, p)).to.deep.equal({ action: 'restart', delayMs: 1000, crashes: 1 });
  });
  it('given exit code 2 (invalid configuration) then it is not restarted, with what to do', () => {
    const d = onExit(2, null, 500, 0, p);
    expect(d.action).to.equal('give-up');
    expect(d.action === 'give-up' && d.why).to.match(/configuration is invalid.*fix it/);
  });
  it('given exit code 2 by a signal-free exit only: a kill is restarted', () => {
    expect(onExit(null, 'SIGTERM', 500, 0, p).action).to.equal('restart');
  });
});
