/**
 * A bridged call that outlived the app that set it up (O3): found in Asterisk when the ARI link
 * comes up, it is taken over as it stands. The parties keep talking; when either hangs up the
 * other is hung up, the bridge goes, the agent leaves "on call" and the record is written from
 * the tag on the customer channel (call-tag.ts), with the recording's row when MixMonitor's file
 * for the call is there.
 */
import { existsSync } from 'node:fs';
import type { Client } from 'ari-client';
import { ifStillThere } from '../ari/errors';
import type { AgentService } from '../agents/agent-service';
import type { EventSink } from '../events/cti-events';
import type { Logger } from '../log/logger';
import type { RecordWriter } from '../records/record-writer';
import { callOutcome } from './outcome/call-outcome';
import type { CallTag } from './call-tag';
import type { CallEventLike, CallParty, CallRegistry, CallSnapshot, ChannelOwner } from './registry';

export interface AdoptedCallDeps {
  ari: () => Client | null;
  registry: CallRegistry;
  log: Logger;
  agents: AgentService;
  records: RecordWriter;
  events: EventSink;
  /** Asterisk's recording folder as this process sees it: a MixMonitor file there (cc-<guid>.wav) is the call's recording. */
  recordingDir?: string;
}

export class AdoptedCall implements ChannelOwner {
  private ended = false;

  constructor(
    private readonly tag: CallTag,
    private readonly bridgeId: string,
    private readonly customerChannel: string,
    private readonly channels: string[],
    private readonly deps: AdoptedCallDeps,
  ) {
    deps.registry.add(this, channels);
    if (tag.agent) deps.agents.applyIfAllowed(tag.agent, { type: 'direct-call', guid: tag.guid, outbound: tag.direction === 'outbound' });
    deps.log.warn({ guid: tag.guid, agent: tag.agent, channels }, 'bridged call from before the restart taken over');
  }

  get guid(): string {
    return this.tag.guid;
  }

  snapshot(): CallSnapshot {
    return {
      guid: this.guid, direction: this.tag.direction, caller: this.tag.caller, callee: this.tag.callee, state: 'connected', agent: this.tag.agent,
      group: this.tag.group, trunk: null, startedAt: new Date(this.tag.startedAt).toISOString(), answeredAt: new Date(this.tag.answeredAt).toISOString(),
      callerChannel: this.customerChannel, agentChannel: this.channels.find((c) => c !== this.customerChannel) ?? null, bridgeId: this.bridgeId, held: false,
    };
  }

  /** The agent talking when the app went down (the tag carries no other phone). */
  parties(): CallParty[] {
    return this.tag.agent ? [{ extension: this.tag.agent, connected: true }] : [];
  }

  onChannelEvent(channelId: string, event: CallEventLike): void {
    if (event.type !== 'StasisEnd' && event.type !== 'ChannelDestroyed') return;
    void this.end(channelId === this.customerChannel ? 'caller' : 'agent').catch((err) => this.deps.log.error({ guid: this.guid, err: (err as Error).message }, 'adopted call clean-up failed'));
  }

  private async end(by: 'caller' | 'agent'): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    const client = this.deps.ari();
    if (client) {
      for (const id of this.channels) await ifStillThere(() => client.channels.hangup({ channelId: id })).catch(() => undefined);
      await ifStillThere(() => client.bridges.destroy({ bridgeId: this.bridgeId })).catch(() => undefined);
    }
    this.deps.registry.remove(this);
    const t = this.tag;
    if (t.agent) this.deps.agents.applyIfAllowed(t.agent, { type: 'call-ended', guid: t.guid, wrapUpMs: 0 });
    const now = Date.now();
    // MixMonitor kept recording through the restart (the tag does not say whether the call is
    // recorded, the file does): its row is written with the record. It began when they were bridged.
    const file = this.deps.recordingDir ? `${this.deps.recordingDir}/cc-${t.guid}.wav` : null;
    const recording = file && existsSync(file) ? { path: file, kind: 'call' as const, startedAt: t.answeredAt } : null;
    const { record, hungup, result } = callOutcome({
      guid: t.guid, direction: t.direction, caller: t.caller, callee: t.callee, flow: null, group: t.group, trunk: null, agent: t.agent,
      startedAt: t.startedAt, queuedAt: null, answeredAt: t.answeredAt, talkEndedAt: null, endedAt: now, ringMs: 0,
      hungUpBy: by === 'caller' ? 'caller' : t.agent ? 'agent' : 'callee', endReason: 'adopted-after-restart', surveyScore: null, recording,
      ringingAtEnd: false, miss: null, transferred: false, retrieved: false,
    });
    this.deps.events.publish(hungup);
    this.deps.events.publish(result);
    await this.deps.records.write(record);
  }
}
