/**
 * The bench's stopwatch: a dumpcap capture of SIP on loopback (no dissection while the load
 * runs), read back with tshark afterwards. Timestamps are the kernel's, for every message.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WORK_DIR } from './sipp';
import { BENCH } from './bench-config';
import type { SipMessage } from './latency';

const run = promisify(execFile);
const PROBE_PORT = 9;
/** A pcap file holds only its 24-byte header until the first packet is written. */
const PCAP_HEADER = 24;

export class SipCapture {
  private constructor(private readonly child: ChildProcess, readonly file: string, private readonly stderr: () => string) {}

  static async start(label: string): Promise<SipCapture> {
    const file = join(WORK_DIR, `${label}.pcap`);
    // BENCH_CAPTURE_ARI=1 also keeps the ARI traffic (HTTP and WebSocket), to see where a call's time goes.
    const ari = process.env.BENCH_CAPTURE_ARI === '1' ? ` or tcp port ${BENCH.ariPort}` : '';
    const child = spawn('dumpcap', ['-q', '-P', '-i', 'lo', '-f', `udp port 5060 or udp dst port ${PROBE_PORT}${ari}`, '-w', file],
      { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    const capture = new SipCapture(child, file, () => stderr);
    await capture.probe(PCAP_HEADER);
    return capture;
  }

  private size(): number {
    try {
      return statSync(this.file).size;
    } catch {
      return 0;
    }
  }

  /** Sends probe datagrams until the file grows past `than`: dumpcap is capturing and writing. */
  private async probe(than: number): Promise<void> {
    const socket = createSocket('udp4');
    const deadline = Date.now() + 10000;
    try {
      while (this.size() <= than) {
        if (this.child.exitCode !== null) throw new Error(`dumpcap stopped: ${this.stderr().trim()}`);
        if (Date.now() > deadline) throw new Error(`dumpcap wrote nothing to ${this.file} within 10 s: ${this.stderr().trim()}`);
        socket.send('probe', PROBE_PORT, '127.0.0.1');
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      socket.close();
    }
  }

  /** Stops once everything sent so far is in the file. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    await this.probe(this.size());
    const exited = new Promise((done) => this.child.once('exit', done));
    this.child.kill('SIGINT');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }

  /** Every SIP request and response in the capture, in capture order. */
  async messages(): Promise<SipMessage[]> {
    const fields = ['frame.time_epoch', 'ip.src', 'ip.dst', 'sip.Method', 'sip.Status-Code', 'sip.Call-ID', 'sip.from.user', 'sip.CSeq.method'];
    const { stdout } = await run('tshark', ['-r', this.file, '-Y', 'sip', '-T', 'fields', '-E', 'separator=\t', ...fields.flatMap((f) => ['-e', f])],
      { maxBuffer: 512 * 1024 * 1024 });
    return stdout.split('\n').filter((l) => l.trim() !== '').map((l) => {
      const [t, src, dst, method, status, callId, fromUser, cseqMethod] = l.split('\t');
      return { t: Number(t), src, dst, method: method || null, status: status ? Number(status) : null, callId, fromUser, cseqMethod };
    });
  }
}
