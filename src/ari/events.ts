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
  /** A phone's SIP REFER (transfer key), with PJSIP_TRANSFER_HANDLING()=ari-only on its channel. */
  ChannelTransfer = 'ChannelTransfer',
}

/**
 * Set on every channel the app originates (and by the dialplan before Stasis on incoming ones):
 * a phone's REFER then reaches the app as ChannelTransfer instead of Asterisk moving the channel
 * out of the app's bridge by itself (which dropped the customer).
 */
export const ARI_TRANSFER_VARS: Readonly<Record<string, string>> = { 'PJSIP_TRANSFER_HANDLING()': 'ari-only' };

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
