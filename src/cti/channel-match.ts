/**
 * Finding channels the way the source manual asks for them (002 §11 获取通道信息, §27 强行释放通道挂机):
 * by channel, by phone number or by agent number (工号; an agent id is its extension here). PURE.
 *   channel: the Asterisk channel id or its name (PJSIP/1001-0000002a)
 *   agent:   the channels of that extension's phone
 *   number:  the channels of that extension or trunk, or whose caller or connected number it is
 */
import { endpointOf } from './channel-states';

export interface ChannelLike { id: string; name: string; caller: { number: string }; connected: { number: string } }

export type ChannelQuery = { channel: string } | { number: string } | { agent: string };

export function matchChannels<C extends ChannelLike>(channels: readonly C[], q: ChannelQuery): C[] {
  if ('channel' in q) return channels.filter((c) => c.id === q.channel || c.name === q.channel);
  if ('agent' in q) return channels.filter((c) => endpointOf(c.name) === q.agent);
  return channels.filter((c) => endpointOf(c.name) === q.number || c.caller.number === q.number || c.connected.number === q.number);
}
