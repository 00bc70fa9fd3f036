/** What the product's Asterisk says about bridges and RTP, for tests of calls that must keep talking. */
import { site } from './site';

/** Channels in the largest bridge, from "core show channels concise" (field 13 is the bridge id). */
export function bridgedChannels(concise: string): number {
  const perBridge = new Map<string, number>();
  for (const line of concise.split('\n')) {
    const bridge = line.split('!')[12];
    if (bridge) perBridge.set(bridge, (perBridge.get(bridge) ?? 0) + 1);
  }
  return Math.max(0, ...perBridge.values());
}

/** RTP packets received and sent per product channel, from "pjsip show channelstats". */
export async function rtpCounts(): Promise<Map<string, { rx: number; tx: number }>> {
  const out = await site.product.cli('pjsip show channelstats');
  const counts = new Map<string, { rx: number; tx: number }>();
  for (const line of out.split('\n')) {
    // BridgeId ChannelId UpTime Codec RxCount RxLost RxPct RxJitter TxCount ...
    const t = line.trim().split(/\s+/);
    const up = t.findIndex((x) => /^\d\d:\d\d:\d\d$/.test(x));
    if (up < 1 || t.length < up + 7) continue;
    counts.set(t[up - 1], { rx: Number(t[up + 2]), tx: Number(t[up + 6]) });
  }
  return counts;
}

/** True once every channel counted in `before` has received and sent `packets` more RTP packets. */
export async function rtpFlowedSince(before: Map<string, { rx: number; tx: number }>, packets = 20): Promise<boolean> {
  const now = await rtpCounts();
  return [...before].every(([ch, n]) => (now.get(ch)?.rx ?? 0) > n.rx + packets && (now.get(ch)?.tx ?? 0) > n.tx + packets);
}
