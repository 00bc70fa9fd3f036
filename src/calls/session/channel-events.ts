/**
 * What a channel event does to its call (the registry's dispatcher hands every event of the
 * call's channels to CallSession.onChannelEvent, which runs this on the call's queue): keys,
 * playbacks and recordings finished, legs ringing, answered and gone.
 */
import type { CallEventLike } from '../registry';
import type { CallSession } from './call-session';
import * as offers from './offers';
import * as legCounts from './leg-counts';
import * as direct from '../direct/direct';
import { onAgentKeys } from '../transfer/in-call-keys';
import { confirmationFinished, onQueuedKey } from '../contact/callback-key';

export async function onChannelEvent(s: CallSession, channelId: string, event: CallEventLike & { recordingName?: string }): Promise<void> {
  const isCustomer = channelId === s.customerChannel;
  switch (event.type) {
    case 'ChannelDtmfReceived':
      if (isCustomer && (s.phase.name === 'flow' || s.phase.name === 'survey')) await s.phase.runner.onDtmf(event.digit ?? '');
      if (isCustomer && s.phase.name === 'queued') await onQueuedKey(s, event.digit ?? '');
      if (!isCustomer && s.phase.name === 'connected' && s.phase.leg === channelId && s.phase.keys) {
        const req = s.phase.keys.feed(event.digit ?? '', Date.now());
        if (req) await onAgentKeys(s, req);
      }
      break;
    case 'PlaybackFinished':
      if (isCustomer && (s.phase.name === 'flow' || s.phase.name === 'survey')) await s.phase.runner.onPlaybackFinished(event.playbackId ?? '');
      if (isCustomer && s.phase.name === 'callback') await confirmationFinished(s, event.playbackId ?? '');
      if (isCustomer && s.phase.name === 'queued' && s.phase.announcement === event.playbackId) {
        s.phase.announcement = null;
        await s.media.startMoh(s.info.groups.get(s.phase.group)?.mohClass ?? 'default');
      }
      break;
    case 'RecordingFinished':
    case 'RecordingFailed':
      if (isCustomer && s.phase.name === 'voicemail') await s.end('system', 'normal');
      break;
    case 'ChannelStateChange':
      if (s.phase.name === 'dialling' && event.channel?.state === 'Ringing') await direct.legRinging(s, channelId);
      break;
    case 'StasisStart':
      if (!isCustomer) await offers.legAnswered(s, channelId);
      break;
    case 'StasisEnd':
    case 'ChannelDestroyed':
      s.legLeft(channelId);
      legCounts.legGone(s, channelId);
      if (isCustomer) await s.end(s.sideOf(channelId), 'normal');
      else if (channelId === s.info.callerChannel && s.phase.name === 'dialling') await s.end('caller', 'normal');
      else await offers.legGone(s, channelId, event.cause ?? 16);
      break;
  }
}
