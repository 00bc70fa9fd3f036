/**
 * The CTI event stream (T1, T2): every event gets a sequence number and a timestamp, is kept in
 * a bounded in-memory window for clients that reconnect ("what did I miss since seq N?") and
 * is handed to live subscribers. Pure: no I/O; the WebSocket adapter sits in src/api.
 */
import type { CtiEvent, CtiEventBody } from './cti-events';

export type Subscriber = (event: CtiEvent) => void;

export interface Replay {
  events: CtiEvent[];
  /** True when events after the asked sequence number fell out of the window. */
  gap: boolean;
}

export class EventBus {
  private seq = 0;
  private readonly window: CtiEvent[] = [];
  private readonly subscribers = new Set<Subscriber>();

  private transform: ((body: CtiEventBody) => CtiEventBody) | null = null;

  constructor(private readonly windowSize = 10000, private readonly now: () => number = Date.now) {}

  /** Completes every event before it is numbered (hot-desking adds the agent ID); returns the disposer. */
  useTransform(t: (body: CtiEventBody) => CtiEventBody): () => void {
    this.transform = t;
    return () => { if (this.transform === t) this.transform = null; };
  }

  publish(body: CtiEventBody): CtiEvent {
    const event = { seq: ++this.seq, at: new Date(this.now()).toISOString(), ...(this.transform ? this.transform(body) : body) } as CtiEvent;
    this.window.push(event);
    if (this.window.length > this.windowSize) this.window.shift();
    for (const s of this.subscribers) {
      try {
        s(event);
      } catch {
        // one broken subscriber must not stop the others
      }
    }
    return event;
  }

  /** Events with seq > after that are still in the window. */
  since(after: number): Replay {
    const first = this.window[0]?.seq ?? this.seq + 1;
    const events = this.window.filter((e) => e.seq > after);
    return { events, gap: after + 1 < first && after < this.seq };
  }

  subscribe(s: Subscriber): () => void {
    this.subscribers.add(s);
    return () => this.subscribers.delete(s);
  }

  get lastSeq(): number {
    return this.seq;
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }
}
