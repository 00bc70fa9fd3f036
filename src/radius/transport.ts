/**
 * The UDP plumbing both RADIUS clients share (accounting-client.ts, RFC 2866; auth-client.ts,
 * RFC 2865): one connected socket per server and port, opened on first use (its source address
 * is the NAS-IP-Address); identifier allocation (at most 256 requests in flight); the request
 * retransmitted unchanged (same identifier) every `timeoutSec` until an answer of an awaited
 * code whose authenticators check out, or `retries` retransmissions. The clients differ only in
 * the packet they encode, the port, the answer codes and how an answer is verified.
 */
import { createSocket, type Socket } from 'node:dgram';
import type { Logger } from '../log/logger';

export interface TransportServer {
  server: string;
  port: number;
  secret: string;
  timeoutSec: number;
  retries: number;
}

/** One request/answer exchange as a client describes it. */
export interface RadiusExchange {
  /** The request for this identifier; `nasIp` is the socket's source address towards the server. May throw (not encodable). */
  encode(identifier: number, nasIp: string): Buffer;
  /** Answer codes awaited (5 Accounting-Response; 2 Access-Accept, 3 Access-Reject); others are ignored. */
  codes: readonly number[];
  /** Whether the answer's authenticators check out against the request and the shared secret. */
  verify(answer: Buffer, request: Buffer): boolean;
}

interface Pending {
  packet: Buffer;
  x: RadiusExchange;
  done: (answer: Buffer | null) => void;
}

export class RadiusTransport {
  private socket: Socket | null = null;
  private connected: Promise<string> | null = null;
  private nextId = Math.floor(Math.random() * 256);
  private readonly pending = new Map<number, Pending>();
  private closed = false;

  /** `label` starts the log lines ("RADIUS", "RADIUS auth"). */
  constructor(private readonly s: TransportServer, private readonly log: Logger, private readonly label: string) {}

  /**
   * Sends one request: the verified answer, or null when none came in time (or the transport is
   * closed, or 256 requests are in flight). Throws when the socket cannot be opened or `encode` throws.
   */
  async exchange(x: RadiusExchange): Promise<Buffer | null> {
    if (this.closed) return null;
    const nasIp = await this.connect();
    const id = this.freeIdentifier();
    if (id === null) {
      this.log.warn({ server: this.s.server }, `${this.label}: 256 requests unanswered; request dropped`);
      return null;
    }
    const packet = x.encode(id, nasIp);
    return new Promise<Buffer | null>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      let sent = 0;
      const done = (answer: Buffer | null) => {
        clearTimeout(timer);
        this.pending.delete(id);
        resolve(answer);
      };
      const transmit = () => {
        if (sent > this.s.retries) return done(null);
        sent += 1;
        this.socket?.send(packet, (err) => { if (err) this.log.debug({ err: err.message }, `${this.label}: send failed`); });
        timer = setTimeout(transmit, this.s.timeoutSec * 1000);
      };
      this.pending.set(id, { packet, x, done });
      transmit();
    });
  }

  /** Waits (at most `graceMs`) for requests in flight, gives the rest up (null), closes the socket. */
  async close(graceMs = 0): Promise<void> {
    this.closed = true;
    const deadline = Date.now() + graceMs;
    while (this.pending.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    for (const p of [...this.pending.values()]) p.done(null);
    this.socket?.close();
    this.socket = null;
  }

  private connect(): Promise<string> {
    if (this.connected) return this.connected;
    const socket = createSocket('udp4');
    this.socket = socket;
    socket.on('message', (msg) => this.onMessage(msg));
    // A connected UDP socket reports ICMP port-unreachable as an error; the retries go on.
    socket.on('error', (err) => this.log.debug({ err: err.message }, `${this.label} socket error`));
    this.connected = new Promise<string>((resolve, reject) => {
      socket.once('error', reject);
      socket.connect(this.s.port, this.s.server, () => {
        socket.off('error', reject);
        resolve(socket.address().address);
      });
    });
    this.connected.catch(() => { this.connected = null; });
    return this.connected;
  }

  private onMessage(msg: Buffer): void {
    if (msg.length < 20) return;
    const p = this.pending.get(msg[1]);
    if (!p || !p.x.codes.includes(msg[0])) return;
    let valid = false;
    try {
      valid = p.x.verify(msg, p.packet);
    } catch {
      valid = false;
    }
    if (!valid) {
      this.log.warn({ server: this.s.server }, `${this.label}: answer with a wrong authenticator ignored (is radius.secret the server's?)`);
      return;
    }
    p.done(msg);
  }

  private freeIdentifier(): number | null {
    for (let i = 0; i < 256; i += 1) {
      const id = (this.nextId + i) % 256;
      if (!this.pending.has(id)) {
        this.nextId = (id + 1) % 256;
        return id;
      }
    }
    return null;
  }
}
