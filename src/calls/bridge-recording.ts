/**
 * C4: records a conversation with MixMonitor on the caller's channel (an audiohook, started over
 * AMI). Recording the bridge over ARI instead (bridges/record) adds a Recorder channel pair to
 * every bridge, which forces Asterisk to mix the audio of every recorded call in software rather
 * than pass RTP between the two legs: `make bench` held 152 of 200 calls with RTP that way, and
 * it doubled the channels. That mixing also kept a supervisor's snoop working on a silent call;
 * the supervisor session now asks for it only while it snoops (KEEP_MIXING in
 * supervisor-session.ts). A recording that cannot start is logged; the call goes on.
 */
import type { Logger } from '../log/logger';

export interface BridgeRecording { path: string; startedAt: Date }

export interface CallRecorder {
  /** The recording folder as Asterisk sees it (inside its root). */
  asteriskDir: string;
  /** Starts MixMonitor on the channel (ARI id = uniqueid), recording only while it is bridged. */
  mixMonitor(channelId: string, file: string): Promise<void>;
}

/** Asterisk writes <spool>/recording/cc-<guid>.wav; `dir` is that folder as this process sees it. */
export async function recordCall(recorder: CallRecorder | undefined, channelId: string, guid: string, dir: string, log: Logger): Promise<BridgeRecording | null> {
  const name = `cc-${guid}.wav`;
  if (!recorder) {
    log.warn({ guid }, 'no recorder configured; the call goes on unrecorded');
    return null;
  }
  try {
    await recorder.mixMonitor(channelId, `${recorder.asteriskDir}/${name}`);
    return { path: `${dir}/${name}`, startedAt: new Date() };
  } catch (err) {
    log.warn({ guid, err: (err as Error).message }, 'recording could not start; the call goes on unrecorded');
    return null;
  }
}
