/**
 * S9: a RADIUS accounting client (RFC 2866) over UDP for the app's per-call records. Each
 * Accounting-Request is retransmitted unchanged (same identifier) every `timeoutSec` until the
 * server's Accounting-Response (authenticator checked with the shared secret) or `retries`
 * retransmissions; a server that does not answer costs log lines, never a call.
 * Packets are encoded by the `radius` package; NAS-IP-Address is this host's source address
 * towards the server, as radcli (cdr_radius) sends it. The UDP exchange is transport.ts.
 */
import * as radius from 'radius';
import type { Logger } from '../log/logger';
import type { RadiusAttribute } from './accounting-attributes';
import { RadiusRecordRefused } from './accounting-spool';
import { RadiusTransport } from './transport';

export interface AccountingServer {
  server: string;
  acctPort: number;
  secret: string;
  timeoutSec: number;
  retries: number;
}

const ACCOUNTING_RESPONSE = 5;

export class RadiusAccountingClient {
  private readonly transport: RadiusTransport;

  constructor(private readonly s: AccountingServer, log: Logger) {
    this.transport = new RadiusTransport({ ...s, port: s.acctPort }, log, 'RADIUS');
  }

  /** Sends one Accounting-Request; true once the server acknowledged it, false when it gave up; RadiusRecordRefused when it cannot be encoded. */
  async send(attributes: RadiusAttribute[]): Promise<boolean> {
    const secret = this.s.secret;
    const answer = await this.transport.exchange({
      encode: (identifier, nasIp) => {
        try {
          return radius.encode({ code: 'Accounting-Request', identifier, secret, attributes: [...attributes, ['NAS-IP-Address', nasIp]] });
        } catch (err) {
          // A value the protocol cannot carry (too long, wrong type): no retry can send it.
          throw new RadiusRecordRefused(`RADIUS record not encodable: ${(err as Error).message}`);
        }
      },
      codes: [ACCOUNTING_RESPONSE],
      verify: (response, request) => radius.verify_response({ response, request, secret }),
    });
    return answer !== null;
  }

  /** Waits (at most `graceMs`) for requests in flight, then closes the socket. */
  close(graceMs = 2000): Promise<void> {
    return this.transport.close(graceMs);
  }
}
