/**
 * Which events of the CTI stream an agent receives (issue 16, docs/CTI-EVENTS.md): its own
 * state, the events of calls it is a party of from the first to the result, and the queue
 * figures, its own phone's state (phone.state, channel.state). Not other agents' states or calls, not supervisors' monitoring (a listen must stay
 * silent), conferences or timers. Pure: "is this agent a party of call X now?" is asked of the
 * caller (the call registry, call-access.ts).
 */
import type { CtiEvent } from '../events/cti-events';

/** Calls an agent was seen on, remembered so their later events (hung up, result) still reach it. */
const REMEMBERED_CALLS = 256;

/** Events about the floor rather than a call or an agent: no customer in them. */
const FLOOR_EVENTS = new Set<CtiEvent['type']>(['queue.changed']);
/** Never for agents. */
const SUPERVISOR_EVENTS = new Set<CtiEvent['type']>(['supervisor.joined', 'supervisor.left', 'conference.changed', 'timer.fired']);

export class AgentEventFilter {
  private readonly calls = new Set<string>();

  constructor(private readonly agent: string, private readonly isParty: (guid: string) => boolean) {}

  admits(e: CtiEvent): boolean {
    if (FLOOR_EVENTS.has(e.type)) return true;
    if (SUPERVISOR_EVENTS.has(e.type)) return false;
    // Its own phone's states and channels; other channels only as events of its calls.
    if (e.type === 'phone.state') return e.extension === this.agent;
    if (e.type === 'channel.state' && e.kind === 'extension' && e.number === this.agent) return true;
    if (e.type === 'agent.state') {
      if (e.agent !== this.agent) return false;
      if (e.guid) this.remember(e.guid);
      return true;
    }
    const guid = 'guid' in e ? e.guid : null;
    if (!guid) return false;
    if (this.calls.has(guid)) return true;
    if (this.namesMe(e) || this.isParty(guid)) {
      this.remember(guid);
      return true;
    }
    return false;
  }

  private namesMe(e: CtiEvent): boolean {
    if (e.type === 'call.pickup') return e.picker === this.agent || e.from === this.agent;
    return 'agent' in e && e.agent === this.agent;
  }

  private remember(guid: string): void {
    this.calls.delete(guid);
    this.calls.add(guid);
    if (this.calls.size > REMEMBERED_CALLS) this.calls.delete(this.calls.values().next().value as string);
  }
}
