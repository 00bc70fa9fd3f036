/**
 * The call benchmark's own site: Asterisk instance "bench" on 127.0.0.20 with its own ARI,
 * AMI, HTTP and FastAGI ports and its own database, so it never meets the demo site or the
 * shared test instance. SIPp user agents bind the other addresses below.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { configPath, parseConfig, type Config } from '../../src/config';

export const BENCH = {
  /** The product's Asterisk (SIP). */
  asterisk: '127.0.0.20',
  /** SIPp UAC playing phone 2000 (IP-authenticated account). */
  phone: '127.0.0.21',
  /** SIPp UAS playing every callee: agents 3001.. (static contacts) and the carrier "bench-carrier". */
  callee: '127.0.0.22',
  /** SIPp UAC playing the carrier "bench-in" that sends inbound calls to the DID. */
  carrier: '127.0.0.23',
  /** SIPp UAC for the reference path (endpoint bench-ref, context bench-reference). */
  reference: '127.0.0.24',
  database: 'callcenter_test_bench',
  ariPort: 8098,
  amiPort: 5048,
  httpPort: 8090,
  agiPort: 4583,
  rtpStart: 40000,
  rtpEnd: 49999,
  agents: 500,
  did: '02500000000',
} as const;

export const PHONE_EXTENSION = '2000';
export const FIRST_AGENT = 3001;

export function benchConfig(): Readonly<Config> {
  const raw = JSON.parse(readFileSync(configPath(), 'utf8'));
  raw.sip = { ...raw.sip, bindAddress: BENCH.asterisk, port: 5060, rtpStart: BENCH.rtpStart, rtpEnd: BENCH.rtpEnd };
  raw.asterisk = { ...raw.asterisk, instance: 'bench', ariUrl: `http://127.0.0.1:${BENCH.ariPort}`, amiPort: BENCH.amiPort };
  raw.http = { host: '127.0.0.1', port: BENCH.httpPort };
  raw.agi = { ...(raw.agi ?? {}), port: BENCH.agiPort };
  // The product's default log level: the bench measures the app as it runs on a site.
  raw.log = { level: 'info' };
  // Its own spool: a test suite's app on the same checkout must never replay the bench's records.
  raw.spool = { dir: resolve(__dirname, '../../../var/spool/bench') };
  return parseConfig(raw, { CC_DB_NAME: BENCH.database }, 'bench config');
}
