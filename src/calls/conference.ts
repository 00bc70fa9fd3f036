/**
 * A conference (C6): a mixing bridge of its own and the parties the system called into it.
 * The conference owns every party channel and its bridge; each party is registered in the call
 * registry under its own key while its channel lives. A conference ends when its last party
 * leaves (a two-party conference: when either leaves), on DELETE, or when it stays empty.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from 'ari-client';
import { connectedClient, ifStillThere, isAllocationFailure } from '../ari/errors';
import { ORIGINATED_ARG } from '../ari/events';
import type { EventSink } from '../events/cti-events';
import type { Logger } from '../log/logger';
import type { CallEventLike, CallRegistry, ChannelOwner } from './registry';
import type { DialTarget } from './direct/direct';

export interface ConferenceDeps {
  ari: () => Client | null;
  registry: CallRegistry;
  app: string;
  log: Logger;
  events: EventSink;
  onEnded: (c: Conference) => void;
  /** An empty conference (never joined, or every call attempt failed) ends after this long. */
  emptyTimeoutMs: number;
}

export type PartyState = 'dialling' | 'ringing' | 'joined' | 'left';

export interface PartyView {
  id: string;
  number: string;
  channel: string;
  state: PartyState;
  joinedAt: string | null;
}

/** A party to call: the number, where routing sends it, and the release of its count against the limits (if any; idempotent). */
export interface OutsideParty {
  number: string;
  target: DialTarget;
  release?: () => void;
}

export class ConferenceError extends Error {
  constructor(readonly code: 'phone-unreachable' | 'ended' | 'unknown-party', message: string) {
    super(message);
  }
}

/** One called party: its channel's registry owner, forwarding events to the conference. */
class Party implements ChannelOwner {
  state: PartyState = 'dialling';
  joinedAt: Date | null = null;
  /** readonly release: ends an outside party's count against its trunk and account (R8); a no-op for a phone. */
  constructor(readonly guid: string, readonly id: string, readonly number: string, readonly channel: string, private readonly conf: Conference, readonly release: () => void) {}
  onChannelEvent(_channelId: string, event: CallEventLike): void {
    this.conf.partyEvent(this, event);
  }
  view(): PartyView {
    return { id: this.id, number: this.number, channel: this.channel, state: this.state, joinedAt: this.joinedAt?.toISOString() ?? null };
  }
}

export class Conference {
  readonly id = randomUUID();
  readonly bridgeId = `${this.id}-conf`;
  readonly createdAt = new Date();
  private readonly parties = new Map<string, Party>();
  private partyCount = 0;
  private bridgeCreated = false;
  private ended = false;
  private queue: Promise<void> = Promise.resolve();
  private emptyTimer: NodeJS.Timeout | null = null;
  /** Two-party conference: the second party, dialled once the first has joined. */
  private next: OutsideParty | null = null;
  private readonly log: Logger;

  /**
   * HALLH (manual 002 §3, 会议外呼 座席挂机是否全部挂机): when the `from` extension's own phone,
   * joined as a party, leaves, every party is hung up.
   */
  constructor(private readonly deps: ConferenceDeps, readonly from: string | null, readonly twoParty = false, readonly hangupAll = false) {
    this.log = deps.log.child({ conference: this.id });
    this.armEmptyTimer();
  }

  get isEnded(): boolean {
    return this.ended;
  }

  view() {
    return {
      id: this.id, from: this.from, twoParty: this.twoParty, hangupAll: this.hangupAll, createdAt: this.createdAt.toISOString(), state: this.ended ? 'ended' : 'open',
      parties: [...this.parties.values()].map((p) => p.view()),
    };
  }

  /**
   * Calls a party into the conference; rejects with ConferenceError if its phone cannot be reached.
   * `release` ends the party's count against the limits, taken when it was routed: the party's end runs it.
   */
  async call(number: string, target: DialTarget, release: () => void = () => undefined): Promise<PartyView> {
    if (this.ended) {
      release();
      throw new ConferenceError('ended', `conference ${this.id} has ended`);
    }
    const n = ++this.partyCount;
    const party = new Party(`${this.id}-p${n}`, `p${n}`, number, `${this.id}-p${n}`, this, release);
    this.parties.set(party.id, party);
    this.clearEmptyTimer();
    this.deps.registry.add(party, [party.channel]);
    try {
      await connectedClient(this.deps.ari).channels.originate({
        endpoint: target.endpoint, channelId: party.channel, app: this.deps.app, appArgs: `${ORIGINATED_ARG},${this.id}`,
        callerId: target.callerId, timeout: target.timeoutSec,
      });
    } catch (err) {
      this.log.warn({ number, endpoint: target.endpoint, err: (err as Error).message }, 'conference party could not be called');
      this.enqueue(() => this.partyGone(party));
      if (isAllocationFailure(err)) throw new ConferenceError('phone-unreachable', `${target.endpoint} is not registered`);
      throw err;
    }
    this.log.info({ party: party.id, number, endpoint: target.endpoint }, 'conference party called');
    return party.view();
  }

