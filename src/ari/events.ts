/** ARI event names the app handles, and the arguments the dialplan passes to Stasis(). */
export enum AriEvent {
  StasisStart = 'StasisStart',
  StasisEnd = 'StasisEnd',
  ChannelDestroyed = 'ChannelDestroyed',
  ChannelStateChange = 'ChannelStateChange',
  EndpointStateChange = 'EndpointStateChange',
  ChannelDtmfReceived = 'ChannelDtmfReceived',
  /** A supervisor's phone leaving the call's bridge (barge). */
  ChannelLeftBridge = 'ChannelLeftBridge',
  PlaybackFinished = 'PlaybackFinished',
  RecordingFinished = 'RecordingFinished',
  RecordingFailed = 'RecordingFailed',
}

/** Marker in appArgs of channels the app originates itself. */
export const ORIGINATED_ARG = 'dialled';

export interface ChannelSnapshot {
  id: string;
  name: string;
  state: string;
  caller: { name: string; number: string };
  dialplan?: { context: string; exten: string; priority: number };
}

export interface StasisStartEvent { type: 'StasisStart'; args: string[]; channel: ChannelSnapshot }
export interface ChannelEvent { type: string; channel: ChannelSnapshot; cause?: number; cause_txt?: string }
export interface PlaybackEvent { type: 'PlaybackFinished'; playback: { id: string; target_uri: string; state: string } }
export interface RecordingEvent { type: 'RecordingFinished' | 'RecordingFailed'; recording: { name: string; target_uri: string; state: string; duration?: number } }
export interface DtmfEvent { type: 'ChannelDtmfReceived'; digit: string; channel: ChannelSnapshot }
export interface EndpointStateEvent { type: 'EndpointStateChange'; endpoint: { technology: string; resource: string; state: string; channel_ids: string[] } }
