/**
 * A real packet capture on the loopback interface (tshark), for tests that check what went
 * over the wire: SDP offers, RTP event packets, H.323 and RADIUS messages.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { deferred } from './wait';

const run = promisify(execFile);
const PROBE_PORT = 9;
export const CAPTURE_DIR = resolve(__dirname, '../../../../var/log/captures');

export class PacketCapture {
  private constructor(private readonly child: ChildProcess, readonly file: string) {}

  /**
   * Starts capturing `filter` (BPF) into var/log/captures/<name>.pcapng. tshark says
   * "Capturing on" before its capture process really listens, so readiness is proven by a
   * probe datagram (to the discard port) showing up in its live output.
   */
  static async start(name: string, filter: string): Promise<PacketCapture> {
    mkdirSync(CAPTURE_DIR, { recursive: true });
    const file = resolve(CAPTURE_DIR, `${name}.pcapng`);
    const child = spawn('tshark', ['-i', 'lo', '-f', `(${filter}) or (udp dst port ${PROBE_PORT})`, '-w', file, '-P', '-l', '-T', 'fields', '-e', 'udp.dstport'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const capture = new PacketCapture(child, file);
    child.stdout!.on('data', (d: Buffer) => { if (d.toString().split('\n').includes(String(PROBE_PORT))) capture.probeSeen?.(); });
    child.stderr!.on('data', (d: Buffer) => { capture.stderr += d.toString(); });
    await capture.probe('tshark to start capturing');
    return capture;
  }

  private get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  private stderr = '';
  private probeSeen: (() => void) | null = null;

  /** Sends probe datagrams until tshark reports one: every packet before it has been processed. */
  private async probe(what: string): Promise<void> {
    const seen = deferred<void>(`${what} (${this.file})`, 10000);
    this.probeSeen = () => seen.resolve();
    const onExit = () => seen.resolve();
    this.child.once('exit', onExit);
    const socket = createSocket('udp4');
    const send = () => socket.send('probe', PROBE_PORT, '127.0.0.1');
    send();
    const timer = setInterval(send, 100);
    try {
      await seen.promise;
    } finally {
      clearInterval(timer);
      socket.close();
      this.probeSeen = null;
      this.child.removeListener('exit', onExit);
    }
    if (this.exited) throw new Error(`tshark stopped: ${this.stderr.trim()} (exit ${this.child.exitCode})`);
  }

  /** Stops the capture once everything sent so far is in it (SIGINT flushes the file). */
  async stop(): Promise<void> {
    if (this.exited) return;
    await this.probe('tshark to catch up');
    const exited = new Promise((done) => this.child.once('exit', done));
    this.child.kill('SIGINT');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }

  /**
   * Reads the capture back: one row per packet matching the display filter, one column per
   * field. Extra tshark options (-o, -d) decode traffic on ports it cannot guess.
   */
  async rows(displayFilter: string, fields: string[], options: string[] = []): Promise<string[][]> {
    const args = ['-r', this.file, ...options, '-Y', displayFilter, '-T', 'fields', '-E', 'separator=\t', '-E', 'occurrence=a', '-E', 'aggregator=|', ...fields.flatMap((f) => ['-e', f])];
    const { stdout } = await run('tshark', args, { maxBuffer: 32 * 1024 * 1024 });
    return stdout.split('\n').filter((l) => l.trim() !== '').map((l) => l.split('\t'));
  }
}
