/**
 * S9: a RADIUS accounting client (RFC 2866) over UDP for the app's per-call records. Each
 * Accounting-Request is retransmitted unchanged (same identifier) every `timeoutSec` until the
 * server's Accounting-Response (authenticator checked with the shared secret) or `retries`
 * retransmissions; a server that does not answer costs log lines, never a call.
 * Packets are encoded by the `radius` package; NAS-IP-Address is this host's source address
 * towards the server, as radcli (cdr_radius) sends it.
 */
import { createSocket, type Socket } from 'node:dgram';
import * as radius from 'radius';
import type { Logger } from '../log/logger';
import type { RadiusAttribute } from './accounting-attributes';
import { RadiusRecordRefused } from './accounting-spool';

export interface AccountingServer {
  server: string;
  acctPort: number;
  secret: string;
  timeoutSec: number;
  retries: number;
}

interface Pending {
  packet: Buffer;
  done: (acknowledged: boolean) => void;
}

const ACCOUNTING_RESPONSE = 5;

export class RadiusAccountingClient {
  private socket: Socket | null = null;
  private connected: Promise<string> | null = null;
  private nextId = Math.floor(Math.random() * 256);
  private readonly pending = new Map<number, Pending>();
  private closed = false;

  constructor(private readonly s: AccountingServer, private readonly log: Logger) {}

  /** Sends one Accounting-Request; true once the server acknowledged it, false when it gave up; RadiusRecordRefused when it cannot be encoded. */
  async send(attributes: RadiusAttribute[]): Promise<boolean> {
    if (this.closed) return false;
    const nasIp = await this.connect();
    const id = this.freeIdentifier();
    if (id === null) {
      this.log.warn({ server: this.s.server }, 'RADIUS: 256 requests unanswered; accounting record dropped');
      return false;
    }
    let packet: Buffer;
    try {
      packet = radius.encode({ code: 'Accounting-Request', identifier: id, secret: this.s.secret, attributes: [...attributes, ['NAS-IP-Address', nasIp]] });
    } catch (err) {
      // A value the protocol cannot carry (too long, wrong type): no retry can send it.
      throw new RadiusRecordRefused(`RADIUS record not encodable: ${(err as Error).message}`);
    }
    return new Promise<boolean>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      let sent = 0;
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.pending.delete(id);
        resolve(ok);
      };
      const transmit = () => {
        if (sent > this.s.retries) return done(false);
        sent += 1;
        this.socket?.send(packet, (err) => { if (err) this.log.debug({ err: err.message }, 'RADIUS: send failed'); });
        timer = setTimeout(transmit, this.s.timeoutSec * 1000);
      };
      this.pending.set(id, { packet, done });
      transmit();
    });
  }

  /** Waits (at most `graceMs`) for requests in flight, then closes the socket. */
  async close(graceMs = 2000): Promise<void> {
    this.closed = true;
    const deadline = Date.now() + graceMs;
    while (this.pending.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    for (const p of [...this.pending.values()]) p.done(false);
    this.socket?.close();
    this.socket = null;
  }

  private connect(): Promise<string> {
    if (this.connected) return this.connected;
    const socket = createSocket('udp4');
    this.socket = socket;
    socket.on('message', (msg) => this.onMessage(msg));
    // A connected UDP socket reports ICMP port-unreachable as an error; the retries go on.
    socket.on('error', (err) => this.log.debug({ err: err.message }, 'RADIUS socket error'));
    this.connected = new Promise<string>((resolve, reject) => {
      socket.once('error', reject);
      socket.connect(this.s.acctPort, this.s.server, () => {
        socket.off('error', reject);
        resolve(socket.address().address);
      });
    });
    this.connected.catch(() => { this.connected = null; });
    return this.connected;
  }

  private onMessage(msg: Buffer): void {
    if (msg.length < 20 || msg[0] !== ACCOUNTING_RESPONSE) return;
    const p = this.pending.get(msg[1]);
    if (!p) return;
    let valid = false;
    try {
      valid = radius.verify_response({ response: msg, request: p.packet, secret: this.s.secret });
    } catch {
      valid = false;
    }
    if (!valid) {
      this.log.warn({ server: this.s.server }, 'RADIUS: response with a wrong authenticator ignored (is radius.secret the server\'s?)');
      return;
    }
    p.done(true);
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
