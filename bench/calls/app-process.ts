/** The app under test as a child process (see app-under-test.ts), asked for its stats over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { AppStats } from './app-under-test';

export class AppProcess {
  private constructor(private readonly child: ChildProcess) {}

  static async start(): Promise<AppProcess> {
    // BENCH_PROFILE=1: a V8 CPU profile of the app, written to var/bench/profile when it stops.
    const profile = process.env.BENCH_PROFILE === '1' ? ['--cpu-prof', `--cpu-prof-dir=${resolve(__dirname, '../../../var/bench/profile')}`] : [];
    const child = fork(resolve(__dirname, 'app-under-test.js'), [], { execArgv: ['--expose-gc', ...profile], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(() => fail(new Error('the bench app did not start within 60 s; see var/log/bench-app.log')), 60000);
      child.once('exit', (code) => fail(new Error(`the bench app exited with code ${code}; see var/log/bench-app.log`)));
      child.on('message', (m: { ready?: boolean }) => {
        if (m.ready) {
          clearTimeout(timer);
          child.removeAllListeners('exit');
          done();
        }
      });
    });
    return new AppProcess(child);
  }

  get pid(): number {
    return this.child.pid!;
  }

  stats(): Promise<AppStats> {
    return new Promise((done, fail) => {
      const timer = setTimeout(() => fail(new Error('the bench app did not report its stats within 10 s')), 10000);
      const onMessage = (m: { stats?: AppStats }) => {
        if (!m.stats) return;
        clearTimeout(timer);
        this.child.off('message', onMessage);
        done(m.stats);
      };
      this.child.on('message', onMessage);
      this.child.send({ ask: 'stats' });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((done) => this.child.once('exit', done));
    this.child.send({ ask: 'stop' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10000);
    await exited;
    clearTimeout(timer);
  }
}
