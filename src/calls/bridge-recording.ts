/** C4: records a bridged conversation; a recording that cannot start is logged, the call goes on. */
import type { Client } from 'ari-client';
import type { Logger } from '../log/logger';

export interface BridgeRecording { path: string; startedAt: Date }

/** Asterisk writes <spool>/recording/cc-<guid>.wav; `dir` is that folder as this process sees it. */
export async function recordBridge(client: Client, bridgeId: string, guid: string, dir: string, log: Logger): Promise<BridgeRecording | null> {
  const name = `cc-${guid}`;
  try {
    await client.bridges.record({ bridgeId, name, format: 'wav', ifExists: 'overwrite' });
    return { path: `${dir}/${name}.wav`, startedAt: new Date() };
  } catch (err) {
    log.warn({ guid, err: (err as Error).message }, 'recording could not start; the call goes on unrecorded');
    return null;
  }
}
