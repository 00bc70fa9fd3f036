/**
 * Issue 20: a RADIUS authentication client (RFC 2865) over UDP for call authentication
 * (call-authorization.ts). Each Access-Request carries a Message-Authenticator (RFC 3579); an
 * answer must have a valid Response Authenticator, and a valid Message-Authenticator when it has
 * one (servers before the BlastRADIUS fixes, e.g. FreeRADIUS 3.2.1, send none). It is retransmitted unchanged
 * every `timeoutSec` until an Access-Accept or Access-Reject whose authenticators check out with
 * the shared secret, or `retries` retransmissions: then the answer is 'no-answer'. Packets are
 * encoded by the `radius` package, as the accounting client's; NAS-IP-Address is this host's
 * source address towards the server.
 */
import { createHash } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import * as radius from 'radius';
import type { Logger } from '../log/logger';
import type { RadiusAttribute } from './accounting-attributes';

export interface AuthServer {
  server: string;
  authPort: number;
  secret: string;
  timeoutSec: number;
  retries: number;
}

export type AuthAnswer = 'accept' | 'reject' | 'no-answer';

const MESSAGE_AUTHENTICATOR = 80;

/** RFC 2865 3: Response Authenticator = MD5(Code, Identifier, Length, the request's authenticator, attributes, secret). */
export function answerValid(answer: Buffer, request: Buffer, secret: string): boolean {
  if (answer.length < 20 || answer.readUInt16BE(2) !== answer.length) return false;
  const check = Buffer.from(answer);
  request.copy(check, 4, 4, 20);
  if (!createHash('md5').update(check).update(secret).digest().equals(answer.subarray(4, 20))) return false;
  if (!hasAttribute(answer, MESSAGE_AUTHENTICATOR)) return true;
  try {
    return radius.verify_response({ response: Buffer.from(answer), request, secret });
  } catch {
    return false;
  }
}

function hasAttribute(packet: Buffer, type: number): boolean {
  for (let i = 20; i + 1 < packet.length && packet[i + 1] >= 2; i += packet[i + 1]) if (packet[i] === type) return true;
  return false;
}

const ACCESS_ACCEPT = 2;
const ACCESS_REJECT = 3;

interface Pending {
  packet: Buffer;
  done: (answer: AuthAnswer) => void;
}

export class RadiusAuthClient {
  private socket: Socket | null = null;
  private connected: Promise<string> | null = null;
  private nextId = Math.floor(Math.random() * 256);
  private readonly pending = new Map<number, Pending>();
  private closed = false;

  constructor(private readonly s: AuthServer, private readonly log: Logger) {}

  /** One Access-Request; never throws: a request that cannot be sent or encoded is 'no-answer'. */
  async request(attributes: RadiusAttribute[]): Promise<AuthAnswer> {
    if (this.closed) return 'no-answer';
    let nasIp: string;
    try {
      nasIp = await this.connect();
    } catch (err) {
      this.log.warn({ server: this.s.server, err: (err as Error).message }, 'RADIUS auth: no socket to the server');
      return 'no-answer';
    }
    const id = this.freeIdentifier();
    if (id === null) {
      this.log.warn({ server: this.s.server }, 'RADIUS auth: 256 requests unanswered');
      return 'no-answer';
    }
    let packet: Buffer;
    try {
      packet = radius.encode({ code: 'Access-Request', identifier: id, secret: this.s.secret, add_message_authenticator: true, attributes: [...attributes, ['NAS-IP-Address', nasIp]] });
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'RADIUS auth: request not encodable');
      return 'no-answer';
    }
    return new Promise<AuthAnswer>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      let sent = 0;
      const done = (answer: AuthAnswer) => {
        clearTimeout(timer);
        this.pending.delete(id);
        resolve(answer);
      };
      const transmit = () => {
        if (sent > this.s.retries) return done('no-answer');
        sent += 1;
        this.socket?.send(packet, (err) => { if (err) this.log.debug({ err: err.message }, 'RADIUS auth: send failed'); });
        timer = setTimeout(transmit, this.s.timeoutSec * 1000);
      };
      this.pending.set(id, { packet, done });
      transmit();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of [...this.pending.values()]) p.done('no-answer');
    this.socket?.close();
    this.socket = null;
  }

  private connect(): Promise<string> {
    if (this.connected) return this.connected;
    const socket = createSocket('udp4');
    this.socket = socket;
    socket.on('message', (msg) => this.onMessage(msg));
    // A connected UDP socket reports ICMP port-unreachable as an error; the retries go on.
    socket.on('error', (err) => this.log.debug({ err: err.message }, 'RADIUS auth socket error'));
    this.connected = new Promise<string>((resolve, reject) => {
      socket.once('error', reject);
      socket.connect(this.s.authPort, this.s.server, () => {
        socket.off('error', reject);
        resolve(socket.address().address);
      });
    });
    this.connected.catch(() => { this.connected = null; });
    return this.connected;
  }

  private onMessage(msg: Buffer): void {
    if (msg.length < 20 || (msg[0] !== ACCESS_ACCEPT && msg[0] !== ACCESS_REJECT)) return;
    const p = this.pending.get(msg[1]);
    if (!p) return;
    if (!answerValid(msg, p.packet, this.s.secret)) {
      this.log.warn({ server: this.s.server }, 'RADIUS auth: answer with a wrong authenticator ignored (is radius.secret the server\'s?)');
      return;
    }
    p.done(msg[0] === ACCESS_ACCEPT ? 'accept' : 'reject');
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