  /** Two-party conference: `first` is called now, `second` when the first has answered. */
  async callBoth(first: OutsideParty, second: OutsideParty): Promise<PartyView> {
    this.next = second;
    return this.call(first.number, first.target, first.release);
  }

  drop(partyId: string): void {
    const p = this.parties.get(partyId);
    if (!p) throw new ConferenceError('unknown-party', `conference ${this.id} has no party ${partyId}`);
    this.enqueue(async () => {
      await ifStillThere(() => connectedClient(this.deps.ari).channels.hangup({ channelId: p.channel }));
    });
  }

  /** Ends the conference: every party is hung up, the bridge destroyed. */
  end(reason: string): Promise<void> {
    this.enqueue(() => this.finish(reason));
    return this.queue;
  }

  partyEvent(p: Party, event: CallEventLike): void {
    this.enqueue(async () => {
      switch (event.type) {
        case 'ChannelStateChange':
          if (event.channel?.state === 'Ringing' && p.state === 'dialling') p.state = 'ringing';
          break;
        case 'StasisStart':
          await this.join(p);
          break;
        case 'StasisEnd':
        case 'ChannelDestroyed':
          await this.partyGone(p);
          break;
      }
    });
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(work).catch((err) => {
      this.log.error({ err: (err as Error).message }, 'conference step failed; ending it');
      return this.finish('error');
    });
  }

  private async join(p: Party): Promise<void> {
    if (this.ended || p.state === 'left' || p.state === 'joined') return;
    const c = connectedClient(this.deps.ari);
    if (!this.bridgeCreated) {
      await c.bridges.create({ type: 'mixing', bridgeId: this.bridgeId, name: `conference-${this.id}` });
      this.bridgeCreated = true;
    }
    if (!(await ifStillThere(() => c.bridges.addChannel({ bridgeId: this.bridgeId, channel: p.channel })))) return;
    p.state = 'joined';
    p.joinedAt = new Date();
    this.log.info({ party: p.id, number: p.number }, 'party joined the conference');
    this.changed();
    const next = this.next;
    if (next) {
      this.next = null;
      // Outside the queue: call() waits for the originate, and events of the new leg queue behind it.
      void this.call(next.number, next.target, next.release).catch(() => { /* the failed leg ends the two-party conference */ });
    }
  }

  private async partyGone(p: Party): Promise<void> {
    if (p.state === 'left') return;
    const wasJoined = p.state === 'joined';
    p.state = 'left';
    p.release();
    this.parties.delete(p.id);
    this.deps.registry.remove(p);
    this.log.info({ party: p.id, number: p.number, joined: wasJoined }, 'party left the conference');
    if (this.ended) return;
    if (wasJoined) this.changed();
    if (this.twoParty) return this.finish(`party ${p.id} left a two-party conference`);
    if (this.hangupAll && wasJoined && p.number === this.from) return this.finish(`${p.number} (from) left: hang up all (HALLH)`);
    if (this.parties.size > 0) return;
    if (this.bridgeCreated) return this.finish('the last party left');
    this.armEmptyTimer();
  }

  private async finish(reason: string): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.next?.release?.();
    this.next = null;
    this.clearEmptyTimer();
    const c = this.deps.ari();
    for (const p of this.parties.values()) {
      if (c) await ifStillThere(() => c.channels.hangup({ channelId: p.channel })).catch(() => {});
      p.release();
      this.deps.registry.remove(p);
    }
    this.parties.clear();
    if (this.bridgeCreated && c) await ifStillThere(() => c.bridges.destroy({ bridgeId: this.bridgeId })).catch(() => {});
    this.log.info({ reason }, 'conference ended');
    this.deps.events.publish({ type: 'conference.changed', conference: this.id, parties: [] });
    this.deps.onEnded(this);
  }

  private changed(): void {
    const parties = [...this.parties.values()].filter((p) => p.state === 'joined').map((p) => p.number);
    this.deps.events.publish({ type: 'conference.changed', conference: this.id, parties });
  }

  private armEmptyTimer(): void {
    this.clearEmptyTimer();
    this.emptyTimer = setTimeout(() => this.enqueue(() => (this.parties.size === 0 ? this.finish('empty too long') : Promise.resolve())), this.deps.emptyTimeoutMs);
  }

  private clearEmptyTimer(): void {
    if (this.emptyTimer) clearTimeout(this.emptyTimer);
    this.emptyTimer = null;
  }
}
