/**
 * C8: sends a TIFF from the outgoing fax directory to a number, routed as if the agent's
 * phone dialled it (rules, trunk choice, caller ID). The answered line runs SendFAX in
 * [callcenter-fax-send]; the record is written when that channel ends (fax-recorder.ts).
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from 'ari-client';
import type { DialResolution } from '../calls/dial-resolution';

export const FAX_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,100}\.tiff?$/;

export interface FaxSenderDeps {
  ari: () => Client | null;
  resolveDial: (fromExtension: string, number: string) => DialResolution | { error: string } | { endpoint: string; callerId: string; timeoutSec: number };
  /** The outgoing directory as Asterisk sees it, and as this process sees it. */
  outDir: string;
  hostOutDir: string;
}

export class FaxSendError extends Error {
  constructor(readonly code: 'unknown-file' | 'not-routable' | 'asterisk-unavailable', message: string) {
    super(message);
  }
}

export async function sendFax(d: FaxSenderDeps, agent: string, number: string, file: string): Promise<{ guid: string; endpoint: string }> {
  if (!FAX_FILE_NAME.test(file) || !existsSync(join(d.hostOutDir, file))) throw new FaxSendError('unknown-file', `no fax file ${file} in the outgoing fax directory`);
  const r = d.resolveDial(agent, number);
  if ('error' in r) throw new FaxSendError('not-routable', r.error);
  if (!('endpoint' in r)) throw new FaxSendError('not-routable', `${number} cannot be dialled`);
  const client = d.ari();
  if (!client) throw new FaxSendError('asterisk-unavailable', 'the ARI link is down');
  const guid = randomUUID();
  await client.channels.originate({
    endpoint: r.endpoint, channelId: `${guid}-fax`, callerId: r.callerId, timeout: r.timeoutSec,
    context: 'callcenter-fax-send', extension: 'send', priority: 1,
    variables: { CC_FAX_GUID: guid, CC_FAX_FILE: join(d.outDir, file), CC_FAX_CALLEE: number, CC_FAX_AGENT: agent },
  } as Parameters<Client['channels']['originate']>[0]);
  return { guid, endpoint: r.endpoint };
}
