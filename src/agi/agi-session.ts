/**
 * One FastAGI connection: reads the environment, then runs commands one at a time, each with
 * a time limit. Rejects every command once the channel hung up or the socket closed.
 */
import type { Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { parseEnvLine, parseResponse, quote, type AgiEnv, type AgiResponse } from './agi-protocol';

export class AgiHangup extends Error {
  constructor() {
    super('the channel hung up');
  }
}

export class AgiSession {
  readonly env: Promise<AgiEnv>;
  /** True once Asterisk said HANGUP (or the connection ended). */
  hungUp = false;
  private pending: { resolve: (r: AgiResponse) => void; reject: (e: Error) => void; timer: NodeJS.Timeout } | null = null;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly socket: Socket, envTimeoutMs = 5000) {
    const lines = createInterface({ input: socket, crlfDelay: Infinity });
    const env: AgiEnv = {};
    let readingEnv = true;
    let envDone!: (e: AgiEnv) => void;
    let envFailed!: (e: Error) => void;
    this.env = new Promise((ok, fail) => { envDone = ok; envFailed = fail; });
    const envTimer = setTimeout(() => envFailed(new Error('no AGI environment received')), envTimeoutMs);
    lines.on('line', (line) => {
      if (readingEnv) {
        if (line.trim() === '') {
          readingEnv = false;
          clearTimeout(envTimer);
          envDone(env);
          return;
        }
        const kv = parseEnvLine(line);
        if (kv) env[kv[0]] = kv[1];
        return;
      }
      if (line.startsWith('HANGUP')) {
        this.hungUp = true;
        return;
      }
      const r = parseResponse(line);
      if (!r || !this.pending) return;
      const p = this.pending;
      this.pending = null;
      clearTimeout(p.timer);
      if (r.code === 511) {
        this.hungUp = true;
        p.reject(new AgiHangup());
      } else {
        p.resolve(r);
      }
    });
    const closed = () => {
      this.hungUp = true;
      clearTimeout(envTimer);
      envFailed(new Error('AGI connection closed'));
      if (this.pending) {
        clearTimeout(this.pending.timer);
        this.pending.reject(new AgiHangup());
        this.pending = null;
      }
    };
    socket.on('close', closed);
    socket.on('error', closed);
  }

  /** Sends one command line; commands run strictly one after another. */
  command(line: string, timeoutMs = 10000): Promise<AgiResponse> {
    const run = () => new Promise<AgiResponse>((resolve, reject) => {
      if (this.socket.destroyed) return reject(new AgiHangup());
      const timer = setTimeout(() => {
        this.pending = null;
        reject(new Error(`AGI command timed out: ${line.split(' ')[0]}`));
      }, timeoutMs);
      this.pending = { resolve, reject, timer };
      this.socket.write(`${line}\n`);
    });
    const next = this.chain.then(run, run);
    this.chain = next.catch(() => undefined);
    return next;
  }

  exec(app: string, args: string, timeoutMs?: number): Promise<AgiResponse> {
    return this.command(`EXEC ${app} ${quote(args)}`, timeoutMs);
  }

  async getVariable(name: string): Promise<string | null> {
    const r = await this.command(`GET VARIABLE ${quote(name)}`);
    return r.result === '1' ? r.data : null;
  }

  async setVariable(name: string, value: string): Promise<void> {
    await this.command(`SET VARIABLE ${quote(name)} ${quote(value)}`);
  }

  close(): void {
    this.socket.end();
  }
}
