/**
 * Who hears whom: a peer records what one of its channels receives for a moment and the RMS of
 * that recording says whether sound arrived (wavRms: 0 = silence).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, unlinkSync } from 'node:fs';
import type { Peer } from './peer';
import { wavRms } from './contact-center';
import { deferred } from './wait';

/** Above this RMS a recording carries the played prompt; below LOUDNESS_SILENT it is (near) silence. */
export const LOUDNESS_HEARD = 300;
export const LOUDNESS_SILENT = 50;

/** Records what `channelId` at `peer` hears for `seconds` and returns the RMS level. */
export async function levelHeard(peer: Peer, channelId: string, seconds = 2): Promise<number> {
  const name = `heard-${randomBytes(5).toString('hex')}`;
  const emitter = peer.client as unknown as NodeJS.EventEmitter;
  const done = deferred<void>(`recording ${name} at ${peer.name}`, (seconds + 5) * 1000);
  const onEnd = (e: { recording: { name: string } }) => { if (e.recording.name === name) done.resolve(); };
  emitter.on('RecordingFinished', onEnd);
  emitter.on('RecordingFailed', onEnd);
  try {
    await peer.client.channels.record({ channelId, name, format: 'wav', maxDurationSeconds: seconds, beep: false, ifExists: 'overwrite', terminateOn: 'none' });
    await done.promise;
  } finally {
    emitter.off('RecordingFinished', onEnd);
    emitter.off('RecordingFailed', onEnd);
  }
  const path = `${peer.paths.hostVarDir}/spool/recording/${name}.wav`;
  const rms = existsSync(path) ? wavRms(path) : 0;
  if (existsSync(path)) unlinkSync(path);
  return rms;
}

/** Starts a long prompt (about 16 s) playing from this side of a call; resolves once it was accepted. */
export async function speak(peer: Peer, channelId: string): Promise<string> {
  const playbackId = `say-${randomBytes(5).toString('hex')}`;
  await peer.client.channels.play({ channelId, media: 'sound:tt-monkeys', playbackId });
  return playbackId;
}

/** Stops a prompt started with speak (it may have ended already). */
export async function silence(peer: Peer, playbackId: string): Promise<void> {
  await peer.client.playbacks.stop({ playbackId }).catch(() => {});
}
