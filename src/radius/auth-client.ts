/**
 * Issue 20: a RADIUS authentication client (RFC 2865) over UDP for call authentication
 * (call-authorization.ts). Each Access-Request carries a Message-Authenticator (RFC 3579); an
 * answer must have a valid Response Authenticator, and a valid Message-Authenticator when it has
 * one (servers before the BlastRADIUS fixes, e.g. FreeRADIUS 3.2.1, send none). It is retransmitted unchanged
 * every `timeoutSec` until an Access-Accept or Access-Reject whose authenticators check out with
 * the shared secret, or `retries` retransmissions: then the answer is 'no-answer'. Packets are
 * encoded by the `radius` package, as the accounting client's; NAS-IP-Address is this host's
 * source address towards the server. The UDP exchange is transport.ts, shared with accounting.
 */
import { createHash } from 'node:crypto';
import * as radius from 'radius';
import type { Logger } from '../log/logger';
import type { RadiusAttribute } from './accounting-attributes';
import { RadiusTransport } from './transport';

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

export class RadiusAuthClient {
  private readonly transport: RadiusTransport;

  constructor(private readonly s: AuthServer, private readonly log: Logger) {
    this.transport = new RadiusTransport({ ...s, port: s.authPort }, log, 'RADIUS auth');
  }

  /** One Access-Request; never throws: a request that cannot be sent or encoded is 'no-answer'. */
  async request(attributes: RadiusAttribute[]): Promise<AuthAnswer> {
    const secret = this.s.secret;
    let answer: Buffer | null;
    try {
      answer = await this.transport.exchange({
        encode: (identifier, nasIp) => radius.encode({ code: 'Access-Request', identifier, secret, add_message_authenticator: true, attributes: [...attributes, ['NAS-IP-Address', nasIp]] }),
        codes: [ACCESS_ACCEPT, ACCESS_REJECT],
        verify: (response, request) => answerValid(response, request, secret),
      });
    } catch (err) {
      this.log.warn({ server: this.s.server, err: (err as Error).message }, 'RADIUS auth: request not sent (no socket to the server, or not encodable)');
      return 'no-answer';
    }
    if (!answer) return 'no-answer';
    return answer[0] === ACCESS_ACCEPT ? 'accept' : 'reject';
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}
